import type { Decision } from '../engine/decide.js';

/** Which card of a person a delivery shows; rendered from the stored state when it is sent. */
export type ShowCard =
  | { card: 'status' }
  | { card: 'requests'; connecting?: string }
  /** A contact's own message: the interaction, which becomes its wrap-up in place (WRAP-1). */
  | { card: 'interaction'; contactId: string }
  | { card: 'consultRequest'; contactId: string }
  /** A team lead's message or switch notice as its recipient sees it (MSG-1, ST-8). */
  | { card: 'message'; broadcastId: string }
  /** The delivery report of a broadcast, as its lead sees it (MSG-2). */
  | { card: 'report'; broadcastId: string }
  /** A support session as one participant sees it (SUP-1..SUP-4). */
  | { card: 'session'; sessionId: string };

/** One card to show one person. */
export interface CardRequest {
  userId: string;
  /** The card's place in the person's chat: one outbox item per slot, so a newer request replaces an older one. */
  slot: string;
  show: ShowCard;
  /** When to show it, if not at once (ST-8's final notice at the switch time). */
  at?: string;
}

/** The slot of a card: one per kind of card, per contact for contact cards, per session for session cards. */
export function slotOf(show: ShowCard): string {
  if (show.card === 'status' || show.card === 'requests') return show.card;
  if (show.card === 'session') return `session:${encodeURIComponent(show.sessionId)}`;
  if (show.card === 'message' || show.card === 'report') return `${show.card}:${show.broadcastId}`;
  return `${show.card}:${encodeURIComponent(show.contactId)}`;
}

/**
 * The cards a decision asks to show, one per person and slot: the engine's
 * show effects with their person resolved from the decided state (a contact's
 * card goes to its agent unless the effect names someone else). A connect
 * popover (PO-1) wins over a plain refresh of the same requests card.
 */
export function cardRequestsOf(decision: Decision): CardRequest[] {
  const requests = new Map<string, CardRequest>();
  const add = (userId: string | undefined, show: ShowCard, at?: string) => {
    if (!userId) return;
    const slot = slotOf(show);
    const key = `${userId}\u0000${slot}`;
    const earlier = requests.get(key);
    if (earlier?.show.card === 'requests' && earlier.show.connecting && !(show.card === 'requests' && show.connecting)) return;
    requests.set(key, { userId, slot, show, ...(at ? { at } : {}) });
  };
  for (const effect of decision.effects) {
    if (effect.type === 'showStatus') add(effect.agentId, { card: 'status' });
    else if (effect.type === 'showRequests')
      add(effect.agentId, effect.connecting ? { card: 'requests', connecting: effect.connecting } : { card: 'requests' });
    else if (effect.type === 'showInteraction' || effect.type === 'showWrapUp') {
      const userId = effect.agentId ?? decision.state.contacts.get(effect.contactId)?.agentId;
      // Interaction and wrap-up are one message that changes in place: one slot.
      add(userId, { card: 'interaction', contactId: effect.contactId });
    } else if (effect.type === 'showConsultRequest') {
      for (const personId of effect.to) add(personId, { card: 'consultRequest', contactId: effect.contactId });
    } else if (effect.type === 'showReport') {
      add(effect.leadId, { card: 'report', broadcastId: effect.broadcastId });
    } else if (effect.type === 'showNotice') {
      for (const personId of effect.to) add(personId, { card: 'message', broadcastId: effect.broadcastId }, effect.at);
    } else if (effect.type === 'showSession') {
      for (const personId of effect.to) add(personId, { card: 'session', sessionId: effect.sessionId });
    }
  }
  return [...requests.values()];
}

/**
 * When a delivery report update is sent: at the end of the current report
 * period. Every acknowledgement and delivery of the period writes the same
 * outbox item with the same time, so the lead's chat gets one update per
 * period, across instances, however many agents acknowledge (MSG-2).
 */
export function reportDueAt(now: Date, periodMs: number): string {
  return new Date(Math.ceil((now.getTime() + 1) / periodMs) * periodMs).toISOString();
}
