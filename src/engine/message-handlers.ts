import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { audienceNeedsRoster, resolveAudience } from './lead-audience.js';
import { MAX_MESSAGE_LENGTH, MAX_RECIPIENTS, messageId, type Audience, type Broadcast, type Importance, type LeadMessage } from './lead-model.js';
import { fail, ok, type Result } from './result.js';

/** What a new broadcast is made of, whoever posts it. */
export interface NewBroadcast {
  id: string;
  kind: Broadcast['kind'];
  lead?: { id: string; name: string };
  audience: Audience;
  text: string;
  importance: Importance;
  switchAt?: string;
  /** ST-8: each recipient's logout deadline. */
  logoutAt?: string;
}

/** Checks a message's text (MSG-1): not blank, at most 2,000 characters (counted as a person counts them). */
export function checkText(text: string, allowEmpty = false): Result<string, DeskError> {
  const trimmed = text.trim();
  if (!trimmed && !allowEmpty) return fail(deskError('message.empty'));
  const count = [...trimmed].length;
  if (count > MAX_MESSAGE_LENGTH) return fail(deskError('message.tooLong', { count, max: MAX_MESSAGE_LENGTH }));
  return ok(trimmed);
}

/**
 * Creates a broadcast with one copy per recipient and asks the outbox to deliver
 * each once (MSG-1, MSG-2): the broadcast, its copies, their index entries and
 * the outbox items go in one store write. A broadcast that exists already (Send
 * pressed twice, Teams retrying the invoke) is answered as it is: nothing new.
 */
export function createBroadcast(d: Draft, input: NewBroadcast, recipients: readonly string[]): Result<void, DeskError> {
  if (d.broadcast(input.id)) return ok(undefined);
  if (recipients.length === 0) return fail(deskError('message.noRecipients'));
  if (recipients.length > MAX_RECIPIENTS) return fail(deskError('message.tooManyRecipients', { count: recipients.length, max: MAX_RECIPIENTS }));
  const broadcast: Broadcast = {
    id: input.id,
    kind: input.kind,
    ...(input.lead ? { leadId: input.lead.id } : {}),
    leadName: input.lead?.name ?? '',
    audience: input.audience,
    text: input.text,
    importance: input.importance,
    createdAt: d.iso,
    recipients: recipients.length,
    ...(input.switchAt ? { switchAt: input.switchAt } : {}),
  };
  d.setBroadcast(broadcast);
  const messages: LeadMessage[] = recipients.map((recipientId) => ({
    id: messageId(input.id, recipientId),
    broadcastId: input.id,
    recipientId,
    createdAt: d.iso,
    ...(input.logoutAt ? { logoutAt: input.logoutAt } : {}),
  }));
  d.createMessages(broadcast, messages);
  d.emit({ type: 'deliverMessage', broadcastId: input.id, recipients });
  return ok(undefined);
}

/** A team lead posts a message to one agent, a team, a queue's agents or everyone they lead (MSG-1). */
export const postMessage: HandlerFor<'message.post'> = {
  reads: (cmd) => ({ broadcasts: [cmd.broadcastId], roster: audienceNeedsRoster(cmd.audience) }),
  decide(d, cmd, policy) {
    // A retried Send finds its broadcast before anything else is checked: the answer is the same report.
    if (d.broadcast(cmd.broadcastId)) return ok(undefined);
    const text = checkText(cmd.text);
    if (!text.ok) return text;
    const recipients = resolveAudience(policy, cmd.actor.id, cmd.audience, audienceNeedsRoster(cmd.audience) ? d.roster() : []);
    if (!recipients.ok) return recipients;
    const lead = { id: cmd.actor.id, name: cmd.actor.name };
    return createBroadcast(
      d,
      { id: cmd.broadcastId, kind: 'message', lead, audience: cmd.audience, text: text.value, importance: cmd.importance },
      recipients.value,
    );
  },
};

/**
 * An agent acknowledges a message (MSG-1): only their own copy is written, and
 * the lead's report is asked to update (coalesced, so many acknowledgements
 * cost one report send per period). Acknowledging twice changes nothing.
 */
export const acknowledgeMessage: HandlerFor<'message.ack'> = {
  reads: (cmd) => ({ broadcasts: [cmd.broadcastId], messages: [messageId(cmd.broadcastId, cmd.actor.id)] }),
  decide(d, cmd) {
    const message = d.message(messageId(cmd.broadcastId, cmd.actor.id));
    const broadcast = d.broadcast(cmd.broadcastId);
    if (!message || !broadcast) return fail(deskError('message.unknown'));
    if (message.ackedAt) return ok(undefined);
    d.setMessage({ ...message, ackedAt: d.iso });
    if (broadcast.leadId) d.emit({ type: 'showReport', broadcastId: broadcast.id, leadId: broadcast.leadId });
    return ok(undefined);
  },
};
