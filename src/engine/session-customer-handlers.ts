import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { fail, ok } from './result.js';
import { customersOf, isSessionNumber, participant, type SupportSession } from './session-model.js';
import { byNumber, onSession } from './session-handlers.js';
import { endActivities, endSession, leaveVoice, liveSession, saveSession, supportOf } from './session-steps.js';
import { parseSessionTimerId } from './session-timers.js';

/**
 * SUP-1, SUP-2: a customer joins from the browser with the number (or the join
 * link, whose token the server checked) and a name, up to the admin's maximum
 * of customers. The first customer in a session is the one served.
 */
export const customerJoins: HandlerFor<'session.customerJoin'> = {
  reads: (cmd, seen) => byNumber(cmd.number, seen),
  decide(d, cmd, policy) {
    if (!isSessionNumber(cmd.number)) return fail(deskError('session.numberInvalid'));
    const taken = d.sessionNumber(cmd.number);
    if (!taken) return fail(deskError('session.unknown'));
    const found = liveSession(d, taken.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const max = supportOf(policy).maxCustomers;
    if (customersOf(session).length >= max) return fail(deskError('session.full', { max }));
    if (participant(session, cmd.customer.id)) return fail(deskError('session.notParticipant'));
    const next: SupportSession = {
      ...session,
      participants: [
        ...session.participants,
        { id: cmd.customer.id, kind: 'customer', name: cmd.customer.name, joinedAt: d.iso, present: true, keyHash: cmd.customer.keyHash },
      ],
    };
    if (!session.servingId) next.servingId = cmd.customer.id;
    saveSession(d, session, next, policy);
    return ok(undefined);
  },
};

/** A customer leaves: out of the voice call and the list; activities with them end and nobody is served until the CSR chooses. */
export const customerLeaves: HandlerFor<'session.customerLeave'> = {
  ...onSession,
  decide(d, cmd, policy) {
    const found = liveSession(d, cmd.sessionId);
    if (!found.ok) return found;
    if (!participant(found.value, cmd.customerId, 'customer')) return fail(deskError('session.notParticipant'));
    const left = endActivities(d, leaveVoice(d, found.value, cmd.customerId), 'left', undefined, (id) => id === cmd.customerId);
    const next: SupportSession = { ...left, participants: left.participants.filter((p) => !(p.id === cmd.customerId && p.kind === 'customer')) };
    if (next.servingId === cmd.customerId) delete next.servingId;
    saveSession(d, found.value, next, policy);
    return ok(undefined);
  },
};

/** The idle deadline came due: a session that still has nobody in it ends by itself; one that moved on changes nothing. */
export const sessionIdle: HandlerFor<'timer.fire'> = {
  reads: (cmd) => {
    const sessionId = parseSessionTimerId(cmd.timerId);
    return sessionId === undefined ? {} : { sessions: [sessionId] };
  },
  decide(d, cmd, policy) {
    const sessionId = parseSessionTimerId(cmd.timerId);
    const session = sessionId === undefined ? undefined : d.session(sessionId);
    if (session?.status !== 'open' || session.idleEndsAt !== cmd.at) return ok(undefined);
    saveSession(d, session, endSession(d, session, 'idle'), policy);
    return ok(undefined);
  },
};
