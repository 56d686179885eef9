import type { ConsultTarget } from './consult-model.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { requeue } from './lifecycle.js';
import type { Contact, DeskPolicy } from './model.js';
import { tell } from './platform-commands.js';
import { without } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { after } from './timers.js';

/**
 * "Offer to several, the first accept wins" (XFER-2), written once: a consult
 * request to one person or a queue's agents, and a queue transfer, all go out
 * as a consult-request card to everyone in `offeredTo`. The contact's consult
 * holds who was asked; the first accept takes it and every other card says so.
 */

/** Asks `offeredTo` at once, with the consult deadline (CON-5, CON-7, XFER-2). */
export function offerToMany(d: Draft, contact: Contact, target: ConsultTarget, offeredTo: string[], mode: 'consult' | 'transfer', policy: DeskPolicy): void {
  const timeoutAt = after(d.now, policy.consultSeconds);
  d.setContact({ ...contact, consult: { target, state: 'requested', requestedAt: d.iso, timeoutAt, offeredTo, ...(mode === 'transfer' ? { mode } : {}) } });
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: offeredTo });
}

/** Whether `actorId` may take the request now: it was asked, and nobody took it first. */
export function claim(contact: Contact | undefined, actorId: string): Result<Contact & { consult: NonNullable<Contact['consult']> }, DeskError> {
  const consult = contact?.consult;
  if (contact && !consult && contact.takenBy) return fail(deskError('consult.taken', { name: contact.takenBy }));
  if (!contact || !consult?.offeredTo.includes(actorId)) return fail(deskError('consult.notOffered'));
  if (consult.state !== 'requested') return fail(deskError('consult.taken', { name: consult.partyName ?? '' }));
  return ok(contact as Contact & { consult: NonNullable<Contact['consult']> });
}

/** One of those asked declines; when nobody is left, the request has failed. */
export function declineOne(d: Draft, contact: Contact, actorId: string): Result<void, DeskError> {
  const consult = contact.consult;
  if (consult?.state !== 'requested' || !consult.offeredTo.includes(actorId)) return fail(deskError('consult.notOffered'));
  const remaining = without(consult.offeredTo, actorId);
  d.emit({ type: 'showConsultRequest', contactId: contact.id, to: consult.offeredTo });
  if (remaining.length > 0) d.setContact({ ...contact, consult: { ...consult, offeredTo: remaining } });
  else notTaken(d, contact, 'declined');
  return ok(undefined);
}

/**
 * Nobody took it: a queue transfer waits in its queue and its sender is told
 * (XFER-1); a consult fails and the requester gets the reason (CON-7).
 */
export function notTaken(d: Draft, contact: Contact, reason: 'declined' | 'noAnswer'): void {
  const consult = contact.consult;
  if (!consult) return;
  if (consult.mode === 'transfer') {
    requeue(d, contact, { transferFailed: { name: consult.target.name } });
    d.emit(tell({ type: 'contact.requeue', contactId: contact.id, queue: contact.queue, reason: 'transferNotTaken' }));
    return;
  }
  const next: Contact = { ...contact, consultFailed: { reason, name: consult.target.name } };
  delete next.consult;
  d.setContact(next);
  d.emit({ type: 'showInteraction', contactId: contact.id });
}
