/**
 * Support sessions (SUP-1..SUP-4) and their voice call (VC-1..VC-3), as the
 * desk owns them: who is in a session, who has control, whom the CSR serves,
 * which activities run, and who may speak. The platform carries the audio and
 * the screens; the desk tells it what to do (PLAT-1).
 */

/** Activities a CSR runs with the customer being served; they end when the CSR switches customer or hands over control. */
export const ACTIVITY_KINDS = ['shareScreen', 'viewDesktop'] as const;

/** One kind of support activity. */
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** VC-2: at most two participants may speak at once. */
export const MAX_SPEAKERS = 2;

/** SUP-4: a transfer's message is at most 345 characters. */
export const MAX_TRANSFER_MESSAGE = 345;

/** How many agents one transfer may name, and how many a queue transfer is offered to. */
export const MAX_TRANSFER_AGENTS = 10;
export const MAX_TRANSFER_OFFERS = 50;

/** Representatives (the CSR and helpers) one session holds, present or gone: bounds the record and keeps the session card within the card budget. */
export const MAX_REPS = 5;

/** The admin's rules for sessions (desk config `support`). */
export interface SupportPolicy {
  /** SUP-2: customers in one session at once. */
  maxCustomers: number;
  /** How long a session with nobody left stays before it ends by itself. */
  idleSeconds: number;
}

/** The defaults when the desk config says nothing. */
export const DEFAULT_SUPPORT: SupportPolicy = { maxCustomers: 5, idleSeconds: 300 };

/** Someone in a session: a representative (Teams user, by Entra id) or a customer (in a browser). */
export interface SessionParticipant {
  id: string;
  kind: 'rep' | 'customer';
  name: string;
  joinedAt: string;
  /** Representatives stay listed after they leave (their card says so); customers are removed when they leave. */
  present: boolean;
  /** VC-3: in the voice call now. */
  inVoice?: boolean;
  /** A customer's seat: SHA-256 (hex) of the key their browser holds; the key itself is never stored. */
  keyHash?: string;
}

/** A running activity with one customer. */
export interface SessionActivity {
  kind: ActivityKind;
  customerId: string;
  startedAt: string;
}

/** Something every card and page should say once: activities ended, and why (SUP-2, SUP-3). */
export interface SessionNotice {
  kind: 'activitiesEnded';
  reason: 'switch' | 'control' | 'transfer' | 'left';
  activities: ActivityKind[];
  at: string;
}

/** A transfer waiting for someone to accept it (SUP-4): nobody controls the session meanwhile. */
export interface SessionTransfer {
  fromId: string;
  fromName: string;
  /** The queue, for a queue transfer; absent when it went to named agents. */
  queue?: string;
  offeredTo: string[];
  message: string;
  at: string;
}

/** A support session: its own record, `session/<id>`. */
export interface SupportSession {
  id: string;
  /** SUP-1: 9 random digits, unique while the session lives (its `sessionNumber/<n>` record). */
  number: string;
  /** The join link's secret: random, so a link cannot be made from a number. */
  token: string;
  status: 'open' | 'ended';
  createdAt: string;
  createdBy: string;
  /** The representative in control; absent while a transfer waits to be accepted. */
  controllerId?: string;
  participants: SessionParticipant[];
  /** SUP-2: the customer being served now. */
  servingId?: string;
  activities: SessionActivity[];
  /** VC-1: the voice call, while it runs; `speakers` may speak (VC-2). */
  voice?: { startedAt: string; speakers: string[] };
  transfer?: SessionTransfer;
  /** Who the last transfer was offered to and who took it, so their cards can say so. */
  lastTransfer?: { offeredTo: string[]; takenBy: string };
  notice?: SessionNotice;
  /** When a session with nobody left ends by itself. */
  idleEndsAt?: string;
  endedAt?: string;
  endedBy?: 'csr' | 'idle';
}

/** The `sessionNumber/<n>` record: which session holds a number. Created with version 0, so two starts never share one. */
export interface SessionNumber {
  sessionId: string;
}

/** Whether a text is a session number as typed: exactly nine digits, nothing else. */
export const isSessionNumber = (text: string): boolean => /^[0-9]{9}$/.test(text);

/** A session number as people read it: `482 913 077`. */
export const groupedNumber = (number: string): string => number.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

/** A participant of a session by id and kind. */
export function participant(session: SupportSession, id: string | undefined, kind?: SessionParticipant['kind']): SessionParticipant | undefined {
  if (id === undefined) return undefined;
  return session.participants.find((p) => p.id === id && (kind === undefined || p.kind === kind));
}

/** The customers in the session now. */
export const customersOf = (session: SupportSession): SessionParticipant[] => session.participants.filter((p) => p.kind === 'customer' && p.present);

/** The representatives in the session now. */
export const repsOf = (session: SupportSession): SessionParticipant[] => session.participants.filter((p) => p.kind === 'rep' && p.present);

/** Whether anyone is left in the session (a session with nobody left ends after the idle time). */
export const anyonePresent = (session: SupportSession): boolean => session.participants.some((p) => p.present);
