import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { pickLocale } from '../cards/locale.js';
import type { MessageDelivery } from '../src/desk-service.js';
import { deliveryWrite, reportCardWrite, type DeliveryRecord } from '../src/leads/delivery-record.js';
import type { LeadReads } from '../src/leads/lead-reads.js';
import { errorFields, type Log } from '../src/log.js';
import type { OutboxItem } from '../src/outbox/outbox-item.js';
import type { DeliveryResult, LaneHandler } from '../src/outbox/outbox-worker.js';
import type { SendThrottle } from '../src/outbox/throttle.js';
import type { RecordChange } from '../src/store/store-port.js';
import { retryAfterOf, statusOf } from './card-lane.js';
import type { ConnectorClients } from './connector-clients.js';
import type { CardRegistry } from './card-registry.js';
import type { ConversationRegistry } from './conversation-registry.js';
import type { LeadCards } from './lead-cards.js';

/** What the message lane needs to reach recipients. */
export interface MessageLaneDeps {
  /** Bot Connector clients, shared with the card lane. */
  clients: ConnectorClients;
  conversations: ConversationRegistry;
  cardIds: CardRegistry;
  leads: LeadCards;
  reads: LeadReads;
  log: Log;
  /** The same throttle the card lane sends through: Teams' limits hold for every send of the app (MSG-2). */
  throttle: SendThrottle;
  clock: () => Date;
  instanceId: string;
  /** How many times a send is tried before it counts as failed (throttling and gateway errors). */
  maxTries: number;
  /** The report card is updated at most once per this period. */
  reportEveryMs: number;
}

// Teams answers these when trying again can help: throttled, busy, a gateway that timed out, a server error.
const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);
// The app was removed or blocked (403), the user or conversation is gone (404): final at once.
const GONE = new Set([403, 404]);

/**
 * The outbox's message lane (MSG-2): sends one broadcast to one recipient,
 * through the send throttle, and says how it went as a delivery record written
 * in the same store write that settles the outbox item, together with the
 * lead's (coalesced) report update. A recipient with no stored conversation is
 * reported "not installed", never skipped silently.
 */
export class MessageLane implements LaneHandler {
  constructor(private readonly deps: MessageLaneDeps) {}

  async deliver(item: OutboxItem): Promise<DeliveryResult> {
    const { broadcastId, recipientId } = item.payload as MessageDelivery;
    const { deps } = this;
    const now = deps.clock();
    const broadcast = await deps.reads.broadcast(broadcastId);
    // Gone (retention took it): nothing left to deliver or report.
    if (!broadcast) return { ok: true };
    const attempts = item.attempts + 1;
    const writes = (state: DeliveryRecord['state'], reason?: string): RecordChange[] => [
      deliveryWrite({ broadcastId, recipientId, state, attempts, at: now.toISOString(), ...(reason ? { reason } : {}) }),
      ...(broadcast.leadId ? [reportCardWrite(broadcast.leadId, broadcastId, now, deps.reportEveryMs, deps.instanceId)] : []),
    ];
    const reach = await deps.conversations.reach(recipientId);
    if (!reach) {
      deps.log.warn('message.notInstalled', { broadcastId, recipientId });
      return { ok: true, writes: writes('notInstalled') };
    }
    try {
      const card = await deps.leads.message(broadcastId, recipientId, { locale: pickLocale(reach.locale), userId: reach.reference.user?.id ?? '' });
      if (!card) return { ok: true };
      const conversation = reach.reference.conversation?.id ?? recipientId;
      const client = await deps.clients.for(reach.reference);
      const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), reach.reference);
      // A slot is taken right before the send: a retry waits for its own slot too.
      const activityId = (await deps.throttle.send(conversation, () => client.conversations.sendToConversation(conversation, activity)))?.id;
      // ST-8: a switch notice is updated in place by its final notice.
      if (activityId && broadcast.kind === 'switch') await deps.cardIds.remember(recipientId, { kind: 'message', broadcastId }, activityId);
      return { ok: true, writes: writes('sent') };
    } catch (error) {
      const status = statusOf(error);
      const reason = status !== undefined ? `status ${status}` : 'network';
      if (status !== undefined && GONE.has(status)) return { ok: false, final: true, error: reason, writes: writes('failed', reason) };
      const retryable = status === undefined || RETRYABLE.has(status);
      if (!retryable || attempts >= deps.maxTries) {
        deps.log.warn('message.failed', { broadcastId, recipientId, attempts, reason, ...errorFields(error) });
        return { ok: false, final: true, error: reason, writes: writes('failed', retryable ? `${reason} × ${attempts}` : reason) };
      }
      const retryAfterMs = retryAfterOf(error);
      return { ok: false, error: reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), writes: writes('retrying', reason) };
    }
  }
}
