import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { connect, endContact, ownContact } from './lifecycle.js';
import type { Contact, DeskPolicy } from './model.js';
import { settle, without } from './presence.js';
import { confirm, tell } from './platform-commands.js';
import { aroundContact } from './reads.js';
import { fail, ok, type Result } from './result.js';
import { after } from './timers.js';

/** What an agent does with a contact of their own: its records and the people around it. */
const onContact = { reads: (cmd: { contactId: string }, seen: Parameters<typeof aroundContact>[0]) => aroundContact(seen, cmd.contactId) };

/** Accept on a popover, or "Accept N requests" (PO-3): chat, email and social only; calls are answered on the phone. */
export const acceptContacts: HandlerFor<'contact.accept'> = {
  reads: (cmd) => ({ contacts: cmd.contactIds }),
  decide(d, cmd, policy, me) {
    if (cmd.contactIds.length === 0) return fail(deskError('contact.notOffered'));
    for (const id of cmd.contactIds) {
      const owned = ownContact(d, me.id, id);
      if (!owned.ok) return owned;
      if (owned.value.status !== 'offered') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notOffered'));
      if (owned.value.channel === 'voice') return fail(deskError('contact.answerOnPhone'));
    }
    const ids = [...new Set(cmd.contactIds)];
    for (const id of ids) connect(d, d.contact(id)!, d.agent(me.id)!, policy);
    d.emit(confirm({ type: 'contact.accept', agentId: me.id, contactIds: ids }));
    return ok(undefined);
  },
};

/** Hold a connected call (HOLD-1). */
export const holdContact: HandlerFor<'contact.hold'> = { ...onContact, decide: (d, cmd, _policy, me) => setHold(d, me.id, cmd.contactId, true) };

/** Take a call off hold (HOLD-1). */
export const resumeContact: HandlerFor<'contact.resume'> = { ...onContact, decide: (d, cmd, _policy, me) => setHold(d, me.id, cmd.contactId, false) };

/** End pressed on the interaction card; refused while on hold (HOLD-1). */
export const endByAgent: HandlerFor<'contact.end'> = {
  ...onContact,
  decide(d, cmd, policy, me) {
    const owned = ownContact(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    if (owned.value.status !== 'connected') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
    if (owned.value.onHold) return fail(deskError('contact.onHold'));
    d.emit(confirm({ type: 'contact.end', agentId: me.id, contactId: cmd.contactId }));
    return endContact(d, owned.value, 'agent', policy);
  },
};

/** Web callback cancelled before the customer answers: the contact ends and wrap-up follows (CB-1). */
export const cancelCallback: HandlerFor<'callback.cancel'> = {
  ...onContact,
  decide(d, cmd, policy, me) {
    const owned = ownContact(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    if (owned.value.kind !== 'webCallback') return fail(deskError('contact.notCallback'));
    if (owned.value.status === 'ended') return fail(deskError('contact.ended'));
    // Cancelled from the popover: it still counts as handled, so it is connected first, then ended.
    if (owned.value.status === 'offered') connect(d, owned.value, me, policy);
    d.emit(confirm({ type: 'callback.cancel', agentId: me.id, contactId: cmd.contactId }));
    return endContact(d, d.contact(cmd.contactId)!, 'agent', policy);
  },
};

/** Privacy Shield (REC-1): pause recording for the admin's duration; it resumes by itself at the deadline. */
export const pauseRecording: HandlerFor<'recording.pause'> = {
  ...onContact,
  decide(d, cmd, policy, me) {
    const owned = connectedCall(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    const recording = owned.value.recording;
    if (!recording?.on) return fail(deskError('recording.off'));
    if (recording.pausedUntil) return fail(deskError('recording.alreadyPaused'));
    if (owned.value.consult) return fail(deskError('consult.inProgress'));
    const until = after(d.now, policy.privacyShieldSeconds);
    d.setContact({ ...owned.value, recording: { on: true, pausedUntil: until } });
    d.emit({ type: 'showInteraction', contactId: cmd.contactId }, confirm({ type: 'recording.pause', agentId: me.id, contactId: cmd.contactId, until }));
    return ok(undefined);
  },
};

/** The agent's own resume of a paused recording (REC-1: manual resume is allowed). */
export const resumeRecordingByAgent: HandlerFor<'recording.resume'> = {
  ...onContact,
  decide(d, cmd, _policy, me) {
    const owned = connectedCall(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    const resumed = resumeRecording(d, owned.value);
    if (resumed.ok) d.emit(confirm({ type: 'recording.resume', agentId: me.id, contactId: cmd.contactId }));
    return resumed;
  },
};

/** Resumes a paused recording, by the agent or by the Privacy Shield deadline (REC-1). */
export function resumeRecording(d: Draft, contact: Contact): Result<void, DeskError> {
  if (!contact.recording?.pausedUntil) return fail(deskError('recording.notPaused'));
  d.setContact({ ...contact, recording: { on: contact.recording.on } });
  d.emit({ type: 'showInteraction', contactId: contact.id });
  return ok(undefined);
}

/** Submits the wrap-up (and outcome) code of an ended contact; the last one returns the agent to work (WRAP-1). */
export const submitWrapUp: HandlerFor<'wrapUp.submit'> = {
  reads: (cmd) => ({ contacts: [cmd.contactId] }),
  decide(d, cmd, policy, me) {
    const contact = d.contact(cmd.contactId);
    if (!contact || !(me.wrapUps ?? []).includes(cmd.contactId)) return fail(deskError('wrapUp.notPending'));
    const refused = checkCodes(cmd.code, cmd.outcome, policy);
    if (refused) return fail(refused);
    d.setContact({ ...contact, wrapUp: { code: cmd.code!, ...(cmd.outcome ? { outcome: cmd.outcome } : {}), by: me.id, at: d.iso } });
    const next = { ...me, wrapUps: without(me.wrapUps, cmd.contactId) };
    d.setAgent(next);
    d.emit(
      { type: 'showWrapUp', contactId: cmd.contactId },
      tell({ type: 'wrapUp.submit', agentId: me.id, contactId: cmd.contactId, code: cmd.code!, ...(cmd.outcome ? { outcome: cmd.outcome } : {}) }),
    );
    settle(d, next, policy);
    return ok(undefined);
  },
};

function checkCodes(code: string | undefined, outcome: string | undefined, policy: DeskPolicy): DeskError | undefined {
  if (!code) return deskError('wrapUp.codeRequired');
  if (!policy.wrapUpCodeIds.includes(code)) return deskError('wrapUp.unknownCode');
  if (policy.outcomeCodeIds.length > 0 && !outcome) return deskError('wrapUp.outcomeRequired');
  if (outcome && !policy.outcomeCodeIds.includes(outcome)) return deskError('wrapUp.unknownOutcome');
  return undefined;
}

function setHold(d: Draft, agentId: string, contactId: string, onHold: boolean): Result<void, DeskError> {
  const owned = connectedCall(d, agentId, contactId);
  if (!owned.ok) return owned;
  // During a consult the consult's own Resume decides who is held (HOLD-1: never both).
  if (owned.value.consult) return fail(deskError('consult.inProgress'));
  if (owned.value.onHold !== onHold) {
    d.setContact({ ...owned.value, onHold });
    d.emit({ type: 'showInteraction', contactId }, confirm({ type: onHold ? 'contact.hold' : 'contact.resume', agentId, contactId }));
  }
  return ok(undefined);
}

/** The contact if it is this agent's connected call. */
export function connectedCall(d: Draft, agentId: string, contactId: string): Result<Contact, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  if (owned.value.channel !== 'voice') return fail(deskError('contact.notVoice'));
  if (owned.value.status !== 'connected') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
  return owned;
}
