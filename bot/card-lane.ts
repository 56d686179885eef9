import { CardFactory, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import { pickLocale } from '../cards/locale.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import { type CardForms, deliverWithinBudget, isTooLarge } from './card-budget.js';
import type { Decision } from '../src/engine/decide.js';
import { errorFields, type Log } from '../src/log.js';
import { noMetrics, type Metrics } from '../src/metrics.js';
import type { ShowCard } from '../src/outbox/card-requests.js';
import type { OutboxItem } from '../src/outbox/outbox-item.js';
import type { DeliveryResult, LaneHandler } from '../src/outbox/outbox-worker.js';
import type { SendThrottle } from '../src/outbox/throttle.js';
import type { ConnectorClients } from './connector-clients.js';
import type { CardRegistry, CardSlot } from './card-registry.js';
import type { ConversationRegistry } from './conversation-registry.js';
import type { DeskCards, Reader } from './desk-cards.js';
import type { LeadCards } from './lead-cards.js';

/** What the card lane needs to reach people. */
export interface CardLaneDeps {
  /** Bot Connector clients, shared with the message lane. */
  clients: ConnectorClients;
  conversations: ConversationRegistry;
  cardIds: CardRegistry;
  cards: DeskCards;
  log: Log;
  /** Paces sends under Teams' per-conversation and per-tenant limits (MSG-2). */
  throttle: SendThrottle;
  /** Where deliveries and retries are counted (default: nowhere). */
  metrics?: Metrics;
  /** The leads' cards: delivery reports and message cards (MSG-1, MSG-2, ST-8). */
  leads?: LeadCards;
}

// The conversation or the app is gone for this person: trying again cannot help.
const FINAL_STATUSES = new Set([401, 403, 404]);

/**
 * The outbox's card lane: shows one card to one person, rendered from the
 * stored state when it is sent, sent once and then updated in place by its
 * stored activity id. Errors become outbox results: throttling and gateway
 * errors are tried again (after Retry-After when given), a removed app or
 * user is final, and someone who never installed the app is reported. A card
 * Teams refuses as too large (413) goes once more in its smallest form
 * (card-budget.ts); refused again, it is final.
 */
export class CardLane implements LaneHandler {
  constructor(private readonly deps: CardLaneDeps) {}

  async deliver(item: OutboxItem): Promise<DeliveryResult> {
    const result = await this.attempt(item);
    const outcome = result.ok ? 'ok' : result.final ? 'failed' : 'retry';
    const metrics = this.deps.metrics ?? noMetrics;
    metrics.delivery(outcome);
    if (item.attempts > 0) metrics.deliveryRetry(outcome);
    return result;
  }

  private async attempt(item: OutboxItem): Promise<DeliveryResult> {
    const userId = item.stream;
    const show = item.payload as ShowCard;
    try {
      if (await this.show(userId, show)) return { ok: true };
      // Logged as delivery.tooLarge with the card's sizes: sending the same card again cannot help.
      return { ok: false, error: 'too large for Teams even in its smallest form', final: true };
    } catch (error) {
      const status = statusOf(error);
      this.deps.log.warn('delivery.failed', { agentId: userId, card: show.card, ...errorFields(error), status });
      if (status !== undefined && FINAL_STATUSES.has(status)) return { ok: false, error: `status ${status}`, final: true };
      const retryAfterMs = retryAfterOf(error);
      return { ok: false, error: status ? `status ${status}` : (error as Error).message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
  }

  /** Shows the card; false when Teams refused it as too large even in its smallest form. */
  private async show(userId: string, show: ShowCard): Promise<boolean> {
    const reach = await this.deps.conversations.reach(userId);
    if (!reach) {
      // SPEC 9: someone who never installed the app is reported, not silently skipped.
      this.deps.log.warn('delivery.notInstalled', { agentId: userId, card: show.card });
      return true;
    }
    const reader: Reader = { locale: pickLocale(reach.locale), userId: reach.reference.user?.id ?? '' };
    const cards = this.deps.cards;
    if (show.card === 'status') {
      const current = await cards.agent(userId);
      return current ? this.put(reach.reference, userId, { kind: 'status' }, () => cards.status(current, reader), false) : true;
    }
    if (show.card === 'requests') {
      const card: CardForms = (smallest) => cards.requests(userId, reader, { ...(show.connecting ? { connecting: show.connecting } : {}), smallest });
      return this.put(reach.reference, userId, { kind: 'requests' }, card, true);
    }
    if (show.card === 'message' || show.card === 'report') {
      const leads = this.deps.leads;
      const card = !leads
        ? undefined
        : show.card === 'message'
          ? await leads.message(show.broadcastId, userId, reader)
          : await leads.report(show.broadcastId, reader);
      return card ? this.put(reach.reference, userId, { kind: show.card, broadcastId: show.broadcastId }, () => card, true) : true;
    }
    if (show.card === 'session') {
      const session = await cards.supportSession(show.sessionId);
      if (!session) return true;
      const card = await cards.session(session, userId, reader);
      return this.put(reach.reference, userId, { kind: 'session', sessionId: session.id }, () => card, true);
    }
    const contact = await cards.contact(show.contactId);
    if (!contact) return true;
    if (show.card === 'interaction') {
      const wrapUp = (await cards.contactCardFor(contact, userId)) === 'wrapUp';
      const card: CardForms = wrapUp
        ? (smallest) => cards.wrapUp(contact, reader, undefined, { smallest })
        : (smallest) => cards.interaction(contact, { ...reader, viewerId: userId }, undefined, undefined, { smallest });
      return this.put(reach.reference, userId, { kind: 'interaction', contactId: contact.id }, card, true);
    }
    return this.put(reach.reference, userId, { kind: 'consultRequest', contactId: contact.id }, () => cards.consultRequest(contact, userId, reader), true);
  }

  /**
   * Updates the card in its slot, or sends it (and remembers its id) when there is none yet or `sendIfMissing`;
   * a card Teams refuses as too large goes once more in its smallest form. False when that is refused too.
   */
  private async put(reference: Partial<ConversationReference>, userId: string, slot: CardSlot, card: CardForms, sendIfMissing: boolean): Promise<boolean> {
    const existing = await this.deps.cardIds.find(userId, slot);
    if (!existing && !sendIfMissing) return true;
    return deliverWithinBudget((fitted) => this.post(reference, userId, slot, existing, fitted), card, this.deps.log, { agentId: userId, slot: slot.kind });
  }

  private async post(reference: Partial<ConversationReference>, userId: string, slot: CardSlot, existing: string | undefined, card: AdaptiveCardJson) {
    const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), reference);
    const conversation = reference.conversation?.id ?? userId;
    // Each try goes through the throttle: none made by the SDK behind its back.
    const client = await this.deps.clients.for(reference);
    if (existing) {
      try {
        await this.deps.throttle.send(conversation, () => client.conversations.updateActivity(conversation, existing, { ...activity, id: existing }));
        return;
      } catch (error) {
        // Only a message that is gone (deleted, or the chat was reset) is sent afresh; throttling is tried again
        // later, and a message too large would be refused the same way.
        const status = statusOf(error);
        if ((status !== 404 && status !== 400) || isTooLarge(error)) throw error;
        this.deps.log.debug('delivery.updateFailed', { userId, slot: slot.kind, status });
      }
    }
    const sent = await this.deps.throttle.send(conversation, () => client.conversations.sendToConversation(conversation, activity));
    if (sent?.id) await this.deps.cardIds.remember(userId, slot, sent.id);
  }
}

/** The commit listener that writes the engine's audit facts to the log (ids only, never names or values). */
export function logNotices(log: Log): (decision: Decision) => void {
  return (decision) => {
    for (const effect of decision.effects) {
      if (effect.type !== 'notify') continue;
      const { kind, ...fields } = effect.event;
      log.info(kind, fields);
    }
  };
}

/** The HTTP status of a Bot Connector error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | undefined)?.statusCode ?? (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After (seconds or an HTTP date) of a Bot Connector error, in milliseconds. */
export function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
