import type { Decision } from '../engine/decide.js';

/** Which card of a person a delivery shows; rendered from the stored state when it is sent. */
export type ShowCard =
  | { card: 'status' }
  | { card: 'requests'; connecting?: string }
  | { card: 'interaction'; contactId: string }
  | { card: 'wrapUp'; contactId: string }
  | { card: 'consultRequest'; contactId: string }
  | { card: 'session'; sessionId: string };

/** One card to show one person. */
export interface CardRequest {
  userId: string;
  /** The card's place in the person's chat: one outbox item per slot, so a newer request replaces an older one. */
  slot: string;
  show: ShowCard;
}

/** The slot of a card: one per kind of card, per contact for contact cards, per session for session cards. */
export function slotOf(show: ShowCard): string {
  if (show.card === 'status' || show.card === 'requests') return show.card;
  if (show.card === 'session') return `session:${encodeURIComponent(show.sessionId)}`;
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
  const add = (userId: string | undefined, show: ShowCard) => {
    if (!userId) return;
    const slot = slotOf(show);
    const key = `${userId}\u0000${slot}`;
    const earlier = requests.get(key);
    if (earlier?.show.card === 'requests' && earlier.show.connecting && !(show.card === 'requests' && show.connecting)) return;
    requests.set(key, { userId, slot, show });
  };
  for (const effect of decision.effects) {
    if (effect.type === 'showStatus') add(effect.agentId, { card: 'status' });
    else if (effect.type === 'showRequests')
      add(effect.agentId, effect.connecting ? { card: 'requests', connecting: effect.connecting } : { card: 'requests' });
    else if (effect.type === 'showInteraction' || effect.type === 'showWrapUp') {
      const userId = effect.agentId ?? decision.state.contacts.get(effect.contactId)?.agentId;
      add(userId, { card: effect.type === 'showInteraction' ? 'interaction' : 'wrapUp', contactId: effect.contactId });
    } else if (effect.type === 'showConsultRequest') {
      for (const personId of effect.to) add(personId, { card: 'consultRequest', contactId: effect.contactId });
    } else if (effect.type === 'showSession') {
      for (const personId of effect.to) add(personId, { card: 'session', sessionId: effect.sessionId });
    }
  }
  return [...requests.values()];
}
