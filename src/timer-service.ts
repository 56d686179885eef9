import { keys } from './desk-records.js';
import type { Contact } from './engine/model.js';
import { timerId, timersOf, type Timer } from './engine/timers.js';
import type { SupportSession } from './engine/session-model.js';
import { sessionTimerId, sessionTimersOf, type SessionTimer } from './engine/session-timers.js';
import { errorFields, type Log } from './log.js';
import { VersionConflictError, type StorePort } from './store/store-port.js';

/** Fires one persisted deadline; the engine decides whether it still matters. */
export type FireTimer = (timerId: string, at: string) => Promise<void>;

/** How the timer service finds and claims deadlines; `leaseMs` is how long a claim keeps others off. */
export interface TimerServiceOptions {
  store: StorePort;
  fire: FireTimer;
  clock: () => Date;
  log: Log;
  /** This process's id in claims. */
  instanceId: string;
  /** How often the store's `due` index is read (deadlines of other instances, and of one that died). */
  pollMs?: number;
  leaseMs?: number;
}

type DueRecord = (Timer | SessionTimer) & {
  /** The deadline's own id, when it names itself (ST-8: `logout:<message id>`, with no contact or session). */
  id?: string;
  claimedBy?: string;
  leaseUntil?: string;
};

/** The id of a due entry: a contact's deadline, or a support session's idle time. */
const idOf = (timer: Timer | SessionTimer): string => (timer.kind === 'sessionIdle' ? sessionTimerId(timer.sessionId) : timerId(timer.kind, timer.contactId));

/**
 * Schedules the engine's persisted deadlines (RONA, consult answer time,
 * Privacy Shield, a support session's idle time). Deadlines this process decides are scheduled at once from
 * its commits; every `pollMs` the `due` index is read for the rest, so a
 * deadline set by another instance, or by one that died, still fires. Before
 * firing, a deadline is claimed with a lease (a versioned write), so with
 * several instances one fires it; the engine's own check makes a second
 * firing a no-op anyway.
 */
export class TimerService {
  private readonly scheduled = new Map<string, { at: string; handle: NodeJS.Timeout }>();
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: TimerServiceOptions) {
    this.pollMs = options.pollMs ?? 2000;
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  /** Starts reading the due index now and every `pollMs`; deadlines already past fire at once. */
  async start(): Promise<void> {
    await this.poll();
    if (this.stopped) return;
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  /** Keeps the schedule of these contacts equal to their deadlines (after a commit of this process). */
  noteContacts(contacts: Iterable<Contact>): void {
    if (this.stopped) return;
    for (const contact of contacts) {
      const current = new Map(timersOf(contact).map((t) => [timerId(t.kind, t.contactId), t.at]));
      for (const kind of ['rona', 'consult', 'privacyShield'] as const) {
        const id = timerId(kind, contact.id);
        const at = current.get(id);
        if (at) this.schedule(id, at);
        else this.cancel(id);
      }
    }
  }

  /** Keeps the idle deadline of these sessions scheduled, or cancelled once someone is back (SUP-1). */
  noteSessions(sessions: Iterable<SupportSession>): void {
    if (this.stopped) return;
    for (const session of sessions) {
      const [timer] = sessionTimersOf(session);
      if (timer) this.schedule(sessionTimerId(session.id), timer.at);
      else this.cancel(sessionTimerId(session.id));
    }
  }

  /** How many deadlines are scheduled (for health and tests). */
  get size(): number {
    return this.scheduled.size;
  }

  /** Cancels everything; used on shutdown. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.poller);
    for (const entry of this.scheduled.values()) clearTimeout(entry.handle);
    this.scheduled.clear();
  }

  private async poll(): Promise<void> {
    try {
      const until = new Date(this.options.clock().getTime() + 2 * this.pollMs).toISOString();
      const found = await this.options.store.scan('due', { to: until, limit: 1000 });
      for (const record of found) {
        const timer = record.value as DueRecord;
        // A logout deadline (ST-8) names itself; a contact's or a session's is named by its kind and owner.
        this.schedule(timer.id ?? idOf(timer), timer.at);
      }
    } catch (error) {
      this.options.log.warn('timer.pollFailed', errorFields(error));
    }
  }

  private schedule(id: string, at: string): void {
    if (this.stopped || this.scheduled.get(id)?.at === at) return;
    this.cancel(id);
    const delay = Math.max(0, Date.parse(at) - this.options.clock().getTime());
    const handle = setTimeout(() => void this.run(id, at), delay);
    handle.unref();
    this.scheduled.set(id, { at, handle });
  }

  private cancel(id: string): void {
    const entry = this.scheduled.get(id);
    if (!entry) return;
    clearTimeout(entry.handle);
    this.scheduled.delete(id);
  }

  private async run(id: string, at: string): Promise<void> {
    if (this.scheduled.get(id)?.at === at) this.scheduled.delete(id);
    try {
      if (!(await this.claim(id, at))) return;
      await this.options.fire(id, at);
    } catch (error) {
      this.options.log.error('timer.failed', { timerId: id, ...errorFields(error) });
    }
  }

  /** Claims a due deadline for this instance; false when it is gone, moved, or another instance holds a live claim. */
  private async claim(id: string, at: string): Promise<boolean> {
    const key = keys.due(id);
    const record = (await this.options.store.read([key])).get(key);
    const due = record?.value as DueRecord | undefined;
    if (!record || !due || due.at !== at) return false;
    const now = this.options.clock();
    if (due.claimedBy && due.claimedBy !== this.options.instanceId && due.leaseUntil && Date.parse(due.leaseUntil) > now.getTime()) return false;
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    try {
      await this.options.store.write([{ key, value: { ...due, claimedBy: this.options.instanceId, leaseUntil }, expectedVersion: record.version, sort: at }]);
      return true;
    } catch (error) {
      if (error instanceof VersionConflictError) return false;
      throw error;
    }
  }
}
