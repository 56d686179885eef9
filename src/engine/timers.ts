/** Deadlines the engine keeps in state, so a restart still fires them (ST-6, REC-1). */
export type TimerKind = 'rona' | 'privacyShield' | 'consult';

/** One pending deadline. */
export interface Timer {
  kind: TimerKind;
  contactId: string;
  at: string;
}

/** The id of a contact's timer of one kind. */
export const timerId = (kind: TimerKind, contactId: string): string => `${kind}:${contactId}`;

/** An instant `seconds` after `now`, as ISO 8601. */
export const after = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();
