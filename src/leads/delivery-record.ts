import { keys, perBroadcastSort } from '../desk-records.js';
import { reportDueAt, type ShowCard } from '../outbox/card-requests.js';
import { outboxKeys, type OutboxItem } from '../outbox/outbox-item.js';
import type { RecordChange } from '../store/store-port.js';

/** Where delivering a broadcast to one recipient stands (MSG-2); no record yet means pending. */
export type DeliveryState = 'sent' | 'retrying' | 'failed' | 'notInstalled' | 'installing';

/**
 * How delivering a broadcast to one recipient went, written only by the
 * outbox's message lane (in the write that settles the outbox item) and by an
 * app install for them: never by the recipient's turns or the lead's.
 */
export interface DeliveryRecord {
  broadcastId: string;
  recipientId: string;
  state: DeliveryState;
  /** Why it failed or is being retried: `status 403`, `status 429`, `network`, ... */
  reason?: string;
  attempts: number;
  at: string;
}

/** The write of a delivery record. */
export function deliveryWrite(record: DeliveryRecord): RecordChange {
  return {
    key: keys.delivery(record.broadcastId, record.recipientId),
    value: record,
    expectedVersion: 'any',
    sort: perBroadcastSort(record.broadcastId, record.recipientId),
  };
}

/**
 * The outbox item that updates a lead's report card at the end of the current
 * report period (MSG-2): written unchecked by every delivery and acknowledgement
 * of the period with the same due time, so it is sent once per period.
 */
export function reportCardWrite(leadId: string, broadcastId: string, now: Date, periodMs: number, owner: string): RecordChange {
  const show: ShowCard = { card: 'report', broadcastId };
  const dueAt = reportDueAt(now, periodMs);
  const { key, sort } = outboxKeys.card(leadId, `report:${broadcastId}`, dueAt);
  const item: OutboxItem<ShowCard> = {
    lane: 'card',
    stream: leadId,
    payload: show,
    createdAt: now.toISOString(),
    attempts: 0,
    dueAt,
    lease: { owner, until: dueAt },
  };
  return { key, value: item, expectedVersion: 'any', sort };
}
