import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { confirm } from './platform-commands.js';
import type { Reads, Seen } from './reads.js';
import { fail, ok } from './result.js';
import { isSessionNumber, MAX_REPS, participant, repsOf, type SupportSession } from './session-model.js';
import { controlledSession, endActivities, endSession, leaveVoice, liveSession, saveSession } from './session-steps.js';

/** Commands on one session read that session (and the person's own record). */
export const onSession = { reads: (cmd: { sessionId: string }): Reads => ({ sessions: [cmd.sessionId] }) };

/** A number's record, then the session it names: the reads of joining with a number. */
export const byNumber = (number: string, seen: Seen): Reads => {
  const taken = seen.sessionNumber(number);
  return { sessionNumbers: [number], sessions: taken ? [taken.sessionId] : [] };
};

/**
 * SUP-1: a CSR starts a session and holds its control. The number is taken as
 * a record of its own, created at version 0: a number in use is refused here,
 * and two instances drawing the same number at once cannot both write it.
 */
export const startSession: HandlerFor<'session.start'> = {
  reads: (cmd) => ({ sessionNumbers: [cmd.number], sessions: [cmd.sessionId] }),
  decide(d, cmd, policy, me) {
    if (!isSessionNumber(cmd.number)) return fail(deskError('session.numberInvalid'));
    if (d.sessionNumber(cmd.number) || d.session(cmd.sessionId)) return fail(deskError('session.numberTaken'));
    const session: SupportSession = {
      id: cmd.sessionId,
      number: cmd.number,
      token: cmd.token,
      status: 'open',
      createdAt: d.iso,
      createdBy: me.id,
      controllerId: me.id,
      participants: [{ id: me.id, kind: 'rep', name: me.name, joinedAt: d.iso, present: true }],
      activities: [],
    };
    d.takeSessionNumber(cmd.number, { sessionId: cmd.sessionId });
    saveSession(d, undefined, session, policy);
    return ok(undefined);
  },
};

/** SUP-3: another representative joins with the number, as a helper without control; one who left joins again. */
export const joinSession: HandlerFor<'session.join'> = {
  reads: (cmd, seen) => byNumber(cmd.number, seen),
  decide(d, cmd, policy, me) {
    if (!isSessionNumber(cmd.number)) return fail(deskError('session.numberInvalid'));
    const taken = d.sessionNumber(cmd.number);
    if (!taken) return fail(deskError('session.unknown'));
    const found = liveSession(d, taken.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const known = participant(session, me.id, 'rep');
    // Already in: their card is shown again, nothing else changes.
    if (known?.present) {
      d.emit({ type: 'showSession', sessionId: session.id, to: [me.id] });
      return ok(undefined);
    }
    if (!known && session.participants.filter((p) => p.kind === 'rep').length >= MAX_REPS) return fail(deskError('session.repsFull'));
    const participants = known
      ? session.participants.map((p) => (p === known ? { ...p, name: me.name, present: true, joinedAt: d.iso } : p))
      : [...session.participants, { id: me.id, kind: 'rep' as const, name: me.name, joinedAt: d.iso, present: true }];
    saveSession(d, session, { ...session, participants }, policy);
    return ok(undefined);
  },
};

/** SUP-3: a helper (a former holder of control too) may leave; the holder of control ends the session or hands control over first. */
export const leaveSession: HandlerFor<'session.leave'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = liveSession(d, cmd.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const mine = participant(session, me.id, 'rep');
    if (!mine?.present) return fail(deskError('session.notParticipant'));
    if (session.controllerId === me.id) return fail(deskError('session.controllerCannotLeave'));
    const left = leaveVoice(d, session, me.id);
    saveSession(
      d,
      session,
      { ...left, participants: left.participants.map((p) => (p.id === me.id && p.kind === 'rep' ? { ...p, present: false } : p)) },
      policy,
    );
    return ok(undefined);
  },
};

/** SUP-3: only the holder of control ends the session; a voice call and activities end with it. */
export const endSupportSession: HandlerFor<'session.end'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    saveSession(d, found.value, endSession(d, found.value, 'csr', me.id), policy);
    return ok(undefined);
  },
};

/** SUP-2: the CSR serves one customer at a time; switching ends the activities with the one served before. */
export const serveCustomer: HandlerFor<'session.serve'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    const session = found.value;
    if (!participant(session, cmd.customerId, 'customer')?.present) return fail(deskError('session.customerUnknown'));
    if (session.servingId === cmd.customerId) return ok(undefined);
    saveSession(d, session, { ...endActivities(d, session, 'switch', me.id), servingId: cmd.customerId }, policy);
    return ok(undefined);
  },
};

/** SUP-3: control moves to a helper (and back the same way); running activities end, a voice call goes on. */
export const handOverControl: HandlerFor<'session.control'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    const session = found.value;
    if (cmd.to === me.id || !repsOf(session).some((p) => p.id === cmd.to)) return fail(deskError('session.notHelper'));
    saveSession(d, session, { ...endActivities(d, session, 'control', me.id), controllerId: cmd.to }, policy);
    return ok(undefined);
  },
};

/** An activity with the customer being served starts or stops; the platform carries it and confirms first (PLAT-2). */
export const switchActivity: HandlerFor<'session.activity'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    const session = found.value;
    const running = session.activities.find((a) => a.kind === cmd.kind);
    if (!cmd.on) {
      if (!running) return ok(undefined);
      d.emit(
        confirm({ type: 'session.activity.stop', sessionId: session.id, agentId: me.id, kind: running.kind, customerId: running.customerId, reason: 'agent' }),
      );
      saveSession(d, session, { ...session, activities: session.activities.filter((a) => a !== running) }, policy);
      return ok(undefined);
    }
    if (running) return ok(undefined);
    if (!session.servingId) return fail(deskError('session.noCustomer'));
    d.emit(confirm({ type: 'session.activity.start', sessionId: session.id, agentId: me.id, kind: cmd.kind, customerId: session.servingId }));
    const next: SupportSession = { ...session, activities: [...session.activities, { kind: cmd.kind, customerId: session.servingId, startedAt: d.iso }] };
    delete next.notice;
    saveSession(d, session, next, policy);
    return ok(undefined);
  },
};
