import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { DeskPolicy } from './model.js';
import { confirm } from './platform-commands.js';
import { fail, ok, type Result } from './result.js';
import { anyonePresent, DEFAULT_SUPPORT, participant, type SessionNotice, type SupportPolicy, type SupportSession } from './session-model.js';
import { after } from './timers.js';

/**
 * The steps session handlers share, written once: finding a live session,
 * checking control, ending activities and voice places (each told to the
 * platform), and saving (the idle deadline kept in step, every card told).
 */

/** The admin's session rules, or the defaults. */
export const supportOf = (policy: DeskPolicy): SupportPolicy => policy.support ?? DEFAULT_SUPPORT;

/** A session that exists and has not ended. */
export function liveSession(d: Draft, sessionId: string): Result<SupportSession, DeskError> {
  const session = d.session(sessionId);
  if (!session) return fail(deskError('session.unknown'));
  if (session.status === 'ended') return fail(deskError('session.ended'));
  return ok(session);
}

/** A live session that `actorId` controls (SUP-3: only the holder of control runs it). */
export function controlledSession(d: Draft, sessionId: string, actorId: string): Result<SupportSession, DeskError> {
  const session = liveSession(d, sessionId);
  if (!session.ok) return session;
  if (session.value.controllerId !== actorId) return fail(deskError('session.notInControl'));
  return session;
}

/** The session with every running activity ended, the notice every card and page shows, and the platform told (SUP-2, SUP-3). */
export function endActivities(
  d: Draft,
  session: SupportSession,
  reason: SessionNotice['reason'] | 'sessionEnded',
  agentId: string | undefined,
  only?: (customerId: string) => boolean,
): SupportSession {
  const ending = session.activities.filter((a) => !only || only(a.customerId));
  if (ending.length === 0) return session;
  for (const activity of ending) {
    d.emit(
      confirm({
        type: 'session.activity.stop',
        sessionId: session.id,
        ...(agentId ? { agentId } : {}),
        kind: activity.kind,
        customerId: activity.customerId,
        reason,
      }),
    );
  }
  const next: SupportSession = { ...session, activities: session.activities.filter((a) => !ending.includes(a)) };
  if (reason !== 'sessionEnded') next.notice = { kind: 'activitiesEnded', reason, activities: ending.map((a) => a.kind), at: d.iso };
  return next;
}

/** The session with a participant out of the voice call (and off the mic), the platform told (VC-3). */
export function leaveVoice(d: Draft, session: SupportSession, participantId: string): SupportSession {
  const who = participant(session, participantId);
  if (!who?.inVoice) return session;
  d.emit(confirm({ type: 'session.voice.leave', sessionId: session.id, participantId: who.id, participantKind: who.kind }));
  return {
    ...session,
    participants: session.participants.map((p) => (p === who ? { ...p, inVoice: false } : p)),
    ...(session.voice ? { voice: { ...session.voice, speakers: session.voice.speakers.filter((id) => id !== participantId) } } : {}),
  };
}

/** The session with its voice call ended (VC-1), told in every case, also when a transfer or the end of the session ends it. */
export function endVoice(d: Draft, session: SupportSession, reason: 'agent' | 'transfer' | 'sessionEnded', agentId?: string): SupportSession {
  if (!session.voice) return session;
  d.emit(confirm({ type: 'session.voice.end', sessionId: session.id, ...(agentId ? { agentId } : {}), reason }));
  const next: SupportSession = { ...session, participants: session.participants.map((p) => (p.inVoice ? { ...p, inVoice: false } : p)) };
  delete next.voice;
  return next;
}

/** The session ended: activities and voice stopped, nothing pending. */
export function endSession(d: Draft, session: SupportSession, by: 'csr' | 'idle', agentId?: string): SupportSession {
  const stopped = endVoice(d, endActivities(d, session, 'sessionEnded', agentId), 'sessionEnded', agentId);
  const next: SupportSession = { ...stopped, status: 'ended', endedAt: d.iso, endedBy: by };
  delete next.transfer;
  delete next.idleEndsAt;
  delete next.controllerId;
  return next;
}

/**
 * Saves a session's new state: while nobody is left it carries the deadline
 * at which it ends by itself; every representative who was or is in it, and
 * everyone a transfer was or is offered to, gets their card updated.
 */
export function saveSession(d: Draft, before: SupportSession | undefined, after_: SupportSession, policy: DeskPolicy): void {
  const next = { ...after_ };
  if (next.status === 'open' && !anyonePresent(next)) next.idleEndsAt ??= after(d.now, supportOf(policy).idleSeconds);
  else delete next.idleEndsAt;
  d.setSession(next);
  const to = new Set<string>();
  for (const session of [before, next]) {
    if (!session) continue;
    for (const p of session.participants) if (p.kind === 'rep' && p.present) to.add(p.id);
    for (const id of session.transfer?.offeredTo ?? []) to.add(id);
  }
  d.emit({ type: 'showSession', sessionId: next.id, to: [...to] });
}
