import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { adjustLoad, enterState, settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { after } from './timers.js';

/**
 * The steps of a contact's life that several commands share: offered to an
 * agent, connected, put back in its queue, ended, and the agent's move to
 * wrap-up. Each is written once here; command handlers compose them.
 */

/** The contact if it belongs to this agent, else the refusal. */
export function ownContact(d: Draft, agentId: string, contactId: string): Result<Contact, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  if (contact.agentId !== agentId) return fail(deskError('contact.notYours'));
  return ok(contact);
}

/** Offers a contact to an agent: popover with a RONA deadline, and one more pending offer on the agent (PO-1, ST-6). */
export function offerTo(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): void {
  const voice = contact.channel === 'voice';
  const ronaAt = after(d.now, policy.ronaSeconds);
  const offered: Contact = { ...contact, status: 'offered', agentId: agent.id, offeredAt: d.iso, ronaAt };
  delete offered.consult;
  d.setContact(offered);
  d.setAgent(adjustLoad({ ...agent, offers: [...without(agent.offers, contact.id), contact.id] }, voice, 1, d.iso));
  d.emit(
    { type: 'showRequests', agentId: agent.id, connecting: contact.id },
    { type: 'notify', event: { kind: 'contact.routed', contactId: contact.id, agentId: agent.id } },
  );
}

/** Connects an offered contact to its agent, who becomes Engaged (ANS-2 for voice, Accept for the rest). */
export function connect(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): Agent {
  const voice = contact.channel === 'voice';
  const connected: Contact = {
    ...contact,
    status: 'connected',
    connectedAt: d.iso,
    ...(voice ? { onHold: false, recording: { on: policy.recordingEnabled } } : {}),
  };
  delete connected.ronaAt;
  d.setContact(connected);
  const next = adjustLoad(
    { ...agent, offers: without(agent.offers, contact.id), active: [...without(agent.active, contact.id), contact.id] },
    voice,
    -1,
    d.iso,
  );
  d.setAgent(next);
  d.emit({ type: 'showInteraction', contactId: contact.id }, { type: 'showRequests', agentId: agent.id });
  return enterState(d, next, 'Engaged', policy);
}

/** Why a contact goes back to its queue, for the cards of the people it concerns. */
export interface Requeue {
  /** The agent let the offer run out (RONA) or refused it: it is never offered to them again. */
  declinedBy?: string;
  /** A transfer that did not land: its sender is told (XFER-1). */
  transferFailed?: { name: string };
}

/**
 * Puts a contact back in its queue, taken from whoever held it; it keeps its
 * place by age, so it comes before anything that arrived after it.
 */
export function requeue(d: Draft, contact: Contact, why: Requeue = {}): void {
  const agentId = contact.agentId;
  if (agentId) {
    const agent = d.agent(agentId);
    const held = contact.status === 'offered';
    if (agent) {
      const released = { ...agent, offers: without(agent.offers, contact.id), active: without(agent.active, contact.id) };
      d.setAgent(held ? adjustLoad(released, contact.channel === 'voice', -1, d.iso) : released);
    }
    d.emit({ type: 'showRequests', agentId });
  }
  const next: Contact = {
    ...contact,
    status: 'queued',
    declinedBy: why.declinedBy ? [...new Set([...(contact.declinedBy ?? []), why.declinedBy])] : (contact.declinedBy ?? []),
  };
  for (const field of ['agentId', 'offeredAt', 'ronaAt', 'consult', 'onHold'] as const) delete next[field];
  const sender = contact.transferredFrom?.at(-1);
  if (why.transferFailed && sender) {
    next.transferFailed = why.transferFailed;
    d.emit({ type: 'showInteraction', contactId: contact.id, agentId: sender });
  }
  d.setContact(next);
  d.emit({ type: 'notify', event: { kind: 'contact.queued', contactId: contact.id, queue: contact.queue } }, { type: 'routeWaiting' });
}

/** The agent is done with a contact and owes its wrap-up code (WRAP-1); they settle into the right state. */
export function toWrapUp(d: Draft, agentId: string, contactId: string, policy: DeskPolicy): Agent | undefined {
  const agent = d.agent(agentId);
  if (!agent) return undefined;
  const next = { ...agent, active: without(agent.active, contactId), wrapUps: [...without(agent.wrapUps, contactId), contactId] };
  d.setAgent(next);
  d.emit({ type: 'showInteraction', contactId, agentId }, { type: 'showWrapUp', contactId, agentId });
  return settle(d, next, policy);
}

/** Ends a contact wherever it is; a connected one leaves its agent in wrap-up (WRAP-1, CON-9 customer hang-up). */
export function endContact(d: Draft, contact: Contact, by: 'customer' | 'agent' | 'system', policy: DeskPolicy): Result<void, DeskError> {
  if (contact.status === 'ended') return fail(deskError('contact.ended'));
  releaseConsult(d, contact, policy);
  const ended: Contact = { ...contact, status: 'ended', endedAt: d.iso, endedBy: by, onHold: false };
  for (const field of ['consult', 'ronaAt'] as const) delete ended[field];
  if (ended.recording) ended.recording = { on: ended.recording.on };
  d.setContact(ended);
  d.emit({ type: 'notify', event: { kind: 'contact.ended', contactId: contact.id, by } });
  const agent = contact.agentId ? d.agent(contact.agentId) : undefined;
  if (!agent) return ok(undefined);
  if (contact.status === 'offered') {
    // Withdrawn before anyone acted: the popover updates, no wrap-up is owed.
    d.setAgent(adjustLoad({ ...agent, offers: without(agent.offers, contact.id) }, contact.channel === 'voice', -1, d.iso));
    d.emit({ type: 'showRequests', agentId: agent.id });
    return ok(undefined);
  }
  toWrapUp(d, agent.id, contact.id, policy);
  return ok(undefined);
}

/** CON-9: when a call ends (or moves on) during a consult, the consulted party leaves without wrap-up and every request card updates. */
export function releaseConsult(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const consult = contact.consult;
  if (!consult) return;
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
  releaseParty(d, consult.party, policy);
}

/** The consulted agent goes back to work; a consult never owes a wrap-up (CON-9). */
export function releaseParty(d: Draft, partyId: string | undefined, policy: DeskPolicy): void {
  const party = partyId?.startsWith('tel:') ? undefined : partyId ? d.agent(partyId) : undefined;
  if (party && party.state === 'Engaged' && (party.active ?? []).length === 0) enterState(d, party, 'Available', policy);
  else if (party) settle(d, party, policy);
}
