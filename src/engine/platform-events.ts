import { connectedCall } from './contact-handlers.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { requeue } from './lifecycle.js';
import type { Contact } from './model.js';
import { notTaken } from './offers.js';
import { aroundContact, type Reads, type Seen } from './reads.js';
import { fail, ok, type Result } from './result.js';
import { after } from './timers.js';

/**
 * Outcomes the platform reports after the desk let go, or changes it made on
 * its own (PLAT-2): a dialled consult that failed, a transfer that did not
 * land, recording and hold changed at the platform, a conference joined.
 * Each reads the contact and the people around it, like the agent's own
 * commands on that contact.
 */
const onContact = { reads: (cmd: { contactId: string }, seen: Seen): Reads => aroundContact(seen, cmd.contactId) };

/** The consulted party declined or never answered (CON-7): the requester is told; a queue transfer waits in its queue (XFER-1). */
export const consultFailed: HandlerFor<'consult.failed'> = {
  ...onContact,
  decide(d, cmd) {
    const contact = d.contact(cmd.contactId);
    const consult = contact?.consult;
    if (!contact || !consult) return fail(deskError('consult.none'));
    if (consult.state !== 'requested') return fail(deskError('consult.taken', { name: consult.partyName ?? consult.target.name }));
    d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
    notTaken(d, contact, cmd.reason);
    return ok(undefined);
  },
};

/**
 * A transfer did not land after the desk let go (XFER-1: the sender is told):
 * the call is back in its queue and the sender's card says so. An offered
 * transfer is withdrawn; a call handed to a dialled number that did not answer
 * comes back to the desk as a waiting call.
 */
export const transferFailed: HandlerFor<'transfer.failed'> = {
  ...onContact,
  decide(d, cmd) {
    const contact = d.contact(cmd.contactId);
    if (!contact) return fail(deskError('contact.unknown'));
    const sender = contact.transferredFrom?.at(-1);
    if (!sender) return fail(deskError('transfer.none'));
    const failed = { name: contact.transferredToName ?? '' };
    if (contact.consult?.mode === 'transfer') {
      d.emit({ type: 'showConsultRequest', contactId: contact.id, to: contact.consult.offeredTo });
      notTaken(d, contact, 'noAnswer');
      return ok(undefined);
    }
    if (contact.status === 'offered') {
      requeue(d, contact, { transferFailed: failed });
      return ok(undefined);
    }
    if (contact.status === 'queued') {
      d.setContact({ ...contact, transferFailed: failed });
      d.emit({ type: 'showInteraction', contactId: contact.id, agentId: sender });
      return ok(undefined);
    }
    return backFromNumber(d, contact, sender, failed);
  },
};

/** A call that left for a dialled number (blind, or to a dialled consult party) comes back to its queue. */
function backFromNumber(d: Draft, contact: Contact, sender: string, failed: { name: string }): Result<void, DeskError> {
  const toNumber = contact.status === 'connected' ? contact.agentId?.startsWith('tel:') : contact.endedBy === 'agent' && contact.agentId === sender;
  if (!toNumber) return fail(deskError(contact.status === 'ended' ? 'contact.ended' : 'transfer.none'));
  const back: Contact = { ...contact, status: 'queued', transferFailed: failed, declinedBy: [...new Set([...(contact.declinedBy ?? []), sender])] };
  for (const field of ['agentId', 'offeredAt', 'ronaAt', 'consult', 'onHold', 'endedAt', 'endedBy'] as const) delete back[field];
  if (back.recording) back.recording = { on: back.recording.on };
  d.setContact(back);
  d.emit(
    { type: 'showInteraction', contactId: contact.id, agentId: sender },
    { type: 'notify', event: { kind: 'contact.queued', contactId: contact.id, queue: contact.queue } },
    { type: 'routeWaiting' },
  );
  return ok(undefined);
}

/** The platform changed the recording (REC-1): on, paused (until a time, or the admin's Privacy Shield time) or off. */
export const recordingChanged: HandlerFor<'recording.changed'> = {
  ...onContact,
  decide(d, cmd, policy) {
    const call = liveCall(d, cmd.contactId);
    if (!call.ok) return call;
    const recording = cmd.state === 'paused' ? { on: true, pausedUntil: cmd.until ?? after(d.now, policy.privacyShieldSeconds) } : { on: cmd.state === 'on' };
    if (JSON.stringify(recording) === JSON.stringify(call.value.recording ?? {})) return ok(undefined);
    d.setContact({ ...call.value, recording });
    d.emit({ type: 'showInteraction', contactId: cmd.contactId });
    return ok(undefined);
  },
};

/** The platform put the customer on hold or took them off it (HOLD-1); during a consult the consult's own Resume decides. */
export const holdChanged: HandlerFor<'contact.holdChanged'> = {
  ...onContact,
  decide(d, cmd) {
    const call = liveCall(d, cmd.contactId);
    if (!call.ok) return call;
    if (call.value.consult) return fail(deskError('consult.inProgress'));
    if (Boolean(call.value.onHold) === cmd.onHold) return ok(undefined);
    d.setContact({ ...call.value, onHold: cmd.onHold });
    d.emit({ type: 'showInteraction', contactId: cmd.contactId });
    return ok(undefined);
  },
};

/** The consulted party joined a three-way call made at the platform (CON-8). */
export const conferenceJoined: HandlerFor<'conference.joined'> = {
  ...onContact,
  decide(d, cmd) {
    const call = liveCall(d, cmd.contactId);
    if (!call.ok) return call;
    const consult = call.value.consult;
    if (!consult) return fail(deskError('consult.none'));
    if (consult.state === 'requested') return fail(deskError('consult.notAccepted'));
    if (consult.state === 'conference') return ok(undefined);
    d.setContact({ ...call.value, onHold: false, consult: { ...consult, state: 'conference' } });
    d.emit(
      { type: 'showInteraction', contactId: cmd.contactId },
      { type: 'showConsultRequest', contactId: cmd.contactId, to: consult.party ? [consult.party] : [] },
    );
    return ok(undefined);
  },
};

/** The contact if it is a connected call, whoever's it is (the platform speaks for every agent). */
function liveCall(d: Draft, contactId: string): Result<Contact, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  return connectedCall(d, contact.agentId ?? '', contactId);
}
