import { errorFields, type Log } from '../log.js';
import { VersionConflictError, type RecordChange, type ScannedRecord, type StorePort } from '../store/store-port.js';
import { backoffMs, sortOf, type Lane, type OutboxItem } from './outbox-item.js';

/**
 * What delivering one item came to: done, or a failure to try again (after
 * `retryAfterMs` if the receiver said) or to give up on. `writes` are records
 * the lane wants written in the same store write that settles the item (a
 * message's delivery record), so the outcome and the outbox never disagree.
 */
export type DeliveryResult =
  | { ok: true; writes?: RecordChange[] }
  | { ok: false; error: string; retryAfterMs?: number; final?: boolean; writes?: RecordChange[] };

/** Delivers the items of one lane. */
export interface LaneHandler {
  deliver(item: OutboxItem): Promise<DeliveryResult>;
}

/** What a worker needs; the timings have defaults that suit production. */
export interface OutboxWorkerOptions {
  store: StorePort;
  clock: () => Date;
  log: Log;
  instanceId: string;
  handlers: Partial<Record<Lane, LaneHandler>>;
  /** How often the outbox is read when nothing kicks it (other instances' work, retries, a dead instance's work). */
  pollMs?: number;
  /** How long a claim keeps other instances off an item. */
  leaseMs?: number;
  /** Items older than this are given up (logged); a platform down for longer than this loses them. */
  maxAgeMs?: number;
  /** Deliveries at once. */
  concurrency?: number;
  /**
   * Message-lane deliveries at once (MSG-2). It bounds the in-flight sends: a
   * recipient can get a message twice only if the process dies after the send
   * and before its settlement is written, which is at most this many.
   */
  messageConcurrency?: number;
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number };
}

const SCAN_LIMIT = 5000;
// Messages are read a slice at a time: a broadcast to many is worked in slices, behind nothing and holding nothing up.
const MESSAGE_SCAN_LIMIT = 1000;

/** A delivered item's deletion and the writes its lane asked for, settled together. */
interface Settlement {
  changes: RecordChange[];
}

/**
 * Works the outbox: reads what is due, claims each item with a lease (a
 * versioned write, so one instance of several delivers it), delivers it, and
 * deletes it; a failure backs off with full jitter and tries again. Commands
 * go in order per stream: only the first item of a stream is worked, so a
 * stream waits behind its failing head. A kick after a commit delivers at
 * once; a poll picks up the rest. Messages (MSG-2) are worked in a loop of
 * their own, a slice at a time, so a broadcast to thousands never holds up a
 * platform command or an agent's card.
 */
export class OutboxWorker {
  private readonly inflight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private bulkRunning: Promise<void> | undefined;
  private bulkAgain = false;
  private stopped = false;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxAgeMs: number;
  private readonly concurrency: number;
  /** Deliveries started by `workNow`, not finished yet. */
  private readonly direct = new Set<Promise<void>>();
  private readonly messageConcurrency: number;
  private readonly random: () => number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.concurrency = options.concurrency ?? 16;
    this.messageConcurrency = options.messageConcurrency ?? 16;
    this.random = options.random ?? Math.random;
  }

  /** The most message sends that can be in flight (sent, not yet settled) on this instance at once (MSG-2). */
  get inFlightBound(): number {
    return this.messageConcurrency;
  }

  /** Starts polling. */
  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops polling and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all([this.running?.catch(() => undefined), this.bulkRunning?.catch(() => undefined)]);
  }

  /** Works the outbox now, every lane; a kick during a round runs one more round after it. */
  kick(): void {
    if (this.stopped) return;
    this.kickBulk();
    this.kickRounds();
  }

  /** Works commands and due cards now; the message lane is left to its own loop (a status change writes no message). */
  private kickRounds(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** Works the message lane now; a kick while it runs works one more slice after it. */
  private kickBulk(): void {
    if (this.stopped || !this.options.handlers.message) return;
    if (this.bulkRunning) {
      this.bulkAgain = true;
      return;
    }
    this.bulkRunning = (async () => {
      try {
        do {
          this.bulkAgain = false;
          await this.bulkRound();
        } while (this.bulkAgain && !this.stopped);
      } finally {
        this.bulkRunning = undefined;
      }
    })();
  }

  /**
   * After a commit of this instance: its card deliveries go out at once (they
   * are leased to it already); its commands take their turn in a round, behind
   * earlier commands of the same stream; its messages in the message loop, at
   * the pace the send throttle allows.
   */
  workNow(fresh: readonly { key: string; value: unknown }[]): Promise<void> {
    const work = this.deliverFresh(fresh);
    this.direct.add(work);
    work.finally(() => this.direct.delete(work)).catch(() => undefined);
    return work;
  }

  /** Resolves once the deliveries `workNow` started (up to now, and any they lead to) have finished, delivered or not. */
  async settled(): Promise<void> {
    while (this.direct.size > 0) await Promise.allSettled([...this.direct]);
  }

  private async deliverFresh(fresh: readonly { key: string; value: unknown }[]): Promise<void> {
    if (this.stopped) return;
    if (fresh.some((record) => (record.value as OutboxItem).lane === 'command')) this.kickRounds();
    if (fresh.some((record) => (record.value as OutboxItem).lane === 'message')) this.kickBulk();
    const direct = fresh.filter((record) => (record.value as OutboxItem).lane === 'card').map((record) => record.key);
    if (direct.length === 0) return;
    try {
      const found = await this.options.store.read(direct);
      const now = this.options.clock().toISOString();
      // A card due later (a coalesced report update, a switch's final notice) waits for its time in a round.
      const dueNow = [...found].filter(([, record]) => (record.value as OutboxItem).dueAt <= now);
      await Promise.all(dueNow.map(([key, record]) => this.work({ key, ...record, sort: sortOf(key, record.value as OutboxItem) })));
    } catch (error) {
      this.options.log.warn('outbox.workFailed', errorFields(error));
    }
  }

  /** Works rounds until nothing is due now (tests and shutdown). */
  async drain(maxRounds = 50): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      await Promise.all([this.running?.catch(() => undefined), this.bulkRunning?.catch(() => undefined)]);
      const [due, messages] = await Promise.all([this.due(), this.dueMessages()]);
      if (due.length === 0 && messages.length === 0 && this.inflight.size === 0) return;
      await this.round();
      await this.bulkRound();
    }
  }

  /** Items waiting, due or not (for health, metrics and tests). */
  async pending(): Promise<number> {
    return (await this.options.store.scan('outbox', { limit: SCAN_LIMIT })).length;
  }

  private async round(): Promise<void> {
    try {
      const due = await this.due();
      for (let i = 0; i < due.length; i += this.concurrency) {
        // Delivered items are deleted together, one write per chunk rather than one per item.
        const delivered: RecordChange[] = [];
        await Promise.all(due.slice(i, i + this.concurrency).map((record) => this.work(record, delivered)));
        await this.removeDelivered(delivered);
      }
    } catch (error) {
      this.options.log.warn('outbox.roundFailed', errorFields(error));
    }
  }

  /** What may be worked now: the head of each command stream, and cards that are due; none claimed by another. */
  private async due(): Promise<ScannedRecord[]> {
    const now = this.options.clock().toISOString();
    const [commands, cards] = await Promise.all([
      this.options.store.scan('outbox', { from: 'c|', to: 'c}', limit: SCAN_LIMIT }),
      this.options.store.scan('outbox', { from: 'd|', to: `d|${now}~`, limit: SCAN_LIMIT }),
    ]);
    const heads = new Map<string, ScannedRecord>();
    for (const record of commands) {
      const stream = (record.value as OutboxItem).stream;
      if (!heads.has(stream)) heads.set(stream, record);
    }
    return [...heads.values(), ...cards].filter((record) => this.workable(record, now));
  }

  /** Messages due now and not claimed by another instance, a slice at a time. */
  private async dueMessages(): Promise<ScannedRecord[]> {
    if (!this.options.handlers.message) return [];
    const now = this.options.clock().toISOString();
    const messages = await this.options.store.scan('outbox', { from: 'm|', to: `m|${now}~`, limit: MESSAGE_SCAN_LIMIT });
    return messages.filter((record) => this.workable(record, now));
  }

  /**
   * One slice of the message lane, as a stream: items are claimed a batch at
   * a time (one write per batch), and each is sent through the lane (which
   * waits for the throttle) as soon as one of `messageConcurrency` slots is
   * free. A slot is held from before the send until the item's settlement
   * (with its delivery record) is on disk; settlements that finish while a
   * write runs go together in the next write. So at most `messageConcurrency`
   * items are ever sent and not yet recorded (the in-flight bound), and the
   * sends never wait for a whole chunk to finish.
   */
  private async bulkRound(): Promise<void> {
    try {
      const due = await this.dueMessages();
      const slots = new Slots(this.messageConcurrency);
      const waiting: Settlement[] = [];
      let writer: Promise<void> | undefined;
      const flush = (): void => {
        if (writer) return;
        writer = (async () => {
          while (waiting.length > 0) {
            const batch = waiting.splice(0);
            await this.settleAll(batch).catch((error: unknown) => this.options.log.warn('outbox.settleFailed', errorFields(error)));
            for (let k = 0; k < batch.length; k++) slots.release();
          }
        })().finally(() => {
          writer = undefined;
          // Settled meanwhile, after the loop looked: they get a write of their own.
          if (waiting.length > 0) flush();
        });
      };
      const sending = new Set<Promise<void>>();
      const claimSize = this.messageConcurrency * 4;
      for (let i = 0; i < due.length && !this.stopped; i += claimSize) {
        const claimed = await this.claimChunk(due.slice(i, i + claimSize));
        for (const record of claimed) {
          await slots.take();
          if (this.stopped) {
            slots.release();
            break;
          }
          const mine: Settlement[] = [];
          const one: Promise<void> = this.work(record, mine, true).then(() => {
            sending.delete(one);
            if (mine.length === 0) {
              // Retried or given up: that was written already.
              slots.release();
              return;
            }
            waiting.push(...mine);
            flush();
          });
          sending.add(one);
        }
      }
      await Promise.all(sending);
      // Every slot comes back once the last settlements are written.
      await slots.all();
    } catch (error) {
      this.options.log.warn('outbox.roundFailed', errorFields(error));
    }
  }

  /**
   * Claims a chunk of messages for this instance in one versioned write; items it
   * holds with more than half the lease left need no claim. When another
   * instance got to one first, each is claimed alone and the lost ones dropped.
   */
  private async claimChunk(records: ScannedRecord[]): Promise<ScannedRecord[]> {
    const now = this.options.clock();
    const renewBefore = new Date(now.getTime() + this.leaseMs / 2).toISOString();
    const lease = { owner: this.options.instanceId, until: new Date(now.getTime() + this.leaseMs).toISOString() };
    const held = (record: ScannedRecord) => {
      const item = record.value as OutboxItem;
      return item.lease?.owner === this.options.instanceId && item.lease.until > renewBefore;
    };
    const claims = records.filter((record) => !held(record));
    if (claims.length === 0) return records;
    const claimed = (record: ScannedRecord): ScannedRecord => ({ ...record, value: { ...(record.value as OutboxItem), lease }, version: record.version + 1 });
    const change = (record: ScannedRecord): RecordChange => ({
      key: record.key,
      value: { ...(record.value as OutboxItem), lease },
      expectedVersion: record.version,
      sort: record.sort,
    });
    try {
      await this.options.store.write(claims.map(change));
      return records.map((record) => (held(record) ? record : claimed(record)));
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
    const kept: ScannedRecord[] = [];
    for (const record of records) {
      if (held(record)) {
        kept.push(record);
        continue;
      }
      try {
        await this.options.store.write([change(record)]);
        kept.push(claimed(record));
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    return kept;
  }

  private workable(record: ScannedRecord, now: string): boolean {
    const item = record.value as OutboxItem;
    if (this.inflight.has(record.key) || item.dueAt > now || !this.options.handlers[item.lane]) return false;
    return !item.lease || item.lease.owner === this.options.instanceId || item.lease.until <= now;
  }

  private async work(record: ScannedRecord, delivered?: RecordChange[] | Settlement[], claimed = false): Promise<void> {
    const { store, clock, log, instanceId } = this.options;
    if (this.inflight.has(record.key)) return;
    this.inflight.add(record.key);
    try {
      const item = record.value as OutboxItem;
      const now = clock();
      let version = record.version;
      const mine = claimed || (item.lease?.owner === instanceId && item.lease.until > now.toISOString());
      if (!mine) {
        // Claim: a versioned write, so of several instances reading the same item one works it.
        const claimed: OutboxItem = { ...item, lease: { owner: instanceId, until: new Date(now.getTime() + this.leaseMs).toISOString() } };
        try {
          await store.write([{ key: record.key, value: claimed, expectedVersion: record.version, sort: record.sort }]);
        } catch (error) {
          if (error instanceof VersionConflictError) return;
          throw error;
        }
        version = record.version + 1;
      }
      const result = await this.options.handlers[item.lane]!.deliver(item).catch(
        (error: unknown): DeliveryResult => ({ ok: false, error: (error as Error).message }),
      );
      const writes = result.writes ?? [];
      if (result.ok) {
        const deletion: RecordChange = { key: record.key, value: null, expectedVersion: version };
        if (claimed && delivered) (delivered as Settlement[]).push({ changes: [deletion, ...writes] });
        else if (delivered && writes.length === 0) (delivered as RecordChange[]).push(deletion);
        else await this.settle(record.key, version, null, record.sort, writes);
        return;
      }
      const tooOld = now.getTime() - Date.parse(item.createdAt) > this.maxAgeMs;
      if (result.final || tooOld) {
        log.error('outbox.givenUp', { lane: item.lane, key: record.key, attempts: item.attempts + 1, reason: result.error });
        await this.settle(record.key, version, null, record.sort, writes);
        return;
      }
      const waitMs = Math.max(result.retryAfterMs ?? 0, backoffMs(item.attempts, this.random, this.options.backoff?.baseMs, this.options.backoff?.maxMs));
      const retry: OutboxItem = { ...item, attempts: item.attempts + 1, dueAt: new Date(clock().getTime() + waitMs).toISOString(), lastError: result.error };
      delete retry.lease;
      log.warn('outbox.retry', { lane: item.lane, key: record.key, attempts: retry.attempts, waitMs, reason: result.error });
      await this.settle(record.key, version, retry, sortOf(record.key, retry), writes);
    } catch (error) {
      log.warn('outbox.workFailed', { key: record.key, ...errorFields(error) });
    } finally {
      this.inflight.delete(record.key);
    }
  }

  /** Deletes delivered items in one write; if one changed meanwhile (a newer card request), each is settled alone. */
  private async removeDelivered(delivered: RecordChange[]): Promise<void> {
    if (delivered.length === 0) return;
    try {
      await this.options.store.write(delivered);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      for (const change of delivered) await this.settle(change.key, change.expectedVersion as number, null, '');
    }
  }

  /** Writes the settlements of a chunk of messages at once; if one item changed meanwhile, each is settled alone. */
  private async settleAll(settlements: Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    try {
      await this.options.store.write(settlements.flatMap((s) => s.changes));
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      for (const { changes } of settlements) {
        const [item, ...writes] = changes;
        await this.settle(item!.key, item!.expectedVersion as number, null, '', writes);
      }
    }
  }

  /** Deletes or reschedules an item at the version this worker left it; a newer request for the same card keeps it for another round. */
  private async settle(key: string, version: number, next: OutboxItem | null, sort: string, writes: readonly RecordChange[] = []): Promise<void> {
    try {
      await this.options.store.write([{ key, value: next, expectedVersion: version, ...(next ? { sort } : {}) }, ...writes]);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      this.again = true;
    }
  }
}

/** A counting semaphore: `take` waits for a free slot, `release` gives one back, `all` waits until every slot is free. */
class Slots {
  private free: number;
  private readonly waiters: Array<() => void> = [];
  private idle: Array<() => void> = [];

  constructor(private readonly size: number) {
    this.free = size;
  }

  take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next();
      return;
    }
    this.free++;
    if (this.free === this.size) for (const done of this.idle.splice(0)) done();
  }

  all(): Promise<void> {
    return this.free === this.size ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}
