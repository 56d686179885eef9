import type { ShowCard } from '../outbox/card-requests.js';
import { slotOf } from '../outbox/card-requests.js';
import { outboxKeys, type OutboxItem } from '../outbox/outbox-item.js';
import type { StorePort } from '../store/store-port.js';

/** Where a card request goes: the store (durable) and the worker that delivers it at once. */
export interface ChatCardOutbox {
  store: StorePort;
  outbox: { workNow(fresh: readonly { key: string; value: unknown }[]): Promise<void> };
}

/**
 * Asks for one of a person's chat cards to be brought up to date, through the
 * same durable outbox as the cards a decision asks for. The engine leaves the
 * card a person pressed to the answer to their press; a press in the tab has no
 * chat card to answer, so the tab asks for it here.
 */
export async function requestChatCard(target: ChatCardOutbox, userId: string, show: ShowCard, now: Date): Promise<void> {
  const at = now.toISOString();
  const { key, sort } = outboxKeys.card(userId, slotOf(show), at);
  const item: OutboxItem<ShowCard> = { lane: 'card', stream: userId, payload: show, createdAt: at, attempts: 0, dueAt: at };
  await target.store.write([{ key, value: item, expectedVersion: 'any', sort }]);
  await target.outbox.workNow([{ key, value: item }]);
}
