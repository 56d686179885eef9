import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import type { DeskPolicy } from './model.js';
import { confirm } from './platform-commands.js';
import { fail, ok, type Result } from './result.js';
import { MAX_SPEAKERS, participant, type SessionParticipant, type SupportSession } from './session-model.js';
import { onSession } from './session-handlers.js';
import { controlledSession, endVoice, leaveVoice, liveSession, saveSession } from './session-steps.js';

/** VC-1: the CSR in control starts a voice call in the session; they are in it and may speak, everyone else is asked to join. */
export const startVoice: HandlerFor<'session.voiceStart'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    const session = found.value;
    if (session.voice) return fail(deskError('voice.alreadyStarted'));
    d.emit(confirm({ type: 'session.voice.start', sessionId: session.id, agentId: me.id, speakers: [me.id] }));
    const participants = session.participants.map((p) => (p.id === me.id && p.kind === 'rep' ? { ...p, inVoice: true } : p));
    saveSession(d, session, { ...session, participants, voice: { startedAt: d.iso, speakers: [me.id] } }, policy);
    return ok(undefined);
  },
};

/** VC-1: the CSR in control ends the voice call; the session goes on. */
export const endVoiceCall: HandlerFor<'session.voiceEnd'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    if (!found.value.voice) return fail(deskError('voice.notStarted'));
    saveSession(d, found.value, endVoice(d, found.value, 'agent', me.id), policy);
    return ok(undefined);
  },
};

/** VC-3: a representative joins the voice call, again after leaving it, without leaving the session. */
export const repJoinsVoice: HandlerFor<'session.voiceJoin'> = {
  ...onSession,
  decide: (d, cmd, policy, me) => joinVoice(d, cmd.sessionId, me.id, 'rep', policy),
};

/** VC-3: a representative leaves the voice call and stays in the session. */
export const repLeavesVoice: HandlerFor<'session.voiceLeave'> = {
  ...onSession,
  decide: (d, cmd, policy, me) => quitVoice(d, cmd.sessionId, me.id, 'rep', policy),
};

/** VC-3 from the customer's page: join or leave the voice call, staying in the session. */
export const customerVoice: HandlerFor<'session.customerVoice'> = {
  ...onSession,
  decide: (d, cmd, policy) => (cmd.join ? joinVoice : quitVoice)(d, cmd.sessionId, cmd.customerId, 'customer', policy),
};

/** VC-2: the CSR in control gives the mic to someone in the call; at most two may speak at once, so a third is refused. */
export const giveMic: HandlerFor<'session.micGive'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const checked = inCall(d, cmd.sessionId, me.id, cmd.participantId);
    if (!checked.ok) return checked;
    const { session, who } = checked.value;
    const speakers = session.voice!.speakers;
    if (speakers.includes(who.id)) return ok(undefined);
    if (!who.inVoice) return fail(deskError('voice.notInCall', { name: who.name }));
    if (speakers.length >= MAX_SPEAKERS) {
      const names = speakers.map((id) => participant(session, id)?.name ?? '').join(', ');
      return fail(deskError('voice.speakersFull', { max: MAX_SPEAKERS, names }));
    }
    setSpeakers(d, session, [...speakers, who.id], me.id, policy);
    return ok(undefined);
  },
};

/** VC-2: the CSR in control takes the mic back from someone; the speaker indicator follows. */
export const takeMic: HandlerFor<'session.micTake'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const checked = inCall(d, cmd.sessionId, me.id, cmd.participantId);
    if (!checked.ok) return checked;
    const { session, who } = checked.value;
    if (!session.voice!.speakers.includes(who.id)) return ok(undefined);
    setSpeakers(
      d,
      session,
      session.voice!.speakers.filter((id) => id !== who.id),
      me.id,
      policy,
    );
    return ok(undefined);
  },
};

function joinVoice(d: Draft, sessionId: string, id: string, kind: SessionParticipant['kind'], policy: DeskPolicy): Result<void, DeskError> {
  const found = liveSession(d, sessionId);
  if (!found.ok) return found;
  const session = found.value;
  const who = participant(session, id, kind);
  if (!who?.present) return fail(deskError('session.notParticipant'));
  if (!session.voice) return fail(deskError('voice.notStarted'));
  if (who.inVoice) return ok(undefined);
  d.emit(confirm({ type: 'session.voice.join', sessionId, participantId: id, participantKind: kind }));
  saveSession(d, session, { ...session, participants: session.participants.map((p) => (p === who ? { ...p, inVoice: true } : p)) }, policy);
  return ok(undefined);
}

function quitVoice(d: Draft, sessionId: string, id: string, kind: SessionParticipant['kind'], policy: DeskPolicy): Result<void, DeskError> {
  const found = liveSession(d, sessionId);
  if (!found.ok) return found;
  const who = participant(found.value, id, kind);
  if (!who?.present) return fail(deskError('session.notParticipant'));
  if (!who.inVoice) return ok(undefined);
  saveSession(d, found.value, leaveVoice(d, found.value, id), policy);
  return ok(undefined);
}

/** The controlled session with a voice call, and the participant the mic is about. */
function inCall(d: Draft, sessionId: string, actorId: string, participantId: string): Result<{ session: SupportSession; who: SessionParticipant }, DeskError> {
  const found = controlledSession(d, sessionId, actorId);
  if (!found.ok) return found;
  if (!found.value.voice) return fail(deskError('voice.notStarted'));
  const who = participant(found.value, participantId);
  if (!who?.present) return fail(deskError('session.notParticipant'));
  return ok({ session: found.value, who });
}

function setSpeakers(d: Draft, session: SupportSession, speakers: string[], agentId: string, policy: DeskPolicy): void {
  d.emit(confirm({ type: 'session.mic', sessionId: session.id, agentId, speakers }));
  saveSession(d, session, { ...session, voice: { ...session.voice!, speakers } }, policy);
}
