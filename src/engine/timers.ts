import type { Contact } from './model.js';

/** Deadlines the engine keeps on contacts, so a restart still fires them (ST-6, REC-1, CON-7). */
export type TimerKind = 'rona' | 'privacyShield' | 'consult';

const KINDS: readonly TimerKind[] = ['rona', 'privacyShield', 'consult'];

/** One pending deadline, as the store's `due` index lists it. */
export interface Timer {
  kind: TimerKind;
  contactId: string;
  at: string;
}

/** The id of a contact's deadline of one kind. */
export const timerId = (kind: TimerKind, contactId: string): string => `${kind}:${contactId}`;

/** The kind and contact of a deadline id; undefined for an id the desk never made. */
export function parseTimerId(id: string): { kind: TimerKind; contactId: string } | undefined {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon) as TimerKind;
  return colon > 0 && KINDS.includes(kind) ? { kind, contactId: id.slice(colon + 1) } : undefined;
}

/** The deadlines a contact carries now: its offer's RONA, its consult's answer time, its Privacy Shield. */
export function timersOf(contact: Contact): Timer[] {
  const timers: Timer[] = [];
  if (contact.status === 'offered' && contact.ronaAt) timers.push({ kind: 'rona', contactId: contact.id, at: contact.ronaAt });
  if (contact.consult?.state === 'requested') timers.push({ kind: 'consult', contactId: contact.id, at: contact.consult.timeoutAt });
  if (contact.status === 'connected' && contact.recording?.pausedUntil)
    timers.push({ kind: 'privacyShield', contactId: contact.id, at: contact.recording.pausedUntil });
  return timers;
}

/** An instant `seconds` after `now`, as ISO 8601. */
export const after = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

/** ST-8: the id of one recipient's logout deadline after a platform switch (its lead-message id follows the colon). */
export const logoutTimerId = (messageId: string): string => `logout:${messageId}`;

/** The lead-message id of a logout deadline id; undefined for any other id. */
export function parseLogoutTimerId(id: string): string | undefined {
  return id.startsWith('logout:') && id.length > 'logout:'.length ? id.slice('logout:'.length) : undefined;
}
