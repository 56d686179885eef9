import type { ContactOffer } from './commands.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { Agent, Contact, DeskPolicy, Roster } from './model.js';
import { adjustLoad, enterState, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { after, timerId } from './timers.js';

/**
 * The agent to offer a contact to: among Available agents who serve its channel
 * and have room, the one holding the fewest pending offers, then the one
 * available longest (the oldest `since`), then by id so the choice is stable.
 */
export function pickAgent(roster: Roster, contact: Pick<Contact, 'channel' | 'declinedBy'>, policy: DeskPolicy): string | undefined {
  let best: { id: string; load: number; since: string } | undefined;
  for (const [agentId, entry] of Object.entries(roster.available)) {
    if (!entry.channels.includes(contact.channel) || contact.declinedBy?.includes(agentId)) continue;
    const room = contact.channel === 'voice' ? entry.voice === 0 : entry.digital < policy.maxDigitalPerAgent;
    if (!room) continue;
    const load = entry.voice + entry.digital;
    const better = !best || load < best.load || (load === best.load && (entry.since < best.since || (entry.since === best.since && agentId < best.id)));
    if (better) best = { id: agentId, load, since: entry.since };
  }
  return best?.id;
}

/** Offers a contact to an agent: popover, RONA deadline, roster load (PO-1, ST-6). */
export function offerTo(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): void {
  const voice = contact.channel === 'voice';
  const ronaAt = after(d.now, policy.ronaSeconds);
  d.setContact({ ...contact, status: 'offered', agentId: agent.id, offeredAt: d.iso, ronaAt });
  d.setAgent({ ...agent, offers: [...(agent.offers ?? []), contact.id] });
  let roster = adjustLoad(d.roster, agent.id, voice, 1, d.iso);
  if (voice && !roster.calls.includes(contact.id)) roster = { ...roster, calls: [...roster.calls, contact.id] };
  d.setRoster(roster);
  const queue = d.queue(contact.queue);
  if (queue.waiting.includes(contact.id)) d.setQueue({ ...queue, waiting: without(queue.waiting, contact.id) });
  d.setTimer(timerId('rona', contact.id), { kind: 'rona', contactId: contact.id, at: ronaAt });
  d.emit(
    { type: 'showRequests', agentId: agent.id, connecting: contact.id },
    { type: 'notify', event: { kind: 'contact.routed', contactId: contact.id, agentId: agent.id } },
  );
}

/** Takes an offered contact back from its agent and puts it first in its queue; `declined` marks a RONA. */
export function returnToQueue(d: Draft, contact: Contact, declined: boolean): void {
  const agentId = contact.agentId;
  if (agentId) {
    const agent = d.agent(agentId);
    if (agent) d.setAgent({ ...agent, offers: without(agent.offers, contact.id), active: without(agent.active, contact.id) });
    d.setRoster(adjustLoad(d.roster, agentId, contact.channel === 'voice', -1, d.iso));
    d.emit({ type: 'showRequests', agentId });
  }
  d.setRoster({ ...d.roster, calls: without(d.roster.calls, contact.id) });
  d.clearTimer(timerId('rona', contact.id));
  const next: Contact = {
    ...contact,
    status: 'queued',
    declinedBy: declined && agentId ? [...(contact.declinedBy ?? []), agentId] : (contact.declinedBy ?? []),
  };
  // XFER-1: a blind transfer the receiver did not accept has failed; its sender is told.
  const sender = contact.transferredFrom?.at(-1);
  if (declined && sender && agentId && agentId !== sender) {
    next.transferFailed = { name: d.agent(agentId)?.name ?? '' };
    d.emit({ type: 'showInteraction', contactId: contact.id, agentId: sender });
  }
  delete next.agentId;
  delete next.offeredAt;
  delete next.ronaAt;
  d.setContact(next);
  const queue = d.queue(contact.queue);
  d.setQueue({ ...queue, waiting: [contact.id, ...without(queue.waiting, contact.id)] });
  d.emit({ type: 'notify', event: { kind: 'contact.queued', contactId: contact.id, queue: contact.queue } }, { type: 'routeWaiting' });
}

/** A new contact from the platform: offered to its agent, to the longest-available one, or queued. */
export function contactOffered(d: Draft, offer: ContactOffer, policy: DeskPolicy): Result<void, DeskError> {
  if (d.contact(offer.id)) return fail(deskError('contact.exists', { contactId: offer.id }));
  const channels = policy.queueChannels[offer.queue];
  if (!channels) return fail(deskError('queue.unknown', { queue: offer.queue }));
  if (!channels.includes(offer.channel)) return fail(deskError('queue.channelNotServed', { queue: offer.queue, channel: offer.channel }));
  if (offer.channel === 'voice' && d.roster.calls.length >= policy.maxConcurrentCalls) {
    return fail(deskError('tenant.concurrentCallLimit', { limit: policy.maxConcurrentCalls }));
  }
  const contact: Contact = {
    id: offer.id,
    channel: offer.channel,
    kind: offer.kind,
    queue: offer.queue,
    from: offer.from,
    dnis: offer.dnis,
    variables: offer.variables.map((v) => ({ ...v, version: 0 })),
    status: 'queued',
    createdAt: d.iso,
  };
  if (offer.agentId) {
    // ANS-1: the platform may choose the agent, but only an Available one with room receives offers.
    const agent = d.agent(offer.agentId);
    const chosen = agent && pickAgent({ ...d.roster, available: pick(d.roster.available, offer.agentId) }, contact, policy);
    if (!agent || !chosen) return fail(deskError('agent.notAvailable', { agentId: offer.agentId }));
    offerTo(d, contact, agent, policy);
    return ok(undefined);
  }
  const chosenId = pickAgent(d.roster, contact, policy);
  const chosen = chosenId ? d.agent(chosenId) : undefined;
  if (chosen) {
    offerTo(d, contact, chosen, policy);
    return ok(undefined);
  }
  d.setContact(contact);
  const queue = d.queue(contact.queue);
  d.setQueue({ ...queue, waiting: [...queue.waiting, contact.id] });
  d.emit({ type: 'notify', event: { kind: 'contact.queued', contactId: contact.id, queue: contact.queue } });
  return ok(undefined);
}

/** Offers the oldest waiting contact that some Available agent can take; nothing when none can. */
export function routeNext(d: Draft, policy: DeskPolicy): Result<void, DeskError> {
  const target = nextAssignment(d, policy);
  if (!target) return ok(undefined);
  const contact = d.contact(target.contactId);
  const agent = d.agent(target.agentId);
  if (contact && agent) offerTo(d, contact, agent, policy);
  return ok(undefined);
}

/** Which contact goes to which agent next, by queue age: used to decide and to know which records to load. */
export function nextAssignment(
  state: { contact(id: string): Contact | undefined; queue(id: string): { waiting: string[] }; queueIds(): string[]; roster: Roster },
  policy: DeskPolicy,
): { contactId: string; agentId: string } | undefined {
  const heads: Contact[] = [];
  for (const queueId of state.queueIds()) {
    // Only the first few per queue: enough to skip heads no agent can take, without loading a long queue.
    for (const contactId of state.queue(queueId).waiting.slice(0, 20)) {
      const contact = state.contact(contactId);
      if (!contact) continue;
      if (contact.status === 'queued') heads.push(contact);
    }
  }
  heads.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const contact of heads) {
    const agentId = pickAgent(state.roster, contact, policy);
    if (agentId) return { contactId: contact.id, agentId };
  }
  return undefined;
}

/** The offer ran out (ST-6): the agent goes RONA and every offer they hold goes back to its queue. */
export function ronaExpired(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const agent = contact.agentId ? d.agent(contact.agentId) : undefined;
  if (!agent) return;
  for (const offered of agent.offers ?? []) {
    const pending = d.contact(offered);
    if (pending?.status === 'offered') returnToQueue(d, pending, offered === contact.id);
  }
  enterState(d, d.agent(agent.id)!, 'RONA', policy);
  d.emit({ type: 'notify', event: { kind: 'contact.rona', contactId: contact.id, agentId: agent.id } });
}

function pick<T>(record: Record<string, T>, key: string): Record<string, T> {
  return key in record ? { [key]: record[key]! } : {};
}
