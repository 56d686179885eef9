import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { releaseParty, toWrapUp } from './lifecycle.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { claim, declineOne, notTaken, offerToMany } from './offers.js';
import { enterState, newAgent, without } from './presence.js';
import { confirm, tell } from './platform-commands.js';
import { aroundContact, mergeReads, type Reads, type Seen } from './reads.js';
import { fail, ok, type Result } from './result.js';
import { resolveTarget } from './targets.js';

/** Consult commands read the call, its agent and its consulted party. */
const onCall = { reads: (cmd: { contactId: string }, seen: Seen): Reads => aroundContact(seen, cmd.contactId) };

/** Agent 1 asks for a consult on an active call (CON-1, CON-5); the customer goes on hold. */
export const startConsult: HandlerFor<'consult.start'> = {
  reads(cmd, seen, policy) {
    const resolved = resolveTarget(cmd.target, policy);
    const target = resolved.ok ? resolved.value : cmd.target;
    return mergeReads(aroundContact(seen, cmd.contactId), {
      agents: target.kind === 'agent' ? [target.id] : [],
      ready: target.kind === 'queue' || target.kind === 'entryPoint' ? ['voice'] : [],
    });
  },
  decide(d, cmd, policy, me) {
    const call = requesterCall(d, me.id, cmd.contactId);
    if (!call.ok) return call;
    if (call.value.consult) return fail(deskError('consult.inProgress'));
    if (cmd.target.id === me.id) return fail(deskError('consult.self'));
    const resolved = resolveTarget(cmd.target, policy);
    if (!resolved.ok) return resolved;
    const target = resolved.value;
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
    } else {
      const queue = target.kind === 'queue' ? target.id : policy.entryPoints.get(target.id)!.queue;
      if (!policy.queueChannels.get(queue)?.includes('voice')) return fail(deskError('consult.targetUnsupported'));
      // XFER-2: offered to every agent who could take a call now; the first to accept wins.
      offeredTo = d
        .ready('voice')
        .map((e) => e.agentId)
        .filter((id) => id !== me.id);
      if (offeredTo.length === 0) return fail(deskError('consult.noneAvailable', { name: target.name }));
    }
    const onHold: Contact = { ...call.value, onHold: true };
    delete onHold.consultFailed;
    offerToMany(d, onHold, target, offeredTo, 'consult', policy);
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      confirm({ type: 'consult.start', agentId: me.id, contactId: cmd.contactId, target, offeredTo }),
    );
    return ok(undefined);
  },
};

/** The target accepts (CON-6); on a queue consult or transfer the first accept wins and the others' cards say taken (XFER-2). */
export const acceptConsult: HandlerFor<'consult.accept'> = {
  ...onCall,
  decide(d, cmd, policy, me) {
    const claimed = claim(d.contact(cmd.contactId), me.id);
    if (!claimed.ok) return claimed;
    const contact = claimed.value;
    const consult = contact.consult;
    if (consult.mode === 'transfer') {
      // XFER-2: the first accept takes the call itself.
      const next: Contact = { ...contact, agentId: me.id, takenBy: me.name };
      delete next.consult;
      d.setContact(next);
      const receiving = { ...me, active: [...without(me.active, contact.id), contact.id] };
      d.setAgent(receiving);
      enterState(d, receiving, 'Engaged', policy);
      d.emit(
        { type: 'showInteraction', contactId: contact.id, agentId: me.id },
        { type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo },
        confirm({ type: 'consult.accept', agentId: me.id, contactId: contact.id }),
      );
      return ok(undefined);
    }
    d.setContact({ ...contact, consult: { ...consult, state: 'active', party: me.id, partyName: me.name } });
    enterState(d, me, 'Engaged', policy);
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      { type: 'showConsultRequest', contactId: cmd.contactId, to: consult.offeredTo },
      confirm({ type: 'consult.accept', agentId: me.id, contactId: cmd.contactId }),
    );
    return ok(undefined);
  },
};

/** The target declines: when nobody is left to ask, the requester gets a clear consult-failed card (CON-7). */
export const declineConsult: HandlerFor<'consult.decline'> = {
  ...onCall,
  decide(d, cmd, _policy, me) {
    const contact = d.contact(cmd.contactId);
    if (!contact) return fail(deskError('consult.notOffered'));
    const declined = declineOne(d, contact, me.id);
    if (declined.ok) d.emit(tell({ type: 'consult.decline', agentId: me.id, contactId: cmd.contactId }));
    return declined;
  },
};

/** The platform reports that a dialled consult number answered (SPEC 10 `consult.answered`). */
export const consultAnswered: HandlerFor<'consult.answered'> = {
  ...onCall,
  decide(d, cmd) {
    const contact = d.contact(cmd.contactId);
    const consult = contact?.consult;
    if (!contact || !consult || consult.state !== 'requested' || consult.target.kind !== 'dialNumber') return fail(deskError('consult.none'));
    d.setContact({ ...contact, consult: { ...consult, state: 'active', party: `tel:${consult.target.id}`, partyName: consult.target.name } });
    d.emit({ type: 'showInteraction', contactId: cmd.contactId });
    return ok(undefined);
  },
};

/** Nobody accepted in time: an agent target goes RONA (CON-7), the requester is told; a queue transfer waits in its queue. */
export function consultTimedOut(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const consult = contact.consult;
  if (consult?.state !== 'requested') return;
  if (consult.mode !== 'transfer' && consult.target.kind === 'agent') {
    const target = d.agent(consult.target.id);
    if (target && (target.state === 'Available' || target.state === 'Idle')) enterState(d, target, 'RONA', policy);
  }
  d.emit(
    { type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo },
    tell({ type: 'consult.cancel', contactId: contact.id, reason: 'noAnswer' }),
  );
  notTaken(d, contact, 'noAnswer');
}

/** CON-8 Resume: the customer comes off hold and the consulted party is held ("Consult on hold"); before the accept it withdraws the request (CON-7). */
export const resumeCustomer: HandlerFor<'consult.resumeCustomer'> = {
  ...onCall,
  decide(d, cmd, _policy, me) {
    const call = requesterCall(d, me.id, cmd.contactId);
    if (!call.ok) return call;
    const consult = call.value.consult;
    if (!consult) {
      if (call.value.onHold) d.emit(confirm({ type: 'contact.resume', agentId: me.id, contactId: cmd.contactId }));
      return setCustomerHold(d, call.value, false);
    }
    if (consult.state === 'requested') {
      d.emit(
        { type: 'showConsultRequest', contactId: cmd.contactId, to: consult.offeredTo },
        confirm({ type: 'consult.end', agentId: me.id, contactId: cmd.contactId }),
      );
      return endConsultOn(d, call.value);
    }
    if (consult.state !== 'active') return fail(deskError('consult.notAccepted'));
    d.setContact({ ...call.value, onHold: false, consult: { ...consult, state: 'held' } });
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      { type: 'showConsultRequest', contactId: cmd.contactId, to: [consult.party!] },
      confirm({ type: 'consult.resume', agentId: me.id, contactId: cmd.contactId, party: 'customer' }),
    );
    return ok(undefined);
  },
};

/** Back to the consulted party: they come off hold and the customer goes on hold (HOLD-1: never both on hold). */
export const resumeParty: HandlerFor<'consult.resumeParty'> = {
  ...onCall,
  decide(d, cmd, _policy, me) {
    const call = requesterCall(d, me.id, cmd.contactId);
    if (!call.ok) return call;
    const consult = call.value.consult;
    if (consult?.state !== 'held') return fail(deskError('consult.notAccepted'));
    d.setContact({ ...call.value, onHold: true, consult: { ...consult, state: 'active' } });
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      { type: 'showConsultRequest', contactId: cmd.contactId, to: [consult.party!] },
      confirm({ type: 'consult.resume', agentId: me.id, contactId: cmd.contactId, party: 'consulted' }),
    );
    return ok(undefined);
  },
};

/** Agent 1 ends the consult, or the consulted party leaves; the call continues with the customer (CON-6). */
export const endConsult: HandlerFor<'consult.end'> = {
  ...onCall,
  decide(d, cmd, policy, me) {
    const contact = d.contact(cmd.contactId);
    const consult = contact?.consult;
    if (!contact || !consult) return fail(deskError('consult.none'));
    if (me.id !== contact.agentId && me.id !== consult.party) return fail(deskError('contact.notYours'));
    d.emit(
      { type: 'showConsultRequest', contactId: cmd.contactId, to: consult.offeredTo },
      confirm({ type: 'consult.end', agentId: me.id, contactId: cmd.contactId }),
    );
    const result = endConsultOn(d, contact);
    releaseParty(d, consult.party, policy);
    return result;
  },
};

/** CON-8 Transfer: the call goes to the consulted party; agent 1 goes to wrap-up (XFER-1). */
export const transferToParty: HandlerFor<'consult.transfer'> = {
  ...onCall,
  decide(d, cmd, policy, me) {
    const call = requesterCall(d, me.id, cmd.contactId);
    if (!call.ok) return call;
    const consult = call.value.consult;
    if (!consult?.party || consult.state === 'requested') return fail(deskError('consult.notAccepted'));
    const partyId = consult.party;
    const party = partyId.startsWith('tel:') ? undefined : (d.agent(partyId) ?? newAgent(partyId, consult.partyName ?? '', d.now));
    const next: Contact = {
      ...call.value,
      agentId: partyId,
      onHold: false,
      transferredFrom: [...(call.value.transferredFrom ?? []), me.id],
      transferredToName: consult.partyName ?? party?.name ?? '',
    };
    delete next.consult;
    d.setContact(next);
    if (party) {
      const receiving: Agent = { ...party, active: [...without(party.active, cmd.contactId), cmd.contactId] };
      d.setAgent(receiving);
      enterState(d, receiving, 'Engaged', policy);
      d.emit({ type: 'showInteraction', contactId: cmd.contactId, agentId: partyId }, { type: 'showConsultRequest', contactId: cmd.contactId, to: [partyId] });
    }
    toWrapUp(d, me.id, cmd.contactId, policy);
    d.emit(confirm({ type: 'consult.transfer', agentId: me.id, contactId: cmd.contactId, to: partyId }));
    return ok(undefined);
  },
};

/** CON-8 Conference: a three-way call; the customer comes off hold and the party joins. */
export const conference: HandlerFor<'consult.conference'> = {
  ...onCall,
  decide(d, cmd, _policy, me) {
    const call = requesterCall(d, me.id, cmd.contactId);
    if (!call.ok) return call;
    const consult = call.value.consult;
    if (!consult?.party || consult.state === 'requested') return fail(deskError('consult.notAccepted'));
    d.setContact({ ...call.value, onHold: false, consult: { ...consult, state: 'conference' } });
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      { type: 'showConsultRequest', contactId: cmd.contactId, to: [consult.party] },
      confirm({ type: 'consult.conference', agentId: me.id, contactId: cmd.contactId }),
    );
    return ok(undefined);
  },
};

function endConsultOn(d: Draft, contact: Contact): Result<void, DeskError> {
  const next: Contact = { ...contact, onHold: false };
  delete next.consult;
  d.setContact(next);
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
