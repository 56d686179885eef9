import type { ConsultTarget } from './consult-model.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { Actor, Agent, Contact, DeskPolicy } from './model.js';
import { enterState, newAgent, settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { after, timerId } from './timers.js';
import { resolveTarget } from './targets.js';
import { takeTransfer, transferNotTaken } from './transfer.js';

/** Agent 1 asks for a consult on an active call (CON-1, CON-5); the customer goes on hold. */
export function startConsult(d: Draft, agentId: string, contactId: string, target: ConsultTarget, policy: DeskPolicy): Result<void, DeskError> {
  const call = requesterCall(d, agentId, contactId);
  if (!call.ok) return call;
  if (call.value.consult) return fail(deskError('consult.inProgress'));
  if (target.id === agentId) return fail(deskError('consult.self'));
  const resolved = resolveTarget(target, policy);
  if (!resolved.ok) return resolved;
  target = resolved.value;
  let offeredTo: string[];
  if (target.kind === 'dialNumber') {
    // CON-7: a number that is no entry point's DN is dialled as it is; the platform reports the answer.
    offeredTo = [];
  } else if (target.kind === 'agent') {
    // CON-1: the agent list offers Available and Idle agents.
    const agent = d.agent(target.id);
    if (!agent || (agent.state !== 'Available' && agent.state !== 'Idle')) return fail(deskError('consult.targetUnavailable', { name: target.name }));
    offeredTo = [target.id];
  } else if (target.kind === 'expert') {
    offeredTo = [target.id];
  } else if (target.kind === 'queue' || target.kind === 'entryPoint') {
    const queue = target.kind === 'queue' ? target.id : policy.entryPoints[target.id]!.queue;
    if (!policy.queueChannels[queue]?.includes('voice')) return fail(deskError('consult.targetUnsupported'));
    // XFER-2: offered to every eligible agent at once; the first to accept wins.
    offeredTo = Object.entries(d.roster.available)
      .filter(([id, entry]) => id !== agentId && entry.channels.includes('voice'))
      .map(([id]) => id);
    if (offeredTo.length === 0) return fail(deskError('consult.noneAvailable', { name: target.name }));
  } else {
    return fail(deskError('consult.targetUnsupported'));
  }
  const timeoutAt = after(d.now, policy.consultSeconds);
  const next: Contact = { ...call.value, onHold: true, consult: { target, state: 'requested', requestedAt: d.iso, timeoutAt, offeredTo } };
  delete next.consultFailed;
  d.setContact(next);
  d.setTimer(timerId('consult', contactId), { kind: 'consult', contactId, at: timeoutAt });
  d.emit({ type: 'showInteraction', contactId }, { type: 'showConsultRequest', contactId, to: offeredTo });
  return ok(undefined);
}

/** The target accepts (CON-6); on a queue consult the first accept wins and the others' cards say taken (XFER-2). */
export function acceptConsult(d: Draft, actor: Actor, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const contact = d.contact(contactId);
  const consult = contact?.consult;
  if (contact && !consult && contact.takenBy) return fail(deskError('consult.taken', { name: contact.takenBy }));
  if (!contact || !consult?.offeredTo.includes(actor.id)) return fail(deskError('consult.notOffered'));
  if (consult.state !== 'requested') return fail(deskError('consult.taken', { name: consult.partyName ?? '' }));
  if (consult.mode === 'transfer') {
    takeTransfer(d, contact, actor, policy);
    return ok(undefined);
  }
  d.setContact({ ...contact, consult: { ...consult, state: 'active', party: actor.id, partyName: actor.name } });
  d.clearTimer(timerId('consult', contactId));
  const party = d.agent(actor.id);
  if (party) enterState(d, party, 'Engaged', policy);
  d.emit({ type: 'showInteraction', contactId }, { type: 'showConsultRequest', contactId, to: consult.offeredTo });
  return ok(undefined);
}

/** The platform reports that a dialled consult number answered (SPEC 10 `consult.answered`). */
export function consultAnswered(d: Draft, contactId: string): Result<void, DeskError> {
  const contact = d.contact(contactId);
  const consult = contact?.consult;
  if (!contact || !consult || consult.state !== 'requested' || consult.target.kind !== 'dialNumber') return fail(deskError('consult.none'));
  d.setContact({ ...contact, consult: { ...consult, state: 'active', party: `tel:${consult.target.id}`, partyName: consult.target.name } });
  d.clearTimer(timerId('consult', contactId));
  d.emit({ type: 'showInteraction', contactId });
  return ok(undefined);
}

/** The target declines: when nobody is left to ask, the requester gets a clear consult-failed card (CON-7). */
export function declineConsult(d: Draft, actorId: string, contactId: string): Result<void, DeskError> {
  const contact = d.contact(contactId);
  const consult = contact?.consult;
  if (!contact || !consult || consult.state !== 'requested' || !consult.offeredTo.includes(actorId)) return fail(deskError('consult.notOffered'));
  const remaining = without(consult.offeredTo, actorId);
  d.emit({ type: 'showConsultRequest', contactId, to: consult.offeredTo });
  if (remaining.length > 0) {
    d.setContact({ ...contact, consult: { ...consult, offeredTo: remaining } });
    return ok(undefined);
  }
  if (consult.mode === 'transfer') transferNotTaken(d, contact);
  else failConsult(d, contact, 'declined');
  return ok(undefined);
}

/** Nobody accepted in time: an agent target goes RONA (CON-7), the requester is told. */
export function consultTimedOut(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const consult = contact.consult;
  if (consult?.state !== 'requested') return;
  if (consult.mode === 'transfer') {
    d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
    transferNotTaken(d, contact);
    return;
  }
  if (consult.target.kind === 'agent') {
    const target = d.agent(consult.target.id);
    if (target && (target.state === 'Available' || target.state === 'Idle')) enterState(d, target, 'RONA', policy);
  }
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
  failConsult(d, contact, 'noAnswer');
}

/** CON-8 Resume: the customer comes off hold and the consulted party is held ("Consult on hold"). */
export function resumeCustomer(d: Draft, agentId: string, contactId: string): Result<void, DeskError> {
  const call = requesterCall(d, agentId, contactId);
  if (!call.ok) return call;
  const consult = call.value.consult;
  if (!consult) return setCustomerHold(d, call.value, false);
  if (consult.state === 'requested') {
    // CON-7: Resume stays enabled before the accept; it withdraws the request.
    d.emit({ type: 'showConsultRequest', contactId, to: consult.offeredTo });
    return endConsultOn(d, call.value);
  }
  if (consult.state !== 'active') return fail(deskError('consult.notAccepted'));
  d.setContact({ ...call.value, onHold: false, consult: { ...consult, state: 'held' } });
  d.emit({ type: 'showInteraction', contactId }, { type: 'showConsultRequest', contactId, to: [consult.party!] });
  return ok(undefined);
}

/** Back to the consulted party: they come off hold and the customer goes on hold (HOLD-1: never both on hold). */
export function resumeParty(d: Draft, agentId: string, contactId: string): Result<void, DeskError> {
  const call = requesterCall(d, agentId, contactId);
  if (!call.ok) return call;
  const consult = call.value.consult;
  if (consult?.state !== 'held') return fail(deskError('consult.notAccepted'));
  d.setContact({ ...call.value, onHold: true, consult: { ...consult, state: 'active' } });
  d.emit({ type: 'showInteraction', contactId }, { type: 'showConsultRequest', contactId, to: [consult.party!] });
  return ok(undefined);
}

/** Agent 1 ends the consult, or the consulted party leaves; the call continues with the customer (CON-6). */
export function endConsult(d: Draft, actorId: string, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const contact = d.contact(contactId);
  const consult = contact?.consult;
  if (!contact || !consult) return fail(deskError('consult.none'));
  if (actorId !== contact.agentId && actorId !== consult.party) return fail(deskError('contact.notYours'));
  d.emit({ type: 'showConsultRequest', contactId, to: consult.offeredTo });
  const result = endConsultOn(d, contact);
  releaseParty(d, consult.party, policy);
  return result;
}

/** CON-8 Transfer: the call goes to the consulted party; agent 1 goes to wrap-up (XFER-1). */
export function transferToParty(d: Draft, agentId: string, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const call = requesterCall(d, agentId, contactId);
  if (!call.ok) return call;
  const consult = call.value.consult;
  if (!consult?.party || consult.state === 'requested') return fail(deskError('consult.notAccepted'));
  const partyId = consult.party;
  const party = d.agent(partyId) ?? newAgent(partyId, consult.partyName ?? '', d.now);
  const receiving: Agent = { ...party, active: [...without(party.active, contactId), contactId] };
  d.setAgent(receiving);
  enterState(d, receiving, 'Engaged', policy);
  const sender = d.agent(agentId)!;
  const released = { ...sender, active: without(sender.active, contactId), wrapUps: [...(sender.wrapUps ?? []), contactId] };
  d.setAgent(released);
  settle(d, released, policy);
  const next: Contact = {
    ...call.value,
    agentId: partyId,
    onHold: false,
    transferredFrom: [...(call.value.transferredFrom ?? []), agentId],
    transferredToName: party.name,
  };
  delete next.consult;
  d.setContact(next);
  d.clearTimer(timerId('consult', contactId));
  d.emit(
    { type: 'showInteraction', contactId, agentId },
    { type: 'showInteraction', contactId, agentId: partyId },
    { type: 'showWrapUp', contactId, agentId },
    { type: 'showConsultRequest', contactId, to: [partyId] },
  );
  return ok(undefined);
}

/** CON-8 Conference: a three-way call; the customer comes off hold and the party joins. */
export function conference(d: Draft, agentId: string, contactId: string): Result<void, DeskError> {
  const call = requesterCall(d, agentId, contactId);
  if (!call.ok) return call;
  const consult = call.value.consult;
  if (!consult?.party || consult.state === 'requested') return fail(deskError('consult.notAccepted'));
  d.setContact({ ...call.value, onHold: false, consult: { ...consult, state: 'conference' } });
  d.emit({ type: 'showInteraction', contactId }, { type: 'showConsultRequest', contactId, to: [consult.party] });
  return ok(undefined);
}

/** CON-9: when the call ends during a consult, agent 2 leaves without wrap-up. */
export function dropConsultOnEnd(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const consult = contact.consult;
  if (!consult) return;
  d.clearTimer(timerId('consult', contact.id));
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
  releaseParty(d, consult.party, policy);
}

/** The consulted agent goes back to work; a consult never owes a wrap-up (CON-9). */
function releaseParty(d: Draft, partyId: string | undefined, policy: DeskPolicy): void {
  const party = partyId ? d.agent(partyId) : undefined;
  if (party && party.state === 'Engaged' && (party.active ?? []).length === 0) enterState(d, party, 'Available', policy);
  else if (party) settle(d, party, policy);
}

function failConsult(d: Draft, contact: Contact, reason: 'declined' | 'noAnswer'): void {
  const next: Contact = { ...contact, consultFailed: { reason, name: contact.consult?.target.name ?? '' } };
  delete next.consult;
  d.setContact(next);
  d.clearTimer(timerId('consult', contact.id));
  d.emit({ type: 'showInteraction', contactId: contact.id });
}

function endConsultOn(d: Draft, contact: Contact): Result<void, DeskError> {
  const next: Contact = { ...contact, onHold: false };
  delete next.consult;
  d.setContact(next);
  d.clearTimer(timerId('consult', contact.id));
  d.emit({ type: 'showInteraction', contactId: contact.id });
  return ok(undefined);
}

function setCustomerHold(d: Draft, contact: Contact, onHold: boolean): Result<void, DeskError> {
  d.setContact({ ...contact, onHold });
  d.emit({ type: 'showInteraction', contactId: contact.id });
  return ok(undefined);
}

/** The contact if `agentId` is its agent (agent 1) and it is a connected call (CON-1, CON-9). */
function requesterCall(d: Draft, agentId: string, contactId: string): Result<Contact, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  if (contact.agentId !== agentId) return fail(deskError(contact.consult?.party === agentId ? 'consult.requesterOnly' : 'contact.notYours'));
  if (contact.channel !== 'voice' || contact.status !== 'connected') return fail(deskError('consult.needsCall'));
  return ok(contact);
}
