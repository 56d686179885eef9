import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  agentIndexes,
  contactIndexes,
  contactSort,
  keys,
  messageIndexes,
  perBroadcastSort,
  sessionIndexes,
  sessionSort,
  streamRecordKey,
  type IndexEntry,
  type PresentEntry,
} from './desk-records.js';
import type { Broadcast, LeadMessage } from './engine/lead-model.js';
import type { Channel } from './engine/agent-state.js';
import type { Command } from './engine/commands.js';
import { readsOf, type Decide, type Decision } from './engine/decide.js';
import { deskError, type DeskError } from './engine/errors.js';
import { heldLast, waitingRange } from './engine/indexes.js';
import type { Agent, Contact, DeskPolicy, DeskState, ReadyEntry, WaitingEntry } from './engine/model.js';
import { READY_HEADS, type Reads, type Seen } from './engine/reads.js';
import { streamOf, type PlatformCommand } from './engine/platform-commands.js';
import { fail, ok, type Result } from './engine/result.js';
import type { Timer } from './engine/timers.js';
import type { SessionNumber, SupportSession } from './engine/session-model.js';
import { cardRequestsOf, reportDueAt, slotOf, type CardRequest, type ShowCard } from './outbox/card-requests.js';
import { outboxKeys, type OutboxItem } from './outbox/outbox-item.js';
import type { CommandOutcome } from './platform/command-client.js';
import { toWire, type WireCommand } from './platform/commands.js';
import { deepFreeze } from './store/freeze.js';
import { DeskBusyError, VersionConflictError, type RecordChange, type StorePort, type StoredRecord } from './store/store-port.js';

/** Called after every committed decision, in commit order: effects and timers run from here. */
export type CommitListener = (decision: Decision) => void | Promise<void>;

/** How the service reaches the world outside: the platform confirms a live change (PLAT-2); the outbox is told of new work. */
export interface PlatformLink {
  confirm(command: WireCommand): Promise<CommandOutcome>;
  /** Called after a commit that wrote outbox items (PLAT-4, card deliveries), so they go out at once. */
  outboxWritten(items: readonly { key: string; value: unknown }[]): void | Promise<void>;
}

/** A platform that says yes to everything and is told nothing: for tests of the engine's own rules. */
export const AGREEING_PLATFORM: PlatformLink = { confirm: async () => ({ ok: true, status: 202 }), outboxWritten: () => {} };

/** How long outbox work written by this instance is its own to deliver, before another instance may take it. */
const OUTBOX_LEASE_MS = 30_000;

/** Settings of the service that have defaults. */
export interface DeskServiceOptions {
  /** MSG-2: a lead's delivery report is sent at most once per this period. */
  reportEveryMs?: number;
  /** How long this instance keeps outbox work it wrote before another may take it. */
  outboxLeaseMs?: number;
  /**
   * Whether to keep agent records as this instance last read or wrote them,
   * and decide from them without reading the store again (a round trip to a
   * database): asked before each command. Safe with other instances (a record
   * used this way is only relied on when the decision writes it, and that
   * write's version check fails if it was stale), but worth it only while this
   * instance works alone: an agent whose turns go to several instances would
   * find it stale nearly every time.
   */
  cacheAgents?: () => boolean;
}

/** The payload of a message-lane outbox item: one broadcast to one recipient (MSG-2). */
export interface MessageDelivery {
  broadcastId: string;
  recipientId: string;
}

// Routing after a change offers one waiting contact per round; a bound keeps one turn from running away.
const MAX_ROUTING_ROUNDS = 100;
// Attempts a command gets when other writers keep getting there first; each round lets one of them win.
const MAX_ATTEMPTS = 50;
// Rounds of "read more" one attempt may take before the handler's reads are considered broken.
const MAX_READ_ROUNDS = 8;
// Rounds after which routing stops preferring agents other turns hold, so the reads settle.
const HELD_ROUNDS = 3;
// Waiting contacts read per queue for routing (the router looks at the first few only).
const WAITING_HEADS = 20;
// Calls read for the tenant's limit: one more than any sane limit's margin is enough to compare.
const CALLS_MARGIN = 16;

/**
 * Runs engine commands against the store (STYLE 2): read what the command's
 * handler declares (records, and index views the store keeps), decide, write
 * the changed records at the versions read together with their index entries
 * (retrying on conflict), then tell listeners. No record is shared by every
 * turn: a status change writes only its own agent's records. The clock is
 * injected so the engine never reads it.
 */
export class DeskService {
  private readonly listeners: CommitListener[] = [];
  /** Commits written, and attempts that lost a version race and were tried again (the conflict-retry rate). */
  readonly stats = { commits: 0, conflicts: 0 };
  /** Agents that turns of this instance are changing right now, with how many turns each (see DeskState.held). */
  readonly #held = new Map<string, number>();
  /** Agent records by key, with their versions, as last read or written here (when `cacheAgents`). */
  readonly #agents: Map<string, StoredRecord> | undefined;
  readonly #keeping: () => boolean;

  constructor(
    private readonly store: StorePort,
    private readonly decide: Decide,
    private readonly policy: DeskPolicy,
    private readonly clock: () => Date,
    private readonly platform: PlatformLink = AGREEING_PLATFORM,
    private readonly instanceId = 'local',
    private readonly options: DeskServiceOptions = {},
  ) {
    this.#agents = options.cacheAgents ? new Map() : undefined;
    this.#keeping = options.cacheAgents ?? (() => false);
  }

  /** Registers a listener for committed decisions. */
  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Decides and saves one command, then routes waiting contacts if the change
   * may have freed an agent; a refusal writes nothing. `answered` is the card
   * the person pressed, which the answer to their press shows: it is not sent
   * again. `alsoShow` are cards to bring up to date besides the decision's own
   * (a press in the tab updates the chat's card), in the same batch.
   */
  async execute(
    cmd: Command,
    options: { answered?: Pick<CardRequest, 'userId' | 'show'>; alsoShow?: CardRequest[] } = {},
  ): Promise<Result<Decision, DeskError>> {
    const result = (await this.commit(cmd, undefined, options)) as Result<Decision, DeskError>;
    if (result.ok && result.value.effects.some((e) => e.type === 'routeWaiting')) await this.routeWaiting();
    return result;
  }

  /** Applies one command exactly once under an outside event id (SPEC 10): a replayed id changes nothing. */
  async applyOnce(cmd: Command, eventId: string): Promise<Result<Decision, DeskError> | 'duplicate'> {
    const result = await this.commit(cmd, eventId);
    if (result !== 'duplicate' && result.ok && result.value.effects.some((e) => e.type === 'routeWaiting')) await this.routeWaiting();
    return result;
  }

  /** Offers waiting contacts to free agents until none can be placed. */
  async routeWaiting(): Promise<void> {
    for (let round = 0; round < MAX_ROUTING_ROUNDS; round++) {
      // Most of the time nobody waits: one look at the index instead of every queue's and channel's.
      if ((await this.store.scan('waiting', { limit: 1 })).length === 0) return;
      const result = (await this.commit({ type: 'route.next' })) as Result<Decision, DeskError>;
      if (!result.ok || !result.value.effects.some((e) => e.type === 'showRequests')) return;
    }
  }

  /** The agent as stored, or undefined when the desk has not seen them. */
  async agent(agentId: string): Promise<Agent | undefined> {
    return (await this.store.read([keys.agent(agentId)])).get(keys.agent(agentId))?.value as Agent | undefined;
  }

  /** Contacts by id, in the order asked; missing ones are left out. */
  async contacts(ids: readonly string[]): Promise<Contact[]> {
    const records = await this.store.read(ids.map(keys.contact));
    return ids.flatMap((id) => {
      const record = records.get(keys.contact(id));
      return record ? [record.value as Contact] : [];
    });
  }

  /** A support session as stored, with its version (which the customer's live page sends as the event id). */
  async session(sessionId: string): Promise<{ session: SupportSession; version: number } | undefined> {
    const record = (await this.store.read([keys.session(sessionId)])).get(keys.session(sessionId));
    return record ? { session: record.value as SupportSession, version: record.version } : undefined;
  }

  /** The session holding a number (live or ended), if any (SUP-1). */
  async sessionByNumber(number: string): Promise<{ session: SupportSession; version: number } | undefined> {
    const taken = (await this.store.read([keys.sessionNumber(number)])).get(keys.sessionNumber(number))?.value as SessionNumber | undefined;
    return taken ? this.session(taken.sessionId) : undefined;
  }

  /** Agents who are Available or Idle, with name and state: the consult and transfer lists (CON-1, XFER-1). */
  async present(): Promise<PresentEntry[]> {
    return (await this.store.scan('present')).map((r) => r.value as PresentEntry);
  }

  /** Deadlines due before `until`, earliest first, for the timer service. */
  async dueTimers(until: string, limit = 500): Promise<Array<Timer & { version: number }>> {
    return (await this.store.scan('due', { to: until, limit })).map((r) => ({ ...(r.value as Timer), version: r.version }));
  }

  private async commit(
    cmd: Command,
    eventId?: string,
    cards: { answered?: Pick<CardRequest, 'userId' | 'show'>; alsoShow?: CardRequest[] } = {},
  ): Promise<Result<Decision, DeskError> | 'duplicate'> {
    // Commands the platform already said yes to in an earlier attempt of this same command (same id).
    const confirmed = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const snapshot = new Snapshot(this.store, this.policy, this.#held, this.kept());
      let outcome: Result<Decision, DeskError> | 'duplicate' | 'conflict';
      try {
        let reads = readsOf(cmd, snapshot.seen, this.policy);
        await snapshot.load(reads, eventId ? [keys.event(eventId)] : []);
        if (eventId && snapshot.record(keys.event(eventId))) return 'duplicate';
        let result: Result<Decision, DeskError>;
        let now: Date;
        for (let round = 0; ; round++) {
          // Choices steered away from agents other turns hold may keep moving under heavy load: stop steering.
          if (round === HELD_ROUNDS) snapshot.ignoreHeld();
          reads = readsOf(cmd, snapshot.seen, this.policy);
          if (!snapshot.covers(reads)) {
            if (round >= MAX_READ_ROUNDS) throw new Error(`${cmd.type}: its reads keep growing`);
            await snapshot.load(reads);
            continue;
          }
          now = this.clock();
          result = this.decide(snapshot.state(), cmd, now);
          // A kept record the decision does not write is not checked by the write: read it afresh and decide again.
          const unchecked = snapshot.unchecked(result.ok ? result.value : undefined);
          if (unchecked.length === 0) break;
          await snapshot.refresh(unchecked);
        }
        if (!result.ok) return result;
        outcome = await this.save({ cmd, decision: result.value, snapshot, now, confirmed, attempt, ...(eventId ? { eventId } : {}), cards });
      } finally {
        snapshot.release();
      }
      if (outcome !== 'conflict') return outcome;
      snapshot.forgetKept();
      this.stats.conflicts++;
      // A little jitter keeps writers that collided from colliding again in lock-step.
      await sleep(Math.random() * Math.min(attempt, 10));
    }
  }

  /** The kept agent records while keeping pays; emptied while it does not, so nothing kept then is trusted later. */
  private kept(): Map<string, StoredRecord> | undefined {
    if (!this.#agents) return undefined;
    if (this.#keeping()) return this.#agents;
    this.#agents.clear();
    return undefined;
  }

  /** Keeps the agent records a write saved, at their new versions. */
  private keepAgents(changes: readonly RecordChange[]): void {
    const kept = this.kept();
    if (!kept) return;
    for (const change of changes) {
      if (!change.key.startsWith(AGENT_PREFIX)) continue;
      if (change.value === null || change.expectedVersion === 'any') kept.delete(change.key);
      else keep(kept, change.key, { value: deepFreeze(change.value), version: change.expectedVersion + 1 });
    }
  }

  /** Confirms, writes and announces one attempt's decision; 'conflict' when another writer got there first, so it must be decided again. */
  private async save(attempt: Attempt): Promise<Result<Decision, DeskError> | 'conflict'> {
    const { cmd, decision, snapshot, now, confirmed, eventId, cards } = attempt;
    let items: RecordChange[] = [];
    try {
      // PLAT-2: a change to a live contact is shown only once the platform said yes; a refusal or silence changes nothing.
      for (const effect of decision.effects) {
        if (effect.type !== 'platform' || !effect.confirm) continue;
        const wire = toWire(effect.command, snapshot.commandId(effect.command), now.toISOString());
        if (confirmed.has(wire.id)) continue;
        const outcome = await this.platform.confirm(wire);
        if (!outcome.ok) return fail(refusalOf(outcome));
        confirmed.add(wire.id);
      }
      const changes = snapshot.changesFor(decision);
      // Items are leased to this instance, which sends them at once; another takes them only if this one dies.
      const lease = { owner: this.instanceId, until: new Date(now.getTime() + (this.options.outboxLeaseMs ?? OUTBOX_LEASE_MS)).toISOString() };
      const reportEveryMs = this.options.reportEveryMs ?? 5000;
      items = [
        ...snapshot.outboxFor(decision, changes, now.toISOString(), lease),
        ...cardItems(decision, now, lease, cards, reportEveryMs),
        ...messageItems(decision, now.toISOString(), lease),
      ];
      changes.push(...items);
      if (eventId)
        changes.push({
          key: keys.event(eventId),
          value: { type: cmd.type, at: this.clock().toISOString() },
          expectedVersion: 0,
          sort: this.clock().toISOString(),
        });
      if (changes.length > 0) {
        await this.store.write(changes);
        this.stats.commits++;
        this.keepAgents(changes);
      }
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Still losing after this many rounds: the desk is too busy to take it now; the caller may try again.
      if (attempt.attempt >= MAX_ATTEMPTS) throw new DeskBusyError(`${cmd.type}: lost the write race ${attempt.attempt} times`);
      return 'conflict';
    }
    // Deliveries start now but are not waited for: the answer (an invoke's card, a platform event's 202) needs
    // only the saved outbox, and a send waiting its turn under Teams' limits must not hold it up.
    if (items.length > 0) void Promise.resolve(this.platform.outboxWritten(items)).catch(() => undefined);
    for (const listener of this.listeners) await listener(decision);
    return ok(decision);
  }
}

/** One attempt at a command: its decision, what it read, and what the attempts before it settled. */
interface Attempt {
  cmd: Command;
  decision: Decision;
  snapshot: Snapshot;
  now: Date;
  /** Commands the platform already said yes to in an earlier attempt of this same command (same id). */
  confirmed: Set<string>;
  attempt: number;
  eventId?: string;
  cards: { answered?: Pick<CardRequest, 'userId' | 'show'>; alsoShow?: CardRequest[] };
}

/**
 * What one attempt has read: records by key (absent ones as null, so a write
 * knows to create them), and the index views asked for.
 */
class Snapshot {
  readonly #records = new Map<string, StoredRecord | null>();
  readonly #ready = new Map<Channel, ReadyEntry[]>();
  /** Channels whose ready list was read whole, not only its heads. */
  readonly #readyWhole = new Set<Channel>();
  readonly #waiting = new Map<string, WaitingEntry[]>();
  #calls: string[] | undefined;
  #roster: string[] | undefined;

  constructor(
    private readonly store: StorePort,
    private readonly policy: DeskPolicy,
    private readonly held: Map<string, number>,
    private readonly kept?: Map<string, StoredRecord>,
  ) {}

  /** Records taken from `kept` instead of the store, not yet confirmed by a write. */
  readonly #fromKept = new Set<string>();

  /** Agents this attempt holds in the shared `held` counts: every agent it read, until release. */
  readonly #mine = new Set<string>();
  #steer = true;

  readonly seen: Seen = {
    agent: (id) => this.#records.get(keys.agent(id))?.value as Agent | undefined,
    contact: (id) => this.#records.get(keys.contact(id))?.value as Contact | undefined,
    ready: (channel) => {
      const entries = this.#ready.get(channel);
      return entries && heldLast(entries, this.heldNow());
    },
    waiting: (queue) => this.#waiting.get(queue),
    session: (id) => this.#records.get(keys.session(id))?.value as SupportSession | undefined,
    sessionNumber: (number) => this.#records.get(keys.sessionNumber(number))?.value as SessionNumber | undefined,
  };

  record(key: string): StoredRecord | null | undefined {
    return this.#records.get(key);
  }

  /** Whether everything `reads` asks for has been read. */
  covers(reads: Required<Reads>): boolean {
    return (
      reads.agents.every((id) => this.#records.has(keys.agent(id))) &&
      reads.contacts.every((id) => this.#records.has(keys.contact(id))) &&
      reads.sessions.every((id) => this.#records.has(keys.session(id))) &&
      reads.sessionNumbers.every((number) => this.#records.has(keys.sessionNumber(number))) &&
      reads.ready.every((channel) => this.#readyWhole.has(channel)) &&
      reads.readyHeads.every((channel) => this.#ready.has(channel)) &&
      reads.waiting.every((queue) => this.#waiting.has(queue)) &&
      reads.broadcasts.every((id) => this.#records.has(keys.broadcast(id))) &&
      reads.messages.every((id) => this.#records.has(keys.message(id))) &&
      (!reads.calls || this.#calls !== undefined) &&
      (!reads.roster || this.#roster !== undefined)
    );
  }

  /** Reads what `reads` asks for and was not read yet: records in one read, each index view in one scan. */
  async load(reads: Required<Reads>, extraKeys: readonly string[] = []): Promise<void> {
    const wanted = [
      ...extraKeys,
      ...reads.agents.map(keys.agent),
      ...reads.contacts.map(keys.contact),
      ...reads.sessions.map(keys.session),
      ...reads.sessionNumbers.map(keys.sessionNumber),
      ...reads.broadcasts.map(keys.broadcast),
      ...reads.messages.map(keys.message),
    ].filter((key) => !this.#records.has(key));
    // Agent records kept by this instance: taken as they are, checked by the write that saves them.
    if (this.kept) {
      for (let i = wanted.length - 1; i >= 0; i--) {
        const record = wanted[i]!.startsWith(AGENT_PREFIX) ? this.kept.get(wanted[i]!) : undefined;
        if (!record) continue;
        this.#records.set(wanted[i]!, record);
        this.#fromKept.add(wanted[i]!);
        wanted.splice(i, 1);
      }
    }
    // Held from the moment it is asked for: a concurrent offer deciding now sees this one's choice.
    for (const id of reads.agents) {
      if (this.#mine.has(id)) continue;
      this.#mine.add(id);
      this.held.set(id, (this.held.get(id) ?? 0) + 1);
    }
    const scans: Array<Promise<void>> = [];
    const readyScans = new Map<Channel, number | undefined>();
    for (const channel of reads.readyHeads.filter((c) => !this.#ready.has(c))) readyScans.set(channel, READY_HEADS);
    for (const channel of reads.ready.filter((c) => !this.#readyWhole.has(c))) readyScans.set(channel, undefined);
    for (const [channel, limit] of readyScans) {
      scans.push(
        this.store.scan('ready', { from: `${channel}|`, to: `${channel}}`, ...(limit === undefined ? {} : { limit }) }).then((found) => {
          this.#ready.set(
            channel,
            found.map((r) => r.value as ReadyEntry),
          );
          if (limit === undefined) this.#readyWhole.add(channel);
        }),
      );
    }
    for (const queue of reads.waiting.filter((q) => !this.#waiting.has(q))) {
      scans.push(
        this.store.scan('waiting', { ...waitingRange(queue), limit: WAITING_HEADS }).then((found) => {
          this.#waiting.set(
            queue,
            found.map((r) => r.value as WaitingEntry),
          );
        }),
      );
    }
    if (reads.calls && this.#calls === undefined) {
      scans.push(
        this.store.scan('call', { limit: this.policy.maxConcurrentCalls + CALLS_MARGIN }).then((found) => {
          this.#calls = found.map((r) => (r.value as { contactId: string }).contactId);
        }),
      );
    }
    if (reads.roster && this.#roster === undefined) {
      scans.push(
        this.store.scan('agent').then((found) => {
          this.#roster = found.map((r) => (r.value as Agent).id);
        }),
      );
    }
    const [found] = await Promise.all([wanted.length > 0 ? this.store.read(wanted) : Promise.resolve(new Map<string, StoredRecord>()), ...scans]);
    for (const key of wanted) {
      const record = found.get(key);
      this.#records.set(key, record ?? null);
      if (record && this.kept && key.startsWith(AGENT_PREFIX)) keep(this.kept, key, record);
    }
  }

  /** Kept records the decision read but does not write (a refusal writes none): nothing would check them. */
  unchecked(decision: Decision | undefined): string[] {
    if (this.#fromKept.size === 0) return [];
    // The platform is asked before the write checks anything: what it is asked must come from fresh records.
    if (decision?.effects.some((e) => e.type === 'platform' && e.confirm)) return [...this.#fromKept];
    return [...this.#fromKept].filter((key) => !decision?.changes.agents.has(key.slice(AGENT_PREFIX.length)));
  }

  /** Reads these records afresh from the store. */
  async refresh(recordKeys: readonly string[]): Promise<void> {
    const found = await this.store.read(recordKeys);
    for (const key of recordKeys) {
      this.#fromKept.delete(key);
      const record = found.get(key);
      this.#records.set(key, record ?? null);
      if (record) keep(this.kept!, key, record);
      else this.kept?.delete(key);
    }
  }

  /** After a lost write race: the kept records this attempt used may be stale. */
  forgetKept(): void {
    for (const key of this.#fromKept) this.kept?.delete(key);
  }

  /**
   * The agents other turns of this instance hold at this moment: those they
   * read and have not saved (or given up) yet. Asked right before deciding,
   * with nothing awaited in between, so the reads and the decision agree.
   */
  private heldNow(): ReadonlySet<string> | undefined {
    if (!this.#steer || this.held.size <= this.#mine.size) return undefined;
    const others = new Set<string>();
    for (const [id, count] of this.held) if (count > (this.#mine.has(id) ? 1 : 0)) others.add(id);
    return others.size > 0 ? others : undefined;
  }

  /** Routing stops preferring agents other turns hold (their turns keep moving the choice). */
  ignoreHeld(): void {
    this.#steer = false;
  }

  /** Gives back what this attempt held. */
  release(): void {
    for (const id of this.#mine) {
      const count = (this.held.get(id) ?? 1) - 1;
      if (count > 0) this.held.set(id, count);
      else this.held.delete(id);
    }
    this.#mine.clear();
  }

  /** The engine's view of what was read. */
  state(): DeskState {
    const agents = new Map<string, Agent>();
    const contacts = new Map<string, Contact>();
    const sessions = new Map<string, SupportSession>();
    const sessionNumbers = new Map<string, SessionNumber>();
    const broadcasts = new Map<string, Broadcast>();
    const messages = new Map<string, LeadMessage>();
    for (const [key, record] of this.#records) {
      if (!record) continue;
      if (key.startsWith('agent/')) agents.set(key.slice(6), record.value as Agent);
      else if (key.startsWith('contact/')) contacts.set(key.slice(8), record.value as Contact);
      else if (key.startsWith('session/')) sessions.set(key.slice(8), record.value as SupportSession);
      else if (key.startsWith('sessionNumber/')) sessionNumbers.set(key.slice(14), record.value as SessionNumber);
      else if (key.startsWith('broadcast/')) broadcasts.set(key.slice(10), record.value as Broadcast);
      else if (key.startsWith('message/')) messages.set(key.slice(8), record.value as LeadMessage);
    }
    return {
      agents,
      contacts,
      ready: this.#ready,
      waiting: this.#waiting,
      broadcasts,
      messages,
      sessions,
      sessionNumbers,
      // Only routing looks at who is held, and it reads the ready index: a status change need not gather them.
      ...(this.#ready.size > 0 ? heldField(this.heldNow()) : {}),
      ...(this.#calls ? { calls: this.#calls } : {}),
      ...(this.#roster ? { roster: this.#roster } : {}),
    };
  }

  /**
   * A confirmed command's id: the same command on the same version of its
   * contact (or agent) gets the same id, so pressing again after a timeout
   * retries the same command and the platform dedupes it.
   */
  commandId(command: PlatformCommand): string {
    const key = streamRecordKey(streamOf(command));
    const version = this.#records.get(key)?.version ?? 0;
    return `cmd_${createHash('sha256')
      .update(`${key}@${version}|${JSON.stringify(command)}`)
      .digest('hex')
      .slice(0, 32)}`;
  }

  /**
   * The outbox items of a decision's told commands (PLAT-4), in the same batch:
   * numbered by the version its stream's record is written at, so they go out
   * in order per agent and per contact across instances.
   */
  outboxFor(decision: Decision, changes: readonly RecordChange[], now: string, lease: OutboxItem['lease']): RecordChange[] {
    const items: RecordChange[] = [];
    decision.effects.forEach((effect, n) => {
      if (effect.type !== 'platform' || effect.confirm) return;
      const stream = streamOf(effect.command);
      const recordKey = streamRecordKey(stream);
      const written = changes.find((c) => c.key === recordKey);
      const seq = written && written.expectedVersion !== 'any' ? written.expectedVersion + 1 : (this.#records.get(recordKey)?.version ?? 0);
      const streamName = `${stream.kind}:${stream.id}`;
      const { key, sort } = outboxKeys.command(streamName, seq, n);
      const id = `cmd_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
      const item: OutboxItem<WireCommand> = {
        lane: 'command',
        stream: streamName,
        payload: toWire(effect.command, id, now),
        createdAt: now,
        attempts: 0,
        dueAt: now,
        lease,
      };
      items.push({ key, value: item, expectedVersion: 0, sort });
    });
    return items;
  }

  /** The writes of a decision: each changed record at the version read, and its index entries brought in step. */
  changesFor(decision: Decision): RecordChange[] {
    const changes: RecordChange[] = [];
    for (const id of decision.changes.agents) {
      const before = this.#records.get(keys.agent(id));
      const after = decision.state.agents.get(id)!;
      changes.push({ key: keys.agent(id), value: after, expectedVersion: before?.version ?? 0 });
      indexChanges(
        changes,
        agentIndexes(before?.value as Agent | undefined, this.policy.maxDigitalPerAgent),
        agentIndexes(after, this.policy.maxDigitalPerAgent),
      );
    }
    for (const id of decision.changes.contacts) {
      const before = this.#records.get(keys.contact(id));
      const after = decision.state.contacts.get(id)!;
      changes.push({ key: keys.contact(id), value: after, expectedVersion: before?.version ?? 0, sort: contactSort(after) });
      indexChanges(changes, contactIndexes(before?.value as Contact | undefined), contactIndexes(after));
    }
    for (const id of decision.changes.sessions) {
      const before = this.#records.get(keys.session(id));
      const after = decision.state.sessions!.get(id)!;
      changes.push({ key: keys.session(id), value: after, expectedVersion: before?.version ?? 0, sort: sessionSort(after) });
      indexChanges(changes, sessionIndexes(before?.value as SupportSession | undefined), sessionIndexes(after));
    }
    // A number is a record of its own, created at version 0: two instances never hand out the same one (SUP-1).
    for (const number of decision.changes.sessionNumbers) {
      const before = this.#records.get(keys.sessionNumber(number));
      changes.push({ key: keys.sessionNumber(number), value: decision.state.sessionNumbers!.get(number)!, expectedVersion: before?.version ?? 0 });
    }
    for (const id of decision.changes.broadcasts ?? []) {
      const before = this.#records.get(keys.broadcast(id));
      changes.push({ key: keys.broadcast(id), value: decision.state.broadcasts!.get(id)!, expectedVersion: before?.version ?? 0 });
    }
    for (const id of decision.changes.messages ?? []) {
      const before = this.#records.get(keys.message(id));
      const after = decision.state.messages!.get(id)!;
      changes.push({
        key: keys.message(id),
        value: after,
        expectedVersion: before?.version ?? 0,
        sort: perBroadcastSort(after.broadcastId, after.recipientId),
      });
      indexChanges(changes, messageIndexes(before?.value as LeadMessage | undefined), messageIndexes(after));
    }
    return changes;
  }
}

/**
 * The card deliveries of a decision, one outbox item per person and card:
 * written without a version check, so a newer request replaces an older one
 * (the card is rendered when sent), and leased to this instance, which
 * delivers it at once; another takes it only if this one dies.
 */
function cardItems(
  decision: Decision,
  now: Date,
  lease: OutboxItem['lease'],
  { answered, alsoShow = [] }: { answered?: Pick<CardRequest, 'userId' | 'show'>; alsoShow?: CardRequest[] },
  reportEveryMs: number,
): RecordChange[] {
  const at = now.toISOString();
  const skip = answered ? `${answered.userId}\u0000${slotOf(answered.show)}` : undefined;
  const requests = [...cardRequestsOf(decision), ...alsoShow].filter((r) => `${r.userId}\u0000${r.slot}` !== skip);
  return requests.map((request) => {
    // MSG-2: report updates are coalesced per period; ST-8's final notice waits for the switch time.
    const dueAt = request.at ?? (request.show.card === 'report' ? reportDueAt(now, reportEveryMs) : at);
    const { key, sort } = outboxKeys.card(request.userId, request.slot, dueAt);
    const item: OutboxItem<ShowCard> = { lane: 'card', stream: request.userId, payload: request.show, createdAt: at, attempts: 0, dueAt, lease };
    return { key, value: item, expectedVersion: 'any', sort };
  });
}

/**
 * The message-lane items of a decision (MSG-2): one per recipient of each new
 * broadcast, created with it (expected not to exist), so each is delivered
 * once; leased to this instance, which works them at the pace the send
 * throttle allows; another instance takes over what is left if this one dies.
 */
function messageItems(decision: Decision, at: string, lease: OutboxItem['lease']): RecordChange[] {
  const items: RecordChange[] = [];
  for (const effect of decision.effects) {
    if (effect.type !== 'deliverMessage') continue;
    for (const recipientId of effect.recipients) {
      const { key, sort } = outboxKeys.message(effect.broadcastId, recipientId, at);
      const payload: MessageDelivery = { broadcastId: effect.broadcastId, recipientId };
      const item: OutboxItem<MessageDelivery> = { lane: 'message', stream: recipientId, payload, createdAt: at, attempts: 0, dueAt: at, lease };
      items.push({ key, value: item, expectedVersion: 0, sort });
    }
  }
  return items;
}

/** The refusal a card shows when the platform did not confirm (PLAT-2). */
function refusalOf(outcome: Exclude<CommandOutcome, { ok: true }>): DeskError {
  if (outcome.kind === 'refused') return deskError('platform.refused', { reason: outcome.message, code: outcome.code });
  return deskError(outcome.kind === 'timeout' ? 'platform.timeout' : 'platform.unavailable');
}

/** Unchecked writes that bring index entries from `before` to `after`; entries that did not change are not written. */
function indexChanges(changes: RecordChange[], before: readonly IndexEntry[], after: readonly IndexEntry[]): void {
  const old = new Map(before.map((entry) => [entry.key, entry]));
  for (const entry of after) {
    const previous = old.get(entry.key);
    old.delete(entry.key);
    if (previous && previous.sort === entry.sort && JSON.stringify(previous.value) === JSON.stringify(entry.value)) continue;
    changes.push({ key: entry.key, value: entry.value, expectedVersion: 'any', sort: entry.sort });
  }
  for (const key of old.keys()) changes.push({ key, value: null, expectedVersion: 'any' });
}

function heldField(held: ReadonlySet<string> | undefined): Pick<DeskState, 'held'> {
  return held ? { held } : {};
}

const AGENT_PREFIX = 'agent/';
// Agent records kept per instance; past this the memory starts over (it is only a shortcut).
const AGENTS_KEPT = 50_000;

function keep(kept: Map<string, StoredRecord>, key: string, record: StoredRecord): void {
  if (kept.size >= AGENTS_KEPT && !kept.has(key)) kept.clear();
  kept.set(key, record);
}
