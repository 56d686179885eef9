import type { AgentState, Channel } from './engine/agent-state.js';
import { isCallInProgress, readyByChannel, readySortKey, waitingEntryOf, waitingSortKey } from './engine/indexes.js';
import type { Agent, Contact, ReadyEntry, WaitingEntry } from './engine/model.js';
import { logoutTimerId, timersOf, type Timer } from './engine/timers.js';
import type { LeadMessage } from './engine/lead-model.js';
import type { SupportSession } from './engine/session-model.js';
import { sessionTimerId, sessionTimersOf } from './engine/session-timers.js';

/** Store keys of the desk's records and of the indexes kept from them. */
export const keys = {
  agent: (id: string) => `agent/${id}`,
  contact: (id: string) => `contact/${id}`,
  event: (id: string) => `event/${id}`,
  ready: (channel: Channel, agentId: string) => `ready/${channel}:${agentId}`,
  waiting: (contactId: string) => `waiting/${contactId}`,
  call: (contactId: string) => `call/${contactId}`,
  due: (timerId: string) => `due/${timerId}`,
  present: (agentId: string) => `present/${agentId}`,
  session: (id: string) => `session/${id}`,
  sessionNumber: (number: string) => `sessionNumber/${number}`,
  /** A team lead's broadcast (MSG-1, ST-8). */
  broadcast: (id: string) => `broadcast/${id}`,
  /** One recipient's copy of a broadcast: `message/<broadcast>/<recipient>`. */
  message: (messageId: string) => `message/${messageId}`,
  /** A recipient's list of messages, newest first. */
  inbox: (recipientId: string, broadcastId: string) => `inbox/${recipientId}/${broadcastId}`,
  /** How delivering a broadcast to one recipient went (written by the outbox's message lane only). */
  delivery: (broadcastId: string, recipientId: string) => `delivery/${broadcastId}/${recipientId}`,
} as const;

/** The record a stream of platform commands is numbered by: its session, contact or agent (PLAT-4). */
export function streamRecordKey(stream: { kind: 'session' | 'contact' | 'agent'; id: string }): string {
  return stream.kind === 'session' ? keys.session(stream.id) : stream.kind === 'contact' ? keys.contact(stream.id) : keys.agent(stream.id);
}

/** The sort key of a recipient's copy of a broadcast and of its delivery record: by broadcast, so a report is one range. */
export const perBroadcastSort = (broadcastId: string, recipientId: string): string => `${broadcastId}|${encodeURIComponent(recipientId)}`;

/** The sort range of one broadcast's copies or deliveries. */
export const broadcastRange = (broadcastId: string): { from: string; to: string } => ({ from: `${broadcastId}|`, to: `${broadcastId}}` });

// Newest first in ascending sort order: the time counted down from a far instant.
const FAR_MS = 9_000_000_000_000_000;

/** The sort key of an inbox entry: the recipient (one range each), then newest first. */
export const inboxSort = (recipientId: string, createdAt: string): string =>
  `${encodeURIComponent(recipientId)}|${String(FAR_MS - Date.parse(createdAt)).padStart(16, '0')}`;

/** The sort range of one recipient's inbox. */
export const inboxRange = (recipientId: string): { from: string; to: string } => {
  const prefix = encodeURIComponent(recipientId);
  return { from: `${prefix}|`, to: `${prefix}}` };
};

/** One entry of a recipient's inbox. */
export interface InboxEntry {
  broadcastId: string;
  createdAt: string;
}

/** An agent who can be asked for a consult or handed a call: Available or Idle (CON-1, XFER-1). */
export interface PresentEntry {
  id: string;
  name: string;
  state: AgentState;
}

/** One index entry a record stands for: a key, a value and its sort key. */
export interface IndexEntry {
  key: string;
  value: unknown;
  sort: string;
}

/**
 * The index entries an agent record stands for: one `ready` entry per channel
 * it can take an offer on (routing order in the sort key), and a `present`
 * entry while Available or Idle. Written with the agent, in the same batch,
 * so no shared record is written by a status change.
 */
export function agentIndexes(agent: Agent | undefined, maxDigitalPerAgent: number): IndexEntry[] {
  if (!agent) return [];
  const entries: IndexEntry[] = readyByChannel(agent, maxDigitalPerAgent).map(([channel, entry]) => ({
    key: keys.ready(channel, agent.id),
    value: entry,
    sort: readySortKey(channel, entry),
  }));
  if (agent.state === 'Available' || agent.state === 'Idle') {
    const present: PresentEntry = { id: agent.id, name: agent.name, state: agent.state };
    entries.push({ key: keys.present(agent.id), value: present, sort: '' });
  }
  return entries;
}

/** The index entries a contact stands for: waiting in its queue, a call in progress, its deadlines. */
export function contactIndexes(contact: Contact | undefined): IndexEntry[] {
  if (!contact) return [];
  const entries: IndexEntry[] = [];
  const waiting = waitingEntryOf(contact);
  if (waiting) entries.push({ key: keys.waiting(contact.id), value: waiting, sort: waitingSortKey(waiting) });
  if (isCallInProgress(contact)) entries.push({ key: keys.call(contact.id), value: { contactId: contact.id }, sort: '' });
  for (const timer of timersOf(contact)) entries.push({ key: keys.due(`${timer.kind}:${timer.contactId}`), value: timer, sort: timer.at });
  return entries;
}

/** The sort key of a contact record: ended contacts by when they ended, for retention. */
export function contactSort(contact: Contact): string {
  return contact.status === 'ended' && contact.endedAt ? `ended|${contact.endedAt}` : '';
}

/** The index entries a support session stands for: its idle deadline while nobody is in it. */
export function sessionIndexes(session: SupportSession | undefined): IndexEntry[] {
  if (!session) return [];
  return sessionTimersOf(session).map((timer) => ({ key: keys.due(sessionTimerId(timer.sessionId)), value: timer, sort: timer.at }));
}

/** The sort key of a session record: ended sessions by when they ended, for retention. */
export function sessionSort(session: SupportSession): string {
  return session.status === 'ended' && session.endedAt ? `ended|${session.endedAt}` : '';
}

/** Typed views of scanned index values. */
export type { ReadyEntry, Timer, WaitingEntry };

/** The index entries of a recipient's copy of a broadcast: their inbox entry, and their logout deadline (ST-8). */
export function messageIndexes(message: LeadMessage | undefined): IndexEntry[] {
  if (!message) return [];
  const inbox: InboxEntry = { broadcastId: message.broadcastId, createdAt: message.createdAt };
  const entries: IndexEntry[] = [
    { key: keys.inbox(message.recipientId, message.broadcastId), value: inbox, sort: inboxSort(message.recipientId, message.createdAt) },
  ];
  if (message.logoutAt) {
    const id = logoutTimerId(message.id);
    entries.push({ key: keys.due(id), value: { id, kind: 'logout', at: message.logoutAt }, sort: message.logoutAt });
  }
  return entries;
}
