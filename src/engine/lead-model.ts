/** Who a team lead's message goes to (MSG-1). */
export type Audience =
  | { kind: 'agent'; id: string }
  | { kind: 'team'; id: string }
  /** The agents of the lead's teams that serve the queue. */
  | { kind: 'queue'; id: string }
  /** Everyone the lead leads (every agent, for a platform switch announced by the platform). */
  | { kind: 'led' };

/** How a message is shown: urgent ones stand out on the card. */
export type Importance = 'normal' | 'urgent';

/** The longest message text a lead may post (MSG-1). */
export const MAX_MESSAGE_LENGTH = 2000;

/** The most recipients one broadcast may have: its records are written in one store batch. */
export const MAX_RECIPIENTS = 50_000;

/**
 * One post of a team lead, or one platform-switch notice (ST-8): written once
 * when it is posted and never again, so delivering and acknowledging it write
 * other records. `id` comes from the compose card's own data, so pressing Send
 * twice finds the same broadcast.
 */
export interface Broadcast {
  id: string;
  kind: 'message' | 'switch';
  /** Who posted it; absent for a switch the platform announced. */
  leadId?: string;
  leadName: string;
  audience: Audience;
  text: string;
  importance: Importance;
  createdAt: string;
  /** How many recipients it was posted to. */
  recipients: number;
  /** ST-8: when the switch happens (the final notice). */
  switchAt?: string;
}

/**
 * A broadcast as one recipient has it: created with the broadcast, then
 * written only by that recipient (acknowledging) or their own logout deadline
 * (ST-8). Its id is `<broadcast id>/<recipient id>`.
 */
export interface LeadMessage {
  id: string;
  broadcastId: string;
  recipientId: string;
  createdAt: string;
  ackedAt?: string;
  /** ST-8: when this recipient is logged out if they have not logged out by then. */
  logoutAt?: string;
}

/** The id of one recipient's copy of a broadcast (broadcast ids never hold a slash). */
export const messageId = (broadcastId: string, recipientId: string): string => `${broadcastId}/${recipientId}`;

/** The broadcast and recipient of a message id. */
export function parseMessageId(id: string): { broadcastId: string; recipientId: string } | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? { broadcastId: id.slice(0, slash), recipientId: id.slice(slash + 1) } : undefined;
}

/** A team as the admin configured it, as the engine needs it (MSG-1 audiences and who may post). */
export interface TeamPolicy {
  id: string;
  channels: readonly string[];
  members: readonly string[];
  leads: readonly string[];
}
