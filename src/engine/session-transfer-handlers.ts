import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { fail, ok } from './result.js';
import { MAX_TRANSFER_AGENTS, MAX_TRANSFER_MESSAGE, MAX_TRANSFER_OFFERS, participant, type SupportSession } from './session-model.js';
import { onSession } from './session-handlers.js';
import { controlledSession, endActivities, endVoice, liveSession, saveSession } from './session-steps.js';

/**
 * SUP-4: the CSR in control hands the whole session to exactly one queue, or
 * to one or more agents, with an optional message of at most 345 characters.
 * The sender leaves at once, a voice call ends, activities end; the receivers
 * get a card with the message and Accept, and the first to accept takes control.
 * A queue's transfer is offered to the agents who could take its work now.
 */
export const transferSession: HandlerFor<'session.transfer'> = {
  reads: (cmd, _seen, policy) => ({
    sessions: [cmd.sessionId],
    agents: cmd.agents.slice(0, MAX_TRANSFER_AGENTS),
    ready: cmd.queues.length === 1 && cmd.agents.length === 0 ? [...(policy.queueChannels.get(cmd.queues[0]!) ?? [])] : [],
  }),
  decide(d, cmd, policy, me) {
    const found = controlledSession(d, cmd.sessionId, me.id);
    if (!found.ok) return found;
    const session = found.value;
    const length = [...cmd.message].length;
    if (length > MAX_TRANSFER_MESSAGE) return fail(deskError('session.messageTooLong', { count: length, max: MAX_TRANSFER_MESSAGE }));
    if (cmd.queues.length > 1) return fail(deskError('session.transferOneQueue', { count: cmd.queues.length }));
    if (cmd.queues.length === 1 && cmd.agents.length > 0) return fail(deskError('session.transferQueueOrAgents'));
    if (cmd.queues.length === 0 && cmd.agents.length === 0) return fail(deskError('session.transferNoTarget'));
    if (cmd.agents.length > MAX_TRANSFER_AGENTS) return fail(deskError('session.transferTooMany', { max: MAX_TRANSFER_AGENTS }));
    let offeredTo: string[];
    const queue = cmd.queues[0];
    if (queue !== undefined) {
      const channels = policy.queueChannels.get(queue);
      if (!channels) return fail(deskError('queue.unknown'));
      const ready = new Set(channels.flatMap((channel) => d.ready(channel).map((e) => e.agentId)));
      ready.delete(me.id);
      offeredTo = [...ready].slice(0, MAX_TRANSFER_OFFERS);
      if (offeredTo.length === 0) return fail(deskError('session.noneAvailable', { name: queue }));
    } else {
      offeredTo = [...new Set(cmd.agents)];
      if (offeredTo.includes(me.id)) return fail(deskError('session.transferSelf'));
      for (const id of offeredTo) {
        const agent = d.agent(id);
        if (!agent || (agent.state !== 'Available' && agent.state !== 'Idle'))
          return fail(deskError('session.transferTargetUnavailable', { name: agent?.name ?? id }));
      }
    }
    // The sender leaves: activities end, a voice call ends, nobody controls the session until someone accepts.
    const stopped = endVoice(d, endActivities(d, session, 'transfer', me.id), 'transfer', me.id);
    const next: SupportSession = {
      ...stopped,
      participants: stopped.participants.map((p) => (p.id === me.id && p.kind === 'rep' ? { ...p, present: false } : p)),
      transfer: { fromId: me.id, fromName: me.name, ...(queue !== undefined ? { queue } : {}), offeredTo, message: cmd.message.trim(), at: d.iso },
    };
    delete next.controllerId;
    delete next.lastTransfer;
    saveSession(d, session, next, policy);
    return ok(undefined);
  },
};

/** SUP-4: one of those a transfer was offered to accepts and takes control; the others' cards say who took it. */
export const acceptSession: HandlerFor<'session.accept'> = {
  ...onSession,
  decide(d, cmd, policy, me) {
    const found = liveSession(d, cmd.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const transfer = session.transfer;
    if (!transfer?.offeredTo.includes(me.id)) {
      const taken = session.lastTransfer?.offeredTo.includes(me.id) ? session.lastTransfer.takenBy : undefined;
      return fail(taken !== undefined ? deskError('session.taken', { name: taken }) : deskError('session.notOffered'));
    }
    const known = participant(session, me.id, 'rep');
    const participants = known
      ? session.participants.map((p) => (p === known ? { ...p, name: me.name, present: true, joinedAt: d.iso } : p))
      : [...session.participants, { id: me.id, kind: 'rep' as const, name: me.name, joinedAt: d.iso, present: true }];
    const next: SupportSession = { ...session, participants, controllerId: me.id, lastTransfer: { offeredTo: transfer.offeredTo, takenBy: me.name } };
    delete next.transfer;
    saveSession(d, session, next, policy);
    return ok(undefined);
  },
};
