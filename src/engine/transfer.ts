import type { ConsultTarget } from './consult-model.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { endContact, ownContact } from './interaction.js';
import type { Contact, DeskPolicy } from './model.js';
import { settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { offerTo } from './routing.js';
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

  let receiver = undefined;
  let queue = '';
  if (target.kind === 'agent') {
    // XFER-1: only an Available agent, never one in WrapUp.
    receiver = d.agent(target.id);
    if (!receiver || receiver.state !== 'Available') return fail(deskError('transfer.targetUnavailable', { name: target.name }));
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
    const next: Contact = { ...handed, status: 'queued', queue };
    delete next.agentId;
    d.setContact(next);
    const waiting = d.queue(queue);
    d.setQueue({ ...waiting, waiting: [contactId, ...without(waiting.waiting, contactId)] });
    d.emit({ type: 'routeWaiting' });
  }
  settle(d, released, policy);
  return ok(undefined);
}
