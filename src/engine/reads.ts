import type { Channel } from './agent-state.js';
import type { Agent, Contact, ReadyEntry, WaitingEntry } from './model.js';
import type { SessionNumber, SupportSession } from './session-model.js';

/**
 * What a command needs to read (STYLE 11): records by id, and index views:
 * routable agents of some channels, waiting contacts of some queues, the
 * voice contacts in progress. A handler declares it next to its decision.
 */
export interface Reads {
  agents?: readonly string[];
  contacts?: readonly string[];
  /** Every routable agent of these channels (a queue offer goes to all of them, XFER-2). */
  ready?: readonly Channel[];
  /**
   * The first READY_HEADS routable agents of these channels, in routing order:
   * enough for the router, which takes the first one a contact was not declined
   * by, without reading every Available agent on each offer.
   */
  readyHeads?: readonly Channel[];
  waiting?: readonly string[];
  calls?: boolean;
  /** Team-lead broadcasts by id (MSG-1). */
  broadcasts?: readonly string[];
  /** Recipients' copies of broadcasts by message id. */
  messages?: readonly string[];
  /** The ids of every agent the desk knows. */
  roster?: boolean;
  /** Support sessions by id, and session numbers (SUP-1). */
  sessions?: readonly string[];
  sessionNumbers?: readonly string[];
}

/** Routable agents a `readyHeads` read gives per channel. */
export const READY_HEADS = 32;

/** What has been read so far, for a handler whose reads depend on it; anything not read yet is undefined. */
export interface Seen {
  agent(id: string): Agent | undefined;
  contact(id: string): Contact | undefined;
  ready(channel: Channel): readonly ReadyEntry[] | undefined;
  waiting(queue: string): readonly WaitingEntry[] | undefined;
  session(id: string): SupportSession | undefined;
  sessionNumber(number: string): SessionNumber | undefined;
}

/** A Seen with nothing read. */
export const NOTHING_SEEN: Seen = {
  agent: () => undefined,
  contact: () => undefined,
  ready: () => undefined,
  waiting: () => undefined,
  session: () => undefined,
  sessionNumber: () => undefined,
};

/** Builds Reads from parts, dropping duplicates. */
export function mergeReads(...parts: readonly Reads[]): Required<Reads> {
  const agents = new Set<string>();
  const contacts = new Set<string>();
  const ready = new Set<Channel>();
  const readyHeads = new Set<Channel>();
  const waiting = new Set<string>();
  const broadcasts = new Set<string>();
  const messages = new Set<string>();
  const sessions = new Set<string>();
  const sessionNumbers = new Set<string>();
  let calls = false;
  let roster = false;
  for (const part of parts) {
    for (const id of part.agents ?? []) agents.add(id);
    for (const id of part.contacts ?? []) contacts.add(id);
    for (const channel of part.ready ?? []) ready.add(channel);
    for (const channel of part.readyHeads ?? []) readyHeads.add(channel);
    for (const queue of part.waiting ?? []) waiting.add(queue);
    for (const id of part.broadcasts ?? []) broadcasts.add(id);
    for (const id of part.messages ?? []) messages.add(id);
    calls ||= part.calls ?? false;
    roster ||= part.roster ?? false;
    for (const id of part.sessions ?? []) sessions.add(id);
    for (const number of part.sessionNumbers ?? []) sessionNumbers.add(number);
  }
  return {
    agents: [...agents],
    contacts: [...contacts],
    ready: [...ready],
    readyHeads: [...readyHeads].filter((channel) => !ready.has(channel)),
    waiting: [...waiting],
    calls,
    broadcasts: [...broadcasts],
    messages: [...messages],
    roster,
    sessions: [...sessions],
    sessionNumbers: [...sessionNumbers],
  };
}

/**
 * The records around a contact: the contact, its agent, the consulted party or
 * agent target, and (for RONA, which returns every offer) the agent's other offers.
 */
export function aroundContact(seen: Seen, contactId: string, withAgentsOffers = false): Reads {
  const contact = seen.contact(contactId);
  if (!contact) return { contacts: [contactId] };
  const agents = [contact.agentId, contact.consult?.party, contact.consult?.target.kind === 'agent' ? contact.consult.target.id : undefined].filter(
    (id): id is string => id !== undefined,
  );
  const offers = withAgentsOffers && contact.agentId ? (seen.agent(contact.agentId)?.offers ?? []) : [];
  return { contacts: [contactId, ...offers], agents };
}
