import type { SupportSession } from './session-model.js';

/** A support session's idle deadline (nobody left in it), as the store's `due` index lists it. */
export interface SessionTimer {
  kind: 'sessionIdle';
  sessionId: string;
  at: string;
}

const PREFIX = 'sessionIdle:';

/** The id of a session's idle deadline. */
export const sessionTimerId = (sessionId: string): string => `${PREFIX}${sessionId}`;

/** The session of an idle deadline id; undefined for any other id. */
export const parseSessionTimerId = (id: string): string | undefined => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : undefined);

/** The deadline a session carries now: while it is open and nobody is in it. */
export function sessionTimersOf(session: SupportSession): SessionTimer[] {
  return session.status === 'open' && session.idleEndsAt ? [{ kind: 'sessionIdle', sessionId: session.id, at: session.idleEndsAt }] : [];
}
