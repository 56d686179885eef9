import { resumeRecording } from './contact-handlers.js';
import { consultTimedOut } from './consult-handlers.js';
import { isCallback } from './contact-kinds.js';
import type { Draft } from './draft.js';
import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { connect, endContact, requeue } from './lifecycle.js';
import type { Contact, DeskPolicy } from './model.js';
import { enterState, settle } from './presence.js';
import { tell } from './platform-commands.js';
import { aroundContact, mergeReads } from './reads.js';
import { fail, ok } from './result.js';
import { logoutDue, logoutReads } from './switch-handlers.js';
import { parseLogoutTimerId, parseTimerId } from './timers.js';
import { sessionIdle } from './session-customer-handlers.js';
import { parseSessionTimerId } from './session-timers.js';

/** The platform reports the agent answered a call on their phone (ANS-2). */
export const contactAnswered: HandlerFor<'contact.answered'> = {
  reads: (cmd, seen) => aroundContact(seen, cmd.contactId),
  decide(d, cmd, policy) {
    const contact = d.contact(cmd.contactId);
    if (!contact) return fail(deskError('contact.unknown'));
    if (contact.status === 'ended') return fail(deskError('contact.ended'));
    if (contact.status !== 'offered' || !contact.agentId) return fail(deskError('contact.notOffered'));
    connect(d, contact, d.agent(contact.agentId)!, policy);
    return ok(undefined);
  },
};

/** The platform reports the contact ended (the customer hung up, or the system ended it): wrap-up follows (CON-9). */
export const contactEnded: HandlerFor<'contact.ended'> = {
  reads: (cmd, seen) => aroundContact(seen, cmd.contactId),
  decide(d, cmd, policy) {
    const contact = d.contact(cmd.contactId);
    return contact ? endContact(d, contact, cmd.by, policy) : fail(deskError('contact.unknown'));
  },
};

/** The customer did not answer a callback: it goes back to its queue (CB-1). */
export const callbackNotAnswered: HandlerFor<'contact.noAnswer'> = {
  reads: (cmd, seen) => aroundContact(seen, cmd.contactId),
  decide(d, cmd, policy) {
    const contact = d.contact(cmd.contactId);
    if (!contact) return fail(deskError('contact.unknown'));
    if (!isCallback(contact.kind)) return fail(deskError('contact.notCallback'));
    if (contact.status === 'ended') return fail(deskError('contact.ended'));
    if (contact.status === 'queued') return fail(deskError('contact.notOffered'));
    const agentId = contact.agentId;
    if (contact.status === 'connected' && agentId) d.emit({ type: 'showInteraction', contactId: cmd.contactId });
    requeue(d, contact);
    const agent = agentId ? d.agent(agentId) : undefined;
    if (agent) settle(d, agent, policy);
    return ok(undefined);
  },
};

/** A phone that fails to ring is treated as no answer (CON-7, ST-6): every offer goes back, the agent goes RONA. */
export const deviceFailed: HandlerFor<'agent.deviceFailed'> = {
  reads: (cmd, seen) => ({ agents: [cmd.agentId], contacts: seen.agent(cmd.agentId)?.offers ?? [] }),
  decide(d, cmd, policy) {
    const agent = d.agent(cmd.agentId);
    if (!agent) return fail(deskError('agent.unknown'));
    returnOffers(d, agent.id, undefined, 'deviceFailed');
    enterState(d, d.agent(agent.id)!, 'RONA', policy);
    return ok(undefined);
  },
};

/**
 * A persisted deadline came due (ST-6 RONA, CON-7 consult answer time, REC-1
 * Privacy Shield, ST-8 logout after a platform switch, a support session's idle time). The contact's own deadline decides: one that moved or was
 * cleared since it was scheduled is stale and changes nothing.
 */
export const timerFired: HandlerFor<'timer.fire'> = {
  reads(cmd, seen, policy) {
    // A support session's idle deadline is the session's own (SUP-1).
    if (parseSessionTimerId(cmd.timerId) !== undefined) return sessionIdle.reads(cmd, seen, policy);
    const logout = parseLogoutTimerId(cmd.timerId);
    if (logout) return logoutReads(logout);
    const parsed = parseTimerId(cmd.timerId);
    if (!parsed) return {};
    const around = aroundContact(seen, parsed.contactId, true);
    const contact = seen.contact(parsed.contactId);
    const target = contact?.consult?.target;
    return mergeReads(around, { agents: target?.kind === 'agent' ? [target.id] : [] });
  },
  decide(d, cmd, policy, me) {
    if (parseSessionTimerId(cmd.timerId) !== undefined) return sessionIdle.decide(d, cmd, policy, me);
    const logout = parseLogoutTimerId(cmd.timerId);
    if (logout) {
      logoutDue(d, logout, cmd.at, policy);
      return ok(undefined);
    }
    const parsed = parseTimerId(cmd.timerId);
    const contact = parsed ? d.contact(parsed.contactId) : undefined;
    if (!parsed || !contact) return ok(undefined);
    if (parsed.kind === 'rona') {
      if (contact.status === 'offered' && contact.ronaAt === cmd.at) ronaExpired(d, contact, policy);
    } else if (parsed.kind === 'consult') {
      if (contact.consult?.state === 'requested' && contact.consult.timeoutAt === cmd.at) consultTimedOut(d, contact, policy);
    } else if (contact.status === 'connected' && contact.recording?.pausedUntil === cmd.at) {
      resumeRecording(d, contact);
      d.emit(tell({ type: 'recording.resume', agentId: contact.agentId ?? '', contactId: contact.id }));
    }
    return ok(undefined);
  },
};

/** The offer ran out (ST-6): the agent goes RONA and every offer they hold goes back to its queue. */
function ronaExpired(d: Draft, contact: Contact, policy: DeskPolicy): void {
  const agentId = contact.agentId;
  const agent = agentId ? d.agent(agentId) : undefined;
  if (!agent) return;
  returnOffers(d, agent.id, contact.id, 'rona');
  enterState(d, d.agent(agent.id)!, 'RONA', policy);
  d.emit({ type: 'notify', event: { kind: 'contact.rona', contactId: contact.id, agentId: agent.id } });
}

/** Puts every offer an agent holds back in its queue; the one that ran out is never offered to them again. */
function returnOffers(d: Draft, agentId: string, ranOut: string | undefined, reason: 'rona' | 'deviceFailed'): void {
  for (const offered of d.agent(agentId)?.offers ?? []) {
    const pending = d.contact(offered);
    if (pending?.status !== 'offered') continue;
    const declined = ranOut === undefined || offered === ranOut;
    // XFER-1: a blind transfer the receiver did not take has failed; its sender is told.
    const sender = pending.transferredFrom?.at(-1);
    const failed = declined && sender && sender !== agentId ? { transferFailed: { name: d.agent(agentId)?.name ?? '' } } : {};
    requeue(d, pending, { ...(declined ? { declinedBy: agentId } : {}), ...failed });
    d.emit(tell({ type: 'contact.requeue', contactId: offered, queue: pending.queue, reason }));
  }
}
