import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { pickLocale } from '../cards/locale.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import type { Decision } from '../src/engine/decide.js';
import { errorFields, type Log } from '../src/log.js';
import type { ShowCard } from '../src/outbox/card-requests.js';
import type { OutboxItem } from '../src/outbox/outbox-item.js';
import type { DeliveryResult, LaneHandler } from '../src/outbox/outbox-worker.js';
import type { SendThrottle } from '../src/outbox/throttle.js';
import type { CardRegistry, CardSlot } from './card-registry.js';
import type { ConversationRegistry } from './conversation-registry.js';
import type { DeskCards, Reader } from './desk-cards.js';

/** What the card lane needs to reach people. */
export interface CardLaneDeps {
  adapter: CloudAdapter;
  appId: string;
  conversations: ConversationRegistry;
  cardIds: CardRegistry;
  cards: DeskCards;
  log: Log;
  /** Paces sends under Teams' per-conversation and per-tenant limits (MSG-2). */
  throttle: SendThrottle;
}

// The conversation or the app is gone for this person: trying again cannot help.
const FINAL_STATUSES = new Set([401, 403, 404]);

/**
 * The outbox's card lane: shows one card to one person, rendered from the
 * stored state when it is sent, sent once and then updated in place by its
 * stored activity id. Errors become outbox results: throttling and gateway
 * errors are tried again (after Retry-After when given), a removed app or
 * user is final, and someone who never installed the app is reported.
 */
export class CardLane implements LaneHandler {
  constructor(private readonly deps: CardLaneDeps) {}

  async deliver(item: OutboxItem): Promise<DeliveryResult> {
    const userId = item.stream;
    const show = item.payload as ShowCard;
    try {
      await this.show(userId, show);
      return { ok: true };
    } catch (error) {
      const status = statusOf(error);
      this.deps.log.warn('delivery.failed', { agentId: userId, card: show.card, ...errorFields(error), status });
      if (status !== undefined && FINAL_STATUSES.has(status)) return { ok: false, error: `status ${status}`, final: true };
      const retryAfterMs = retryAfterOf(error);
      return { ok: false, error: status ? `status ${status}` : (error as Error).message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
  }

  private async show(userId: string, show: ShowCard): Promise<void> {
    const reach = await this.deps.conversations.reach(userId);
    if (!reach) {
      // SPEC 9: someone who never installed the app is reported, not silently skipped.
      this.deps.log.warn('delivery.notInstalled', { agentId: userId, card: show.card });
      return;
    }
    const reader: Reader = { locale: pickLocale(reach.locale), userId: reach.reference.user?.id ?? '' };
    const cards = this.deps.cards;
    if (show.card === 'status') {
      const current = await cards.agent(userId);
      if (current) await this.put(reach.reference, userId, { kind: 'status' }, cards.status(current, reader), false);
      return;
    }
    if (show.card === 'requests') {
      const card = await cards.requests(userId, reader, show.connecting ? { connecting: show.connecting } : {});
      await this.put(reach.reference, userId, { kind: 'requests' }, card, true);
      return;
    }
    if (show.card === 'session') {
      const session = await cards.supportSession(show.sessionId);
      if (session) await this.put(reach.reference, userId, { kind: 'session', sessionId: session.id }, await cards.session(session, userId, reader), true);
      return;
    }
    const contact = await cards.contact(show.contactId);
    if (!contact) return;
    if (show.card === 'interaction') {
      await this.put(
        reach.reference,
        userId,
        { kind: 'interaction', contactId: contact.id },
        await cards.interaction(contact, { ...reader, viewerId: userId }),
        true,
      );
    } else if (show.card === 'wrapUp') {
      await this.put(reach.reference, userId, { kind: 'wrapUp', contactId: contact.id }, cards.wrapUp(contact, reader), true);
    } else {
      await this.put(reach.reference, userId, { kind: 'consultRequest', contactId: contact.id }, await cards.consultRequest(contact, userId, reader), true);
    }
  }

  /** Updates the card in its slot, or sends it (and remembers its id) when there is none yet or `sendIfMissing`. */
  private async put(reference: Partial<ConversationReference>, userId: string, slot: CardSlot, card: AdaptiveCardJson, sendIfMissing: boolean): Promise<void> {
    const existing = await this.deps.cardIds.find(userId, slot);
    if (!existing && !sendIfMissing) return;
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    const conversation = reference.conversation?.id ?? userId;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context: TurnContext) => {
      if (existing) {
        try {
          await this.deps.throttle.acquire(conversation);
          await context.updateActivity({ ...activity, id: existing });
          return;
        } catch (error) {
          // Only a message that is gone (deleted, or the chat was reset) is sent afresh; throttling is tried again later.
          const status = statusOf(error);
          if (status !== 404 && status !== 400) throw error;
          this.deps.log.debug('delivery.updateFailed', { userId, slot: slot.kind, status });
        }
      }
      await this.deps.throttle.acquire(conversation);
      const sent = await context.sendActivity(activity);
      if (sent?.id) await this.deps.cardIds.remember(userId, slot, sent.id);
    });
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

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | undefined)?.statusCode ?? (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After (seconds or an HTTP date) of a Bot Connector error, in milliseconds. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
