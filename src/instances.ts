import { errorFields, type Log } from './log.js';
import type { StorePort } from './store/store-port.js';

/**
 * The desk instances sharing one store, by heartbeat: each writes its own
 * `instance/<id>` record (sort key: until when it counts as alive) every few
 * seconds, and counts the live ones. Shared budgets (the per-tenant send rate)
 * are divided by that count. Only its own record is written: no hot record.
 */
export class InstanceRegistry {
  private timer: NodeJS.Timeout | undefined;
  private live = 1;
  /** Heartbeats in a row that found no other live instance. */
  private aloneBeats = 0;

  constructor(
    private readonly store: StorePort,
    private readonly instanceId: string,
    private readonly clock: () => Date,
    private readonly log: Log,
    private readonly everyMs = 5000,
  ) {}

  /** Instances alive now (at least this one). */
  get count(): number {
    return this.live;
  }

  /**
   * Whether this instance works alone, and has for a whole heartbeat period:
   * instances started together each find only themselves at their first beat.
   */
  get alone(): boolean {
    return this.aloneBeats >= 2;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.everyMs);
    this.timer.unref();
  }

  /** Stops beating and removes this instance's record, so the others' share grows at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.store.write([{ key: `instance/${this.instanceId}`, value: null, expectedVersion: 'any' }]).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      const now = this.clock();
      const until = new Date(now.getTime() + 3 * this.everyMs).toISOString();
      await this.store.write([{ key: `instance/${this.instanceId}`, value: { id: this.instanceId, until }, expectedVersion: 'any', sort: until }]);
      this.live = Math.max(1, (await this.store.scan('instance', { from: now.toISOString() })).length);
      this.aloneBeats = this.live === 1 ? this.aloneBeats + 1 : 0;
    } catch (error) {
      this.log.warn('instances.heartbeatFailed', errorFields(error));
    }
  }
}
