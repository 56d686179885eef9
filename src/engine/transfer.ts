import type { ConsultTarget } from './consult-model.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { endContact, ownContact } from './interaction.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { enterState, settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { offerTo } from './routing.js';
import { after, timerId } from './timers.js';
import { resolveTarget } from './targets.js';

/**
 * Blind transfer (XFER-1): the contact goes at once to an Available agent, a
 * queue or entry point (never back to the sender), or out to a dialled number;
 * the sender goes to wrap-up. If the receiving agent does not accept, the
 * contact returns to its queue and the sender is told.
 */
export function blindTransfer(d: Draft, agentId: string, contactId: string, requested: ConsultTarget, policy: DeskPolicy): Result<void, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  const contact = owned.value;
  if (contact.status !== 'connected') return fail(deskError(contact.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
  if (contact.consult) return fail(deskError('consult.inProgress'));
  if (requested.id === agentId) return fail(deskError('consult.self'));
  const resolved = resolveTarget(requested, policy);
  if (!resolved.ok) return resolved;
  const target = resolved.value;

  let receiver: Agent | undefined;
  let queue = '';
  if (target.kind === 'agent') {
    // XFER-1: only an Available agent, never one in WrapUp.
    receiver = d.agent(target.id);
    if (receiver?.state !== 'Available') return fail(deskError('transfer.targetUnavailable', { name: target.name }));
  } else if (target.kind === 'queue' || target.kind === 'entryPoint') {
    queue = target.kind === 'queue' ? target.id : policy.entryPoints[target.id]!.queue;
    if (!policy.queueChannels[queue]) return fail(deskError('queue.unknown', { queue }));
    if (!policy.queueChannels[queue]!.includes(contact.channel)) return fail(deskError('queue.channelNotServed', { queue, channel: contact.channel }));
  }

  const handed: Contact = {
    ...contact,
    onHold: false,
    transferredFrom: [...(contact.transferredFrom ?? []), agentId],
    transferredToName: target.name,
    // The contact can never route back to the sender.
    declinedBy: [...new Set([...(contact.declinedBy ?? []), agentId])],
  };
  delete handed.transferFailed;
  if (target.kind === 'dialNumber') {
    // Out of the desk: the call goes to the number, and for the desk it ends here; the sender wraps up.
    d.setContact(handed);
    return endContact(d, handed, 'agent', policy);
  }
  const sender = d.agent(agentId)!;
  const released = { ...sender, active: without(sender.active, contactId), wrapUps: [...(sender.wrapUps ?? []), contactId] };
  d.setAgent(released);
  d.emit({ type: 'showInteraction', contactId, agentId }, { type: 'showWrapUp', contactId, agentId });
  d.setRoster({ ...d.roster, calls: without(d.roster.calls, contactId) });
  if (receiver) {
    offerTo(d, handed, receiver, policy);
  } else {
    offerToQueue(d, { ...handed, queue }, target, policy);
  }
  settle(d, released, policy);
  return ok(undefined);
}

/**
 * XFER-2: a queue transfer is offered to every eligible Available agent at once;
 * the first to accept takes the call. Nobody eligible: it waits in the queue.
 */
function offerToQueue(d: Draft, contact: Contact, target: ConsultTarget, policy: DeskPolicy): void {
  const eligible = Object.entries(d.roster.available)
    .filter(([id, entry]) => entry.channels.includes(contact.channel) && !(contact.declinedBy ?? []).includes(id))
    .map(([id]) => id);
  const next: Contact = { ...contact };
  delete next.agentId;
  if (eligible.length === 0) {
    d.setContact({ ...next, status: 'queued' });
    const waiting = d.queue(contact.queue);
    d.setQueue({ ...waiting, waiting: [contact.id, ...without(waiting.waiting, contact.id)] });
    d.emit({ type: 'routeWaiting' });
    return;
  }
  const timeoutAt = after(d.now, policy.consultSeconds);
  d.setContact({ ...next, consult: { target, state: 'requested', requestedAt: d.iso, timeoutAt, offeredTo: eligible, mode: 'transfer' } });
  d.setTimer(timerId('consult', contact.id), { kind: 'consult', contactId: contact.id, at: timeoutAt });
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: eligible });
}

/** The first accept of a queue transfer takes the call (XFER-2). */
export function takeTransfer(d: Draft, contact: Contact, actor: { id: string; name: string }, policy: DeskPolicy): void {
  const consult = contact.consult!;
  const taker = d.agent(actor.id) ?? { ...newAgentLike(actor, d) };
  const next: Contact = { ...contact, agentId: actor.id, takenBy: actor.name };
  delete next.consult;
  d.clearTimer(timerId('consult', contact.id));
  d.setContact(next);
  const receiving = { ...taker, active: [...without(taker.active, contact.id), contact.id] };
  d.setAgent(receiving);
  enterState(d, receiving, 'Engaged', policy);
  d.emit({ type: 'showInteraction', contactId: contact.id, agentId: actor.id }, { type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
}

/** A queue transfer nobody took: it waits in its queue and the sender is told (XFER-1). */
export function transferNotTaken(d: Draft, contact: Contact): void {
  const next: Contact = { ...contact, status: 'queued', transferFailed: { name: contact.consult?.target.name ?? '' } };
  delete next.consult;
  d.setContact(next);
  d.clearTimer(timerId('consult', contact.id));
  const waiting = d.queue(contact.queue);
  d.setQueue({ ...waiting, waiting: [contact.id, ...without(waiting.waiting, contact.id)] });
  const sender = contact.transferredFrom?.at(-1);
  if (sender) d.emit({ type: 'showInteraction', contactId: contact.id, agentId: sender });
  d.emit({ type: 'routeWaiting' });
}

function newAgentLike(actor: { id: string; name: string }, d: Draft) {
  return { id: actor.id, name: actor.name, state: 'LoggedOut' as const, stateSince: d.iso };
}
