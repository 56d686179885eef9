import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render.js';
import { pickLocale } from '../cards/locale.js';
import type { Decision } from '../src/engine/decide.js';
import type { Effect } from '../src/engine/effects.js';
import { errorFields, type Log } from '../src/log.js';
import type { CardRegistry, CardSlot } from './card-registry.js';
import type { ConversationRegistry } from './conversation-registry.js';
import type { DeskCards, Reader } from './desk-cards.js';

/** What the runner needs to reach people. */
export interface EffectRunnerDeps {
  adapter: CloudAdapter;
  appId: string;
  conversations: ConversationRegistry;
  cardIds: CardRegistry;
  cards: DeskCards;
  log: Log;
}

/**
 * Carries out the engine's effects after a commit: proactive cards, sent once
 * and then updated in place by their stored activity id. Updates for one person
 * run in order, so an older view never overwrites a newer one.
 */
export class EffectRunner {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: EffectRunnerDeps) {}

  /** The commit listener: runs a decision's effects, never throwing into the engine's path. */
  async run(decision: Decision): Promise<void> {
    const work: Array<Promise<void>> = [];
    for (const effect of unique(decision.effects)) {
      if (effect.type === 'notify') {
        const { kind, ...fields } = effect.event;
        this.deps.log.info(kind, fields);
      } else if (effect.type === 'showConsultRequest') {
        for (const personId of effect.to) work.push(this.inOrder(personId, () => this.showConsultRequest(personId, effect.contactId)));
      } else if (effect.type !== 'routeWaiting') {
        const agentId = this.agentOf(effect, decision);
        if (agentId) work.push(this.inOrder(agentId, () => this.show(agentId, effect)));
      }
    }
    await Promise.all(work);
  }

  private agentOf(effect: Effect, decision: Decision): string | undefined {
    if (effect.type === 'showRequests' || effect.type === 'showStatus') return effect.agentId;
    if (effect.type === 'showInteraction' || effect.type === 'showWrapUp') return effect.agentId ?? decision.state.contacts.get(effect.contactId)?.agentId;
    return undefined;
  }

  private inOrder(agentId: string, job: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(agentId) ?? Promise.resolve()).then(job, job);
    this.queues.set(agentId, next);
    void next.finally(() => {
      if (this.queues.get(agentId) === next) this.queues.delete(agentId);
    });
    return next;
  }

  private async show(agentId: string, effect: Effect): Promise<void> {
    try {
      const reach = await this.deps.conversations.reach(agentId);
      if (!reach) {
        // SPEC 9: someone who never installed the app is reported, not silently skipped.
        this.deps.log.warn('delivery.notInstalled', { agentId, effect: effect.type });
        return;
      }
      const reader: Reader = { locale: pickLocale(reach.locale), userId: reach.reference.user?.id ?? '' };
      if (effect.type === 'showStatus') {
        const current = await this.deps.cards.agent(agentId);
        if (current) await this.deliver(reach.reference, agentId, { kind: 'status' }, this.deps.cards.status(current, reader), false);
      } else if (effect.type === 'showRequests') {
        if (effect.connecting) {
          // PO-1: the connect popover first, then the contact-request popover in the same message.
          await this.deliver(
            reach.reference,
            agentId,
            { kind: 'requests' },
            await this.deps.cards.requests(agentId, reader, { connecting: effect.connecting }),
            true,
          );
        }
        await this.deliver(reach.reference, agentId, { kind: 'requests' }, await this.deps.cards.requests(agentId, reader), true);
      } else if (effect.type === 'showInteraction' || effect.type === 'showWrapUp') {
        const contact = await this.deps.cards.contact(effect.contactId);
        if (!contact) return;
        const slot: CardSlot = effect.type === 'showInteraction' ? { kind: 'interaction', contactId: contact.id } : { kind: 'wrapUp', contactId: contact.id };
        const card =
          effect.type === 'showInteraction'
            ? await this.deps.cards.interaction(contact, { ...reader, viewerId: agentId })
            : this.deps.cards.wrapUp(contact, reader);
        await this.deliver(reach.reference, agentId, slot, card, true);
      }
    } catch (error) {
      this.deps.log.warn('delivery.failed', { agentId, effect: effect.type, ...errorFields(error), status: statusOf(error) });
    }
  }

  /** Sends or updates one person's consult-request card; an expert who never installed the app is reported (SPEC 9). */
  private async showConsultRequest(personId: string, contactId: string): Promise<void> {
    try {
      const reach = await this.deps.conversations.reach(personId);
      if (!reach) {
        this.deps.log.warn('delivery.notInstalled', { agentId: personId, effect: 'showConsultRequest' });
        return;
      }
      const contact = await this.deps.cards.contact(contactId);
      if (!contact) return;
      const reader: Reader = { locale: pickLocale(reach.locale), userId: reach.reference.user?.id ?? '' };
      const card = await this.deps.cards.consultRequest(contact, personId, reader);
      await this.deliver(reach.reference, personId, { kind: 'consultRequest', contactId }, card, true);
    } catch (error) {
      this.deps.log.warn('delivery.failed', { agentId: personId, effect: 'showConsultRequest', ...errorFields(error), status: statusOf(error) });
    }
  }

  /** Updates the card in its slot, or sends it (and remembers its id) when there is none yet or `sendIfMissing`. */
  private async deliver(
    reference: Partial<ConversationReference>,
    userId: string,
    slot: CardSlot,
    card: AdaptiveCardJson,
    sendIfMissing: boolean,
  ): Promise<void> {
    const existing = await this.deps.cardIds.find(userId, slot);
    if (!existing && !sendIfMissing) return;
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context: TurnContext) => {
      if (existing) {
        try {
          await context.updateActivity({ ...activity, id: existing });
          return;
        } catch (error) {
          // The message is gone (deleted, or the chat was reset): send a fresh one below.
          this.deps.log.debug('delivery.updateFailed', { userId, slot: slot.kind, status: statusOf(error) });
        }
      }
      const sent = await context.sendActivity(activity);
      if (sent?.id) await this.deps.cardIds.remember(userId, slot, sent.id);
    });
  }
}

/** Each effect once, keeping the first (a connecting popover wins over a plain refresh of the same popover). */
function unique(effects: readonly Effect[]): Effect[] {
  const seen = new Set<string>();
  const connecting = new Set(effects.flatMap((e) => (e.type === 'showRequests' && e.connecting ? [e.agentId] : [])));
  return effects.filter((effect) => {
    if (effect.type === 'showRequests' && !effect.connecting && connecting.has(effect.agentId)) return false;
    const key = JSON.stringify(effect);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | undefined)?.statusCode ?? (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}
