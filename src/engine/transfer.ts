import type { ConsultTarget } from './consult-model.js';
import type { Draft } from './draft.js';
import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { endContact, offerTo, ownContact, requeue, toWrapUp } from './lifecycle.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { offerToMany } from './offers.js';
import { confirm } from './platform-commands.js';
import { aroundContact, mergeReads } from './reads.js';
import { fail, ok } from './result.js';
import { resolveTarget } from './targets.js';

/**
 * Blind transfer (XFER-1): the contact goes at once to an Available agent, a
 * queue or entry point (never back to the sender), or out to a dialled number;
 * the sender goes to wrap-up. If the receiving agent does not accept, the
 * contact returns to its queue and the sender is told.
 */
export const blindTransfer: HandlerFor<'transfer.blind'> = {
  reads(cmd, seen, policy) {
    const resolved = resolveTarget(cmd.target, policy);
    const target = resolved.ok ? resolved.value : cmd.target;
    const channel = seen.contact(cmd.contactId)?.channel;
    return mergeReads(aroundContact(seen, cmd.contactId), {
      agents: target.kind === 'agent' ? [target.id] : [],
      ready: (target.kind === 'queue' || target.kind === 'entryPoint') && channel ? [channel] : [],
    });
  },
  decide(d, cmd, policy, me) {
    const owned = ownContact(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    const contact = owned.value;
    if (contact.status !== 'connected') return fail(deskError(contact.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
    if (contact.consult) return fail(deskError('consult.inProgress'));
    if (cmd.target.id === me.id) return fail(deskError('consult.self'));
    const resolved = resolveTarget(cmd.target, policy);
    if (!resolved.ok) return resolved;
    const target = resolved.value;

    let receiver: Agent | undefined;
    let queue = contact.queue;
    if (target.kind === 'agent') {
      // XFER-1: only an Available agent, never one in WrapUp.
      receiver = d.agent(target.id);
      if (receiver?.state !== 'Available') return fail(deskError('transfer.targetUnavailable', { name: target.name }));
    } else if (target.kind === 'queue' || target.kind === 'entryPoint') {
      queue = target.kind === 'queue' ? target.id : policy.entryPoints.get(target.id)!.queue;
      const channels = policy.queueChannels.get(queue);
      if (!channels) return fail(deskError('queue.unknown', { queue }));
      if (!channels.includes(contact.channel)) return fail(deskError('queue.channelNotServed', { queue, channel: contact.channel }));
    }

    const handed: Contact = {
      ...contact,
      queue,
      onHold: false,
      transferredFrom: [...(contact.transferredFrom ?? []), me.id],
      transferredToName: target.name,
      // The contact can never route back to the sender.
      declinedBy: [...new Set([...(contact.declinedBy ?? []), me.id])],
    };
    delete handed.transferFailed;
    d.emit(confirm({ type: 'transfer.blind', agentId: me.id, contactId: cmd.contactId, target }));
    if (target.kind === 'dialNumber') {
      // Out of the desk: the call goes to the number, and for the desk it ends here; the sender wraps up.
      d.setContact(handed);
      return endContact(d, handed, 'agent', policy);
    }
    // Still a live call, held by nobody until it is offered on or queued.
    const unassigned: Contact = { ...handed };
    delete unassigned.agentId;
    d.setContact(unassigned);
    toWrapUp(d, me.id, cmd.contactId, policy);
    if (receiver) offerTo(d, unassigned, d.agent(receiver.id)!, policy);
    else offerToQueue(d, unassigned, target, policy);
    return ok(undefined);
  },
};

/**
 * XFER-2: a queue transfer is offered to every eligible agent at once; the
 * first to accept takes the call. Nobody eligible: it waits in the queue.
 */
function offerToQueue(d: Draft, contact: Contact, target: ConsultTarget, policy: DeskPolicy): void {
  const eligible = d
    .ready(contact.channel)
    .map((e) => e.agentId)
    .filter((id) => !(contact.declinedBy ?? []).includes(id));
  if (eligible.length === 0) {
    requeue(d, contact);
    return;
  }
  offerToMany(d, contact, target, eligible, 'transfer', policy);
}
