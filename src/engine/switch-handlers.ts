import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { resolveAudience } from './lead-audience.js';
import { parseMessageId, type LeadMessage } from './lead-model.js';
import { checkText, createBroadcast } from './message-handlers.js';
import type { Actor, DeskPolicy } from './model.js';
import { enterState } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { after } from './timers.js';

/** How long a logout deadline waits again for an agent still on an interaction (ST-8: they keep working until it ends). */
export const BUSY_RECHECK_SECONDS = 60;

/**
 * Announces a platform switch (ST-8): a notice to every agent concerned now, a
 * final notice at the switch time, and for each recipient a persisted logout
 * deadline `logoutGraceSeconds` after it, on their own copy of the notice.
 */
function announce(d: Draft, policy: DeskPolicy, lead: Actor | undefined, cmd: { broadcastId: string; at: string; text: string }): Result<void, DeskError> {
  if (d.broadcast(cmd.broadcastId)) return ok(undefined);
  const at = Date.parse(cmd.at);
  if (Number.isNaN(at) || at <= d.now.getTime()) return fail(deskError('switch.timeInPast'));
  const text = checkText(cmd.text, true);
  if (!text.ok) return text;
  const recipients = resolveAudience(policy, lead?.id, { kind: 'led' }, d.roster());
  if (!recipients.ok) return recipients;
  const switchAt = new Date(at).toISOString();
  const created = createBroadcast(
    d,
    {
      id: cmd.broadcastId,
      kind: 'switch',
      ...(lead ? { lead } : {}),
      audience: { kind: 'led' },
      text: text.value,
      importance: 'urgent',
      switchAt,
      logoutAt: after(new Date(at), policy.logoutGraceSeconds),
    },
    recipients.value,
  );
  if (created.ok) d.emit({ type: 'showNotice', broadcastId: cmd.broadcastId, to: recipients.value, at: switchAt });
  return created;
}

/** A team lead announces a platform switch to everyone they lead (ST-8). */
export const announceSwitch: HandlerFor<'switch.announce'> = {
  reads: (cmd) => ({ broadcasts: [cmd.broadcastId], roster: true }),
  decide: (d, cmd, policy) => announce(d, policy, cmd.actor, cmd),
};

/** The platform announces a switch (the `platform.switch` event): every agent is told (ST-8). */
export const platformSwitch: HandlerFor<'switch.platform'> = {
  reads: (cmd) => ({ broadcasts: [cmd.broadcastId], roster: true }),
  decide: (d, cmd, policy) => announce(d, policy, undefined, cmd),
};

/** What a logout deadline reads: the recipient's copy of the notice and the recipient. */
export function logoutReads(messageIdOf: string): { messages: string[]; agents: string[] } {
  const parsed = parseMessageId(messageIdOf);
  return { messages: [messageIdOf], agents: parsed ? [parsed.recipientId] : [] };
}

/**
 * A recipient's logout deadline came due (ST-8). One that moved since it was
 * scheduled is stale. An agent already logged out is left alone; one on an
 * interaction (or with a popover pending, ST-7) keeps working and is checked
 * again a minute later; anyone else is logged out, and their status card says so.
 */
export function logoutDue(d: Draft, id: string, at: string, policy: DeskPolicy): void {
  const message = d.message(id);
  if (!message || message.logoutAt !== at) return;
  const agent = d.agent(message.recipientId);
  const cleared: LeadMessage = { ...message };
  delete cleared.logoutAt;
  if (!agent || agent.state === 'LoggedOut') {
    d.setMessage(cleared);
    return;
  }
  const busy = agent.state === 'Engaged' || agent.state === 'WrapUp' || (agent.offers ?? []).length > 0;
  if (busy) {
    d.setMessage({ ...message, logoutAt: after(d.now, BUSY_RECHECK_SECONDS) });
    return;
  }
  enterState(d, agent, 'LoggedOut', policy);
  d.setMessage(cleared);
}
