import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionParticipant, SupportSession } from '../engine/session-model.js';

/**
 * A customer's seat in a session: a random participant id and a random key
 * the browser keeps in a cookie scoped to the session's page. The session
 * stores only the key's SHA-256, so a copy of the store lets nobody act as a
 * customer.
 */
export interface Seat {
  customerId: string;
  key: string;
}

/** The cookie that holds the seat. */
export const SEAT_COOKIE = 'desk_seat';

/** A new seat: an id and a 256-bit key. */
export function newSeat(): Seat {
  return { customerId: `cust_${randomBytes(12).toString('base64url')}`, key: randomBytes(32).toString('base64url') };
}

/** The hash the session stores for a key. */
export const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The cookie that gives the browser its seat: only for this session's pages, never to scripts, never sent from other sites. */
export function seatCookie(sessionId: string, seat: Seat, secure: boolean): string {
  return [
    `${SEAT_COOKIE}=${seat.customerId}.${seat.key}`,
    `Path=/support/s/${encodeURIComponent(sessionId)}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The cookie that takes the seat away again. */
export function clearedSeatCookie(sessionId: string): string {
  return `${SEAT_COOKIE}=; Path=/support/s/${encodeURIComponent(sessionId)}; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The seat a request's Cookie header carries, if it is well formed. */
export function seatOf(cookieHeader: string | undefined): Seat | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SEAT_COOKIE) continue;
    const match = /^(cust_[A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(rest.join('='));
    if (match) return { customerId: match[1]!, key: match[2]! };
  }
  return undefined;
}

/** The customer a seat belongs to in this session, if its key matches (compared in constant time). */
export function seatedCustomer(session: SupportSession, seat: Seat | undefined): SessionParticipant | undefined {
  if (!seat) return undefined;
  const customer = session.participants.find((p) => p.kind === 'customer' && p.id === seat.customerId);
  if (!customer?.keyHash) return undefined;
  const expected = Buffer.from(customer.keyHash, 'hex');
  const given = Buffer.from(keyHash(seat.key), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? customer : undefined;
}

/** Whether a join link's token is the session's (compared in constant time). */
export function tokenMatches(session: SupportSession, token: string): boolean {
  const expected = createHash('sha256').update(session.token).digest();
  const given = createHash('sha256').update(token).digest();
  return timingSafeEqual(expected, given);
}
