import type { Channel } from './agent-state.js';
import type { Effect } from './effects.js';
import { compareReady, compareWaiting, heldLast, isCallInProgress, readyByChannel, waitingEntryOf } from './indexes.js';
import type { Broadcast, LeadMessage } from './lead-model.js';
import type { Agent, Contact, DeskState, ReadyEntry, WaitingEntry } from './model.js';
import { mergeReads, type Reads } from './reads.js';
import type { SessionNumber, SupportSession } from './session-model.js';

/** A handler touched a record or index it did not declare in its reads (a programming error, STYLE 11). */
export class UndeclaredReadError extends Error {
  override name = 'UndeclaredReadError';
}

/** What a decision changed: ids of the agents, contacts, broadcasts, lead messages and support sessions to write, and session numbers it took. */
export interface Changes {
  agents: ReadonlySet<string>;
  contacts: ReadonlySet<string>;
  broadcasts?: ReadonlySet<string>;
  messages?: ReadonlySet<string>;
  sessions: ReadonlySet<string>;
  sessionNumbers: ReadonlySet<string>;
}

/**
 * A copy-on-write view of DeskState for one decision. Handlers read and
 * replace whole records; only what the command declared may be read or
 * written (anything else throws, so a handler's test catches a missing
 * declaration). Index views (routable agents, waiting contacts, calls) are
 * the loaded ones with this decision's own changes applied.
 */
export class Draft {
  readonly effects: Effect[] = [];
  readonly #agents: Map<string, Agent>;
  readonly #contacts: Map<string, Contact>;
  readonly #changedAgents = new Set<string>();
  readonly #changedContacts = new Set<string>();
  readonly #sessions: Map<string, SupportSession>;
  readonly #sessionNumbers: Map<string, SessionNumber>;
  readonly #changedSessions = new Set<string>();
  readonly #changedNumbers = new Set<string>();
  readonly #broadcasts: Map<string, Broadcast>;
  readonly #messages: Map<string, LeadMessage>;
  readonly #changedBroadcasts = new Set<string>();
  readonly #changedMessages = new Set<string>();
  readonly #declared: Required<Reads>;

  constructor(
    private readonly base: DeskState,
    declared: Reads,
    readonly now: Date,
    private readonly maxDigitalPerAgent: number,
  ) {
    this.#agents = new Map(base.agents);
    this.#contacts = new Map(base.contacts);
    this.#sessions = new Map(base.sessions);
    this.#sessionNumbers = new Map(base.sessionNumbers);
    this.#broadcasts = new Map(base.broadcasts ?? []);
    this.#messages = new Map(base.messages ?? []);
    this.#declared = mergeReads(declared);
  }

  /** The current time as ISO 8601. */
  get iso(): string {
    return this.now.toISOString();
  }

  agent(id: string): Agent | undefined {
    this.#check(this.#declared.agents, id, 'agent');
    return this.#agents.get(id);
  }
  setAgent(agent: Agent): void {
    this.#check(this.#declared.agents, agent.id, 'agent');
    this.#agents.set(agent.id, agent);
    this.#changedAgents.add(agent.id);
  }
  contact(id: string): Contact | undefined {
    this.#check(this.#declared.contacts, id, 'contact');
    return this.#contacts.get(id);
  }
  setContact(contact: Contact): void {
    this.#check(this.#declared.contacts, contact.id, 'contact');
    this.#contacts.set(contact.id, contact);
    this.#changedContacts.add(contact.id);
  }

  /** A support session (SUP-1..SUP-4). */
  session(id: string): SupportSession | undefined {
    this.#check(this.#declared.sessions, id, 'session');
    return this.#sessions.get(id);
  }
  setSession(session: SupportSession): void {
    this.#check(this.#declared.sessions, session.id, 'session');
    this.#sessions.set(session.id, session);
    this.#changedSessions.add(session.id);
  }
  /** Which session holds a number (SUP-1). */
  sessionNumber(number: string): SessionNumber | undefined {
    this.#check(this.#declared.sessionNumbers, number, 'session number');
    return this.#sessionNumbers.get(number);
  }
  /** Takes a number for a session; written as a new record, so a number another instance took first fails the write. */
  takeSessionNumber(number: string, taken: SessionNumber): void {
    this.#check(this.#declared.sessionNumbers, number, 'session number');
    this.#sessionNumbers.set(number, taken);
    this.#changedNumbers.add(number);
  }

  broadcast(id: string): Broadcast | undefined {
    this.#check(this.#declared.broadcasts, id, 'broadcast');
    return this.#broadcasts.get(id);
  }
  setBroadcast(broadcast: Broadcast): void {
    this.#check(this.#declared.broadcasts, broadcast.id, 'broadcast');
    this.#broadcasts.set(broadcast.id, broadcast);
    this.#changedBroadcasts.add(broadcast.id);
  }
  message(id: string): LeadMessage | undefined {
    this.#check(this.#declared.messages, id, 'message');
    return this.#messages.get(id);
  }
  setMessage(message: LeadMessage): void {
    this.#check(this.#declared.messages, message.id, 'message');
    this.#messages.set(message.id, message);
    this.#changedMessages.add(message.id);
  }
  /**
   * Creates the recipients' copies of a broadcast this decision creates: new
   * records, so nothing is read for them (a broadcast to 10,000 agents declares
   * the broadcast, not 10,000 messages).
   */
  createMessages(broadcast: Broadcast, messages: readonly LeadMessage[]): void {
    if (!this.#changedBroadcasts.has(broadcast.id) || this.base.broadcasts?.has(broadcast.id)) {
      throw new UndeclaredReadError(`messages of broadcast ${JSON.stringify(broadcast.id)} may only be created with it`);
    }
    for (const message of messages) {
      this.#messages.set(message.id, message);
      this.#changedMessages.add(message.id);
    }
  }

  /** Ids of every agent the desk knows. */
  roster(): readonly string[] {
    if (!this.#declared.roster || !this.base.roster) throw new UndeclaredReadError('read the roster without declaring it');
    return this.base.roster;
  }

  /** Routable agents of a channel in routing order (ANS-1), as of this decision. */
  ready(channel: Channel): readonly ReadyEntry[] {
    if (!this.#declared.readyHeads.includes(channel)) this.#check(this.#declared.ready, channel, 'ready index of');
    const entries = (this.base.ready.get(channel) ?? []).filter((e) => !this.#changedAgents.has(e.agentId));
    for (const id of this.#changedAgents) {
      for (const [served, entry] of readyByChannel(this.#agents.get(id)!, this.maxDigitalPerAgent)) if (served === channel) entries.push(entry);
    }
    return heldLast(entries.sort(compareReady), this.base.held);
  }

  /** Contacts waiting in a queue, oldest first, as of this decision. */
  waiting(queue: string): WaitingEntry[] {
    this.#check(this.#declared.waiting, queue, 'waiting index of');
    const entries = (this.base.waiting.get(queue) ?? []).filter((e) => !this.#changedContacts.has(e.contactId));
    for (const id of this.#changedContacts) {
      const entry = waitingEntryOf(this.#contacts.get(id)!);
      if (entry?.queue === queue) entries.push(entry);
    }
    return entries.sort(compareWaiting);
  }

  /** How many voice contacts are offered or connected now (CB-1). */
  callCount(): number {
    if (!this.#declared.calls || !this.base.calls) throw new UndeclaredReadError('read the calls index without declaring it');
    let count = this.base.calls.filter((id) => !this.#changedContacts.has(id)).length;
    for (const id of this.#changedContacts) if (isCallInProgress(this.#contacts.get(id)!)) count++;
    return count;
  }

  emit(...effects: Effect[]): void {
    this.effects.push(...effects);
  }

  /** The decided state (loaded records with this decision's changes) and which records changed. */
  done(): { state: DeskState; changes: Changes } {
    const state: DeskState = {
      agents: this.#agents,
      contacts: this.#contacts,
      ready: this.base.ready,
      waiting: this.base.waiting,
      broadcasts: this.#broadcasts,
      messages: this.#messages,
    };
    if (this.base.calls) state.calls = this.base.calls;
    if (this.base.roster) state.roster = this.base.roster;
    if (this.base.sessions || this.#changedSessions.size > 0) state.sessions = this.#sessions;
    if (this.base.sessionNumbers || this.#changedNumbers.size > 0) state.sessionNumbers = this.#sessionNumbers;
    const changes = {
      agents: this.#changedAgents,
      contacts: this.#changedContacts,
      broadcasts: this.#changedBroadcasts,
      messages: this.#changedMessages,
      sessions: this.#changedSessions,
      sessionNumbers: this.#changedNumbers,
    };
    return { state, changes };
  }

  #check(declared: readonly string[], id: string, what: string): void {
    if (!declared.includes(id)) throw new UndeclaredReadError(`${what} ${JSON.stringify(id)} was not declared in the command's reads`);
  }
}
