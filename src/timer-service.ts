import type { Timer } from './engine/timers.js';
import { errorFields, type Log } from './log.js';

/** Fires one persisted deadline; the engine decides whether it still matters. */
export type FireTimer = (timerId: string, at: string) => Promise<void>;

/**
 * Schedules the engine's persisted deadlines (RONA, Privacy Shield) in this
 * process. It holds no state of its own: `sync` is given the full set after
 * every commit and at start-up, so a restart still fires what was pending.
 */
export class TimerService {
  private readonly scheduled = new Map<string, { at: string; handle: NodeJS.Timeout }>();
  private stopped = false;

  constructor(
    private readonly fire: FireTimer,
    private readonly clock: () => Date,
    private readonly log: Log,
  ) {}

  /** Makes the scheduled set equal the persisted one; deadlines already past fire at once. */
  sync(timers: Readonly<Record<string, Timer>>): void {
    if (this.stopped) return;
    for (const [id, entry] of this.scheduled) {
      if (timers[id]?.at !== entry.at) {
        clearTimeout(entry.handle);
        this.scheduled.delete(id);
      }
    }
    for (const [id, timer] of Object.entries(timers)) {
      if (this.scheduled.has(id)) continue;
      const delay = Math.max(0, Date.parse(timer.at) - this.clock().getTime());
      const handle = setTimeout(() => void this.run(id, timer.at), delay);
      handle.unref();
      this.scheduled.set(id, { at: timer.at, handle });
    }
  }

  /** How many deadlines are scheduled (for health and tests). */
  get size(): number {
    return this.scheduled.size;
  }

  /** Cancels everything; used on shutdown. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.scheduled.values()) clearTimeout(entry.handle);
    this.scheduled.clear();
  }

  private async run(id: string, at: string): Promise<void> {
    if (this.scheduled.get(id)?.at === at) this.scheduled.delete(id);
    try {
      await this.fire(id, at);
    } catch (error) {
      this.log.error('timer.failed', { timerId: id, ...errorFields(error) });
    }
  }
}
