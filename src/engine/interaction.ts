import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { isCallback } from './contact-kinds.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { adjustLoad, enterState, settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { dropConsultOnEnd } from './consult.js';
import { returnToQueue } from './routing.js';
import { after, timerId } from './timers.js';

/** The contact if it belongs to this agent, else the refusal. */
export function ownContact(d: Draft, agentId: string, contactId: string): Result<Contact, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  if (contact.agentId !== agentId) return fail(deskError('contact.notYours'));
  return ok(contact);
}

/** Connects an offered contact to its agent, who becomes Engaged (ANS-2 for voice, Accept for the rest). */
function connect(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): Agent {
  const voice = contact.channel === 'voice';
  d.setContact({
    ...contact,
    status: 'connected',
    connectedAt: d.iso,
    ...(voice ? { onHold: false, recording: { on: policy.recordingEnabled } } : {}),
  });
  d.clearTimer(timerId('rona', contact.id));
  d.setRoster(adjustLoad(d.roster, agent.id, voice, -1, d.iso));
  const next = { ...agent, offers: without(agent.offers, contact.id), active: [...(agent.active ?? []), contact.id] };
  d.setAgent(next);
  d.emit({ type: 'showInteraction', contactId: contact.id }, { type: 'showRequests', agentId: agent.id });
  return enterState(d, next, 'Engaged', policy);
}

/** Accept on a popover, or "Accept N requests" (PO-3): chat, email and social only; calls are answered on the phone. */
export function accept(d: Draft, agentId: string, contactIds: readonly string[], policy: DeskPolicy): Result<void, DeskError> {
  if (contactIds.length === 0) return fail(deskError('contact.notOffered'));
  for (const id of contactIds) {
    const owned = ownContact(d, agentId, id);
    if (!owned.ok) return owned;
    if (owned.value.status !== 'offered') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notOffered'));
    if (owned.value.channel === 'voice') return fail(deskError('contact.answerOnPhone'));
  }
  for (const id of contactIds) connect(d, d.contact(id)!, d.agent(agentId)!, policy);
  return ok(undefined);
}

/** The platform reports the agent answered a call on their phone (ANS-2). */
export function answered(d: Draft, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  if (contact.status === 'ended') return fail(deskError('contact.ended'));
  if (contact.status !== 'offered' || !contact.agentId) return fail(deskError('contact.notOffered'));
  connect(d, contact, d.agent(contact.agentId)!, policy);
  return ok(undefined);
}

/** Ends a contact wherever it is; a connected one leaves its agent in wrap-up (WRAP-1, CON-9 customer hang-up). */
export function endContact(d: Draft, contact: Contact, by: 'customer' | 'agent' | 'system', policy: DeskPolicy): Result<void, DeskError> {
  if (contact.status === 'ended') return fail(deskError('contact.ended'));
  const agent = contact.agentId ? d.agent(contact.agentId) : undefined;
  d.clearTimer(timerId('rona', contact.id));
  d.clearTimer(timerId('privacyShield', contact.id));
  d.setRoster({ ...d.roster, calls: without(d.roster.calls, contact.id) });
  if (contact.status === 'queued') {
    const queue = d.queue(contact.queue);
    d.setQueue({ ...queue, waiting: without(queue.waiting, contact.id) });
  }
  dropConsultOnEnd(d, contact, policy);
  const ended: Contact = { ...contact, status: 'ended', endedAt: d.iso, endedBy: by, onHold: false };
  delete ended.consult;
  d.clearTimer(timerId('consult', contact.id));
  d.setContact(ended);
  d.emit({ type: 'notify', event: { kind: 'contact.ended', contactId: contact.id, by } });
  if (!agent) return ok(undefined);
  if (contact.status === 'offered') {
    // Withdrawn before anyone acted: the popover updates, no wrap-up is owed.
    d.setRoster(adjustLoad(d.roster, agent.id, contact.channel === 'voice', -1, d.iso));
    d.setAgent({ ...agent, offers: without(agent.offers, contact.id) });
    d.emit({ type: 'showRequests', agentId: agent.id });
    return ok(undefined);
  }
  const next = { ...agent, active: without(agent.active, contact.id), wrapUps: [...(agent.wrapUps ?? []), contact.id] };
  d.setAgent(next);
  d.emit({ type: 'showInteraction', contactId: contact.id }, { type: 'showWrapUp', contactId: contact.id });
  settle(d, next, policy);
  return ok(undefined);
}

/** End pressed on the interaction card; refused while on hold (HOLD-1). */
export function endByAgent(d: Draft, agentId: string, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  if (owned.value.status !== 'connected') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
  if (owned.value.onHold) return fail(deskError('contact.onHold'));
  return endContact(d, owned.value, 'agent', policy);
}

/** Hold or resume a connected call (HOLD-1). */
export function setHold(d: Draft, agentId: string, contactId: string, onHold: boolean): Result<void, DeskError> {
  const owned = connectedCall(d, agentId, contactId);
  if (!owned.ok) return owned;
  // During a consult the consult's own Resume decides who is held (HOLD-1: never both).
  if (owned.value.consult) return fail(deskError('consult.inProgress'));
  if (owned.value.onHold !== onHold) {
    d.setContact({ ...owned.value, onHold });
    d.emit({ type: 'showInteraction', contactId });
  }
  return ok(undefined);
}

/** Privacy Shield (REC-1): pause recording for the admin's duration; it resumes by itself at the deadline. */
export function pauseRecording(d: Draft, agentId: string, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const owned = connectedCall(d, agentId, contactId);
  if (!owned.ok) return owned;
  const recording = owned.value.recording;
  if (!recording?.on) return fail(deskError('recording.off'));
  if (recording.pausedUntil) return fail(deskError('recording.alreadyPaused'));
  const until = after(d.now, policy.privacyShieldSeconds);
  d.setContact({ ...owned.value, recording: { on: true, pausedUntil: until } });
  d.setTimer(timerId('privacyShield', contactId), { kind: 'privacyShield', contactId, at: until });
  d.emit({ type: 'showInteraction', contactId });
  return ok(undefined);
}

/** Resumes recording, by the agent or by the Privacy Shield deadline (REC-1). */
export function resumeRecording(d: Draft, contact: Contact): Result<void, DeskError> {
  if (!contact.recording?.pausedUntil) return fail(deskError('recording.notPaused'));
  d.setContact({ ...contact, recording: { on: contact.recording.on } });
  d.clearTimer(timerId('privacyShield', contact.id));
  d.emit({ type: 'showInteraction', contactId: contact.id });
  return ok(undefined);
}

/** The agent's own resume of a paused recording. */
export function resumeRecordingByAgent(d: Draft, agentId: string, contactId: string): Result<void, DeskError> {
  const owned = connectedCall(d, agentId, contactId);
  return owned.ok ? resumeRecording(d, owned.value) : owned;
}

/** Web callback cancelled before the customer answers: the contact ends and wrap-up follows (CB-1). */
export function cancelCallback(d: Draft, agentId: string, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  if (owned.value.kind !== 'webCallback') return fail(deskError('contact.notCallback'));
  if (owned.value.status === 'ended') return fail(deskError('contact.ended'));
  const contact = owned.value;
  if (contact.status === 'offered') {
    // Cancelled from the popover: it still counts as handled, so it is connected first, then ended.
    connect(d, contact, d.agent(agentId)!, policy);
  }
  return endContact(d, d.contact(contactId)!, 'agent', policy);
}

/** The customer did not answer a callback: it goes back to its queue (CB-1). */
export function callbackNotAnswered(d: Draft, contactId: string, policy: DeskPolicy): Result<void, DeskError> {
  const contact = d.contact(contactId);
  if (!contact) return fail(deskError('contact.unknown'));
  if (!isCallback(contact.kind)) return fail(deskError('contact.notCallback'));
  if (contact.status === 'ended') return fail(deskError('contact.ended'));
  if (contact.status === 'queued') return fail(deskError('contact.notOffered'));
  const agentId = contact.agentId;
  if (contact.status === 'connected' && agentId) d.emit({ type: 'showInteraction', contactId });
  returnToQueue(d, contact, false);
  const agent = agentId ? d.agent(agentId) : undefined;
  if (agent) settle(d, agent, policy);
  return ok(undefined);
}

function connectedCall(d: Draft, agentId: string, contactId: string): Result<Contact, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  if (owned.value.channel !== 'voice') return fail(deskError('contact.notVoice'));
  if (owned.value.status !== 'connected') return fail(deskError(owned.value.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
  return owned;
}
