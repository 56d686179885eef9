import { keys } from './desk-records.js';
import type { Agent, Contact } from './engine/model.js';
import { errorFields, type Log } from './log.js';
import type { RecordChange, StorePort } from './store/store-port.js';

/** How long what is done is kept: applied platform event ids (hours) and ended contacts (days). */
export interface RetentionSettings {
  eventIdHours: number;
  historyDays: number;
  /** How often pruning runs. */
  everyMs?: number;
}

// Deletes per write: a big backlog goes in several small batches, so no turn waits behind one huge write.
const BATCH = 500;

/**
 * Keeps the store's size bounded by what is live, not by history (issue:
 * scale-out): platform event ids are remembered for the window a platform may
 * retry in (a replay inside it still answers "duplicate"), and ended contacts
 * are removed after the configured days once nobody owes them a wrap-up.
 * Delivered outbox items are removed as they are delivered. Every instance may
 * run it: deletes are versioned, so two never fight over a record.
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: StorePort,
    private readonly clock: () => Date,
    private readonly log: Log,
    private readonly settings: RetentionSettings,
  ) {}

  /** Prunes now, then every `everyMs` (default 10 minutes). */
  start(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.settings.everyMs ?? 600_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pruning pass; resolves with how many records went. */
  async prune(): Promise<{ events: number; contacts: number }> {
    if (this.running) {
      await this.running.catch(() => undefined);
      return { events: 0, contacts: 0 };
    }
    let outcome = { events: 0, contacts: 0 };
    this.running = (async () => {
      try {
        outcome = { events: await this.pruneEvents(), contacts: await this.pruneContacts() };
        if (outcome.events + outcome.contacts > 0) this.log.info('retention.pruned', outcome);
      } catch (error) {
        this.log.warn('retention.failed', errorFields(error));
      }
    })();
    await this.running;
    this.running = undefined;
    return outcome;
  }

  private async pruneEvents(): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - this.settings.eventIdHours * 3600_000).toISOString();
    let pruned = 0;
    for (;;) {
      const old = await this.store.scan('event', { to: cutoff, limit: BATCH });
      if (old.length === 0) return pruned;
      const removed = await this.remove(old.map((r) => ({ key: r.key, value: null, expectedVersion: r.version })));
      pruned += removed;
      if (old.length < BATCH || removed === 0) return pruned;
    }
  }

  private async pruneContacts(): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - this.settings.historyDays * 24 * 3600_000).toISOString();
    let pruned = 0;
    let from = 'ended|';
    for (;;) {
      const old = await this.store.scan('contact', { from, to: `ended|${cutoff}`, limit: BATCH });
      if (old.length === 0) return pruned;
      // A contact someone still owes a wrap-up for stays until it is wrapped up.
      const agentIds = [...new Set(old.map((r) => (r.value as Contact).agentId).filter((id): id is string => !!id))];
      const agents = await this.store.read(agentIds.map(keys.agent));
      const owed = (contact: Contact) =>
        !!contact.agentId && ((agents.get(keys.agent(contact.agentId))?.value as Agent | undefined)?.wrapUps ?? []).includes(contact.id);
      const done = old.filter((r) => !owed(r.value as Contact));
      pruned += await this.remove(done.map((r) => ({ key: r.key, value: null, expectedVersion: r.version })));
      if (old.length < BATCH) return pruned;
      from = `${old.at(-1)!.sort}\u0000`;
    }
  }

  /** Deletes a batch; a record that changed meanwhile (a conflict) is left for the next pass. */
  private async remove(changes: RecordChange[]): Promise<number> {
    if (changes.length === 0) return 0;
    try {
      await this.store.write(changes);
      return changes.length;
    } catch {
      let removed = 0;
      for (const change of changes) {
        try {
          await this.store.write([change]);
          removed++;
        } catch {
          // Changed since it was read: not old any more, or someone else removed it.
        }
      }
      return removed;
    }
  }
}
