import type { Actor } from './model.js';
import type { ActivityKind } from './session-model.js';

/** What a representative (CSR or helper) does in a support session from Teams (SUP-1..SUP-4, VC-1..VC-3). */
export type SessionAgentCommand =
  /** SUP-1: `sessionId`, `number` and `token` are drawn at random by the caller (the engine has no randomness). */
  | { type: 'session.start'; actor: Actor; sessionId: string; number: string; token: string }
  /** SUP-3: a representative joins with the number, as a helper. */
  | { type: 'session.join'; actor: Actor; number: string }
  | { type: 'session.leave'; actor: Actor; sessionId: string }
  | { type: 'session.end'; actor: Actor; sessionId: string }
  /** SUP-2: choose the customer to serve. */
  | { type: 'session.serve'; actor: Actor; sessionId: string; customerId: string }
  /** SUP-3: hand control to a helper. */
  | { type: 'session.control'; actor: Actor; sessionId: string; to: string }
  | { type: 'session.activity'; actor: Actor; sessionId: string; kind: ActivityKind; on: boolean }
  /** VC-1 */
  | { type: 'session.voiceStart'; actor: Actor; sessionId: string }
  | { type: 'session.voiceEnd'; actor: Actor; sessionId: string }
  /** VC-3: the representative's own place in the voice call. */
  | { type: 'session.voiceJoin'; actor: Actor; sessionId: string }
  | { type: 'session.voiceLeave'; actor: Actor; sessionId: string }
  /** VC-2 */
  | { type: 'session.micGive'; actor: Actor; sessionId: string; participantId: string }
  | { type: 'session.micTake'; actor: Actor; sessionId: string; participantId: string }
  /** SUP-4: to one queue, or to one or more agents. */
  | { type: 'session.transfer'; actor: Actor; sessionId: string; queues: string[]; agents: string[]; message: string }
  | { type: 'session.accept'; actor: Actor; sessionId: string };

/** What a customer does from the session's page in a browser: no Teams identity, a seat the page holds. */
export type SessionCustomerCommand =
  /** SUP-1, SUP-2: `customer.id` and the seat's key hash are drawn by the caller. */
  | { type: 'session.customerJoin'; number: string; customer: { id: string; name: string; keyHash: string } }
  /** VC-3 */
  | { type: 'session.customerVoice'; sessionId: string; customerId: string; join: boolean }
  | { type: 'session.customerLeave'; sessionId: string; customerId: string };
