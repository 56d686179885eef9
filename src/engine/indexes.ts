import type { Channel } from './agent-state.js';
import type { Agent, Contact, ReadyEntry, WaitingEntry } from './model.js';

/**
 * The index entries a record stands for. The store keeps them (next to the
 * record, in the same write) and the draft recomputes them for what a decision
 * changed, from these same functions: one definition of "routable",
 * "waiting" and "a call in progress".
 */

/** The channels on which an Available agent can take one more offer, each with its ready entry (ANS-1, PO-3). */
export function readyByChannel(agent: Agent, maxDigitalPerAgent: number): Array<[Channel, ReadyEntry]> {
  const routing = agent.routing;
  if (agent.state !== 'Available' || !routing) return [];
  const entry: ReadyEntry = { agentId: agent.id, ...routing };
  return routing.channels
    .filter((channel) => (channel === 'voice' ? routing.voice === 0 : routing.digital < maxDigitalPerAgent))
    .map((channel) => [channel, entry]);
}

/**
 * Routing order: the fewest pending offers, then available longest (the oldest
 * `since`), then by id so the choice is stable.
 */
export function compareReady(a: ReadyEntry, b: ReadyEntry): number {
  const load = a.voice + a.digital - (b.voice + b.digital);
  if (load !== 0) return load;
  if (a.since !== b.since) return a.since < b.since ? -1 : 1;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/**
 * Routing order with the agents another turn is offering to right now moved
 * last (stable): concurrent offers then go to different agents instead of all
 * choosing the first and all but one losing the write race; a held agent is
 * still chosen when nobody else is free.
 */
export function heldLast(entries: readonly ReadyEntry[], held: ReadonlySet<string> | undefined): readonly ReadyEntry[] {
  if (!held || held.size === 0 || !entries.some((e) => held.has(e.agentId))) return entries;
  return [...entries.filter((e) => !held.has(e.agentId)), ...entries.filter((e) => held.has(e.agentId))];
}

/** The sort key of a ready entry within its channel, in the order of compareReady (ids break ties as keys). */
export function readySortKey(channel: Channel, entry: ReadyEntry): string {
  return `${channel}|${String(entry.voice + entry.digital).padStart(6, '0')}|${entry.since}`;
}

/** The waiting entry of a queued contact, if it is queued. */
export function waitingEntryOf(contact: Contact): WaitingEntry | undefined {
  return contact.status === 'queued' ? { contactId: contact.id, queue: contact.queue, channel: contact.channel, createdAt: contact.createdAt } : undefined;
}

/** Waiting order in a queue: oldest first, then by id. */
export function compareWaiting(a: WaitingEntry, b: WaitingEntry): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0;
}

/** The sort key of a waiting entry: its queue (encoded, so one queue is one range), then its age. */
export function waitingSortKey(entry: { queue: string; createdAt: string }): string {
  return `${encodeURIComponent(entry.queue)}|${entry.createdAt}`;
}

/** The sort range of one queue's waiting entries. */
export function waitingRange(queue: string): { from: string; to: string } {
  const prefix = encodeURIComponent(queue);
  return { from: `${prefix}|`, to: `${prefix}}` };
}

/** Whether a contact counts against the tenant's concurrent-call limit (CB-1): a call offered or connected. */
export function isCallInProgress(contact: Contact): boolean {
  return contact.channel === 'voice' && (contact.status === 'offered' || contact.status === 'connected');
}
