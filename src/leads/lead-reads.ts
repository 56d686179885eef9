import { broadcastRange, inboxRange, keys, type InboxEntry } from '../desk-records.js';
import type { Agent } from '../engine/model.js';
import { messageId, type Broadcast, type LeadMessage } from '../engine/lead-model.js';
import type { StorePort } from '../store/store-port.js';
import type { DeliveryRecord } from './delivery-record.js';

/** The figures of a delivery report (MSG-2). */
export interface ReportCounts {
  recipients: number;
  sent: number;
  pending: number;
  retrying: number;
  failed: number;
  /** Failures by reason (`status 403`, `status 404`, `status 429`...). */
  failedBy: Map<string, number>;
  notInstalled: number;
  installing: number;
  acknowledged: number;
}

/** A broadcast's report: the figures, and who has not acknowledged (ids, in recipient order). */
export interface Report {
  broadcast: Broadcast;
  counts: ReportCounts;
  notAcknowledged: string[];
  notInstalled: string[];
}

/** One message in a recipient's list (MSG-1). */
export interface InboxItem {
  broadcast: Broadcast;
  message: LeadMessage;
}

/**
 * The leads' reads that no command makes: a broadcast's report (two scans of
 * one broadcast's range: its copies and its delivery records) and a
 * recipient's recent messages (a scan of their inbox, newest first).
 */
export class LeadReads {
  constructor(private readonly store: StorePort) {}

  /** A broadcast, if it exists. */
  async broadcast(id: string): Promise<Broadcast | undefined> {
    return (await this.store.read([keys.broadcast(id)])).get(keys.broadcast(id))?.value as Broadcast | undefined;
  }

  /** One recipient's copy of a broadcast. */
  async message(broadcastId: string, recipientId: string): Promise<LeadMessage | undefined> {
    const key = keys.message(messageId(broadcastId, recipientId));
    return (await this.store.read([key])).get(key)?.value as LeadMessage | undefined;
  }

  /** The report of a broadcast, or undefined when there is none. */
  async report(broadcastId: string): Promise<Report | undefined> {
    const broadcast = await this.broadcast(broadcastId);
    if (!broadcast) return undefined;
    const range = broadcastRange(broadcastId);
    const [copies, deliveries] = await Promise.all([this.store.scan('message', range), this.store.scan('delivery', range)]);
    const outcome = new Map<string, DeliveryRecord>();
    for (const record of deliveries) {
      const delivery = record.value as DeliveryRecord;
      outcome.set(delivery.recipientId, delivery);
    }
    const counts: ReportCounts = {
      recipients: broadcast.recipients,
      sent: 0,
      pending: 0,
      retrying: 0,
      failed: 0,
      failedBy: new Map(),
      notInstalled: 0,
      installing: 0,
      acknowledged: 0,
    };
    const notAcknowledged: string[] = [];
    const notInstalled: string[] = [];
    for (const record of copies) {
      const copy = record.value as LeadMessage;
      if (copy.ackedAt) counts.acknowledged++;
      else notAcknowledged.push(copy.recipientId);
      const delivery = outcome.get(copy.recipientId);
      if (!delivery) counts.pending++;
      else if (delivery.state === 'sent') counts.sent++;
      else if (delivery.state === 'retrying') counts.retrying++;
      else if (delivery.state === 'installing') counts.installing++;
      else if (delivery.state === 'notInstalled') {
        counts.notInstalled++;
        notInstalled.push(copy.recipientId);
      } else {
        counts.failed++;
        const reason = delivery.reason ?? 'unknown';
        counts.failedBy.set(reason, (counts.failedBy.get(reason) ?? 0) + 1);
      }
    }
    return { broadcast, counts, notAcknowledged, notInstalled };
  }

  /** A recipient's most recent messages, newest first (MSG-1). */
  async inbox(recipientId: string, limit = 10): Promise<InboxItem[]> {
    const entries = (await this.store.scan('inbox', { ...inboxRange(recipientId), limit })).map((r) => r.value as InboxEntry);
    if (entries.length === 0) return [];
    const found = await this.store.read(entries.flatMap((e) => [keys.broadcast(e.broadcastId), keys.message(messageId(e.broadcastId, recipientId))]));
    return entries.flatMap((entry) => {
      const broadcast = found.get(keys.broadcast(entry.broadcastId))?.value as Broadcast | undefined;
      const message = found.get(keys.message(messageId(entry.broadcastId, recipientId)))?.value as LeadMessage | undefined;
      return broadcast && message ? [{ broadcast, message }] : [];
    });
  }

  /** Names of agents the desk knows, for the report's list of who has not acknowledged. */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const found = await this.store.read(ids.map(keys.agent));
    const names = new Map<string, string>();
    for (const id of ids) {
      const agent = found.get(keys.agent(id))?.value as Agent | undefined;
      names.set(id, agent?.name || id);
    }
    return names;
  }

  /** The delivery records of a recipient's recent broadcasts, for resuming deliveries once they install the app. */
  async undelivered(recipientId: string, limit = 20): Promise<Array<{ record: DeliveryRecord; version: number }>> {
    const entries = (await this.store.scan('inbox', { ...inboxRange(recipientId), limit })).map((r) => r.value as InboxEntry);
    const found = await this.store.read(entries.map((e) => keys.delivery(e.broadcastId, recipientId)));
    return [...found.values()]
      .map((stored) => ({ record: stored.value as DeliveryRecord, version: stored.version }))
      .filter(({ record }) => record.state === 'notInstalled' || record.state === 'installing');
  }
}
