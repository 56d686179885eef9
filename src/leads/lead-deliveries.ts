import type { MessageDelivery } from '../desk-service.js';
import { keys } from '../desk-records.js';
import { errorFields, type Log } from '../log.js';
import { outboxKeys, type OutboxItem } from '../outbox/outbox-item.js';
import type { RecordChange, StorePort } from '../store/store-port.js';
import type { AppInstaller } from './app-installer.js';
import { deliveryWrite } from './delivery-record.js';
import type { LeadReads } from './lead-reads.js';

// Installs run a few at a time: Graph throttles per app, and a lead waits for the answer.
const INSTALLS_AT_ONCE = 4;

/**
 * Deliveries to recipients who did not have the app (MSG-2): the lead may have
 * it installed for them (with Microsoft Graph), and once a recipient's
 * conversation arrives their undelivered messages go back into the outbox.
 */
export class LeadDeliveries {
  constructor(
    private readonly store: StorePort,
    private readonly reads: LeadReads,
    private readonly log: Log,
    private readonly clock: () => Date,
    /** Kicks the outbox after new items were written. */
    private readonly outboxWritten: (items: readonly { key: string; value: unknown }[]) => void | Promise<void>,
    private readonly installer?: AppInstaller,
  ) {}

  /** Whether installing for recipients is possible here (DIRECTORY_SOURCE=graph). */
  get canInstall(): boolean {
    return this.installer !== undefined;
  }

  /** Installs the app for every "not installed" recipient of a broadcast; each one started is marked installing. */
  async installFor(broadcastId: string): Promise<{ started: number; failed: number; reason?: string }> {
    const report = await this.reads.report(broadcastId);
    if (!this.installer || !report) return { started: 0, failed: report?.notInstalled.length ?? 0, reason: 'not configured' };
    const pending = [...report.notInstalled];
    let started = 0;
    let failed = 0;
    let reason: string | undefined;
    const worker = async () => {
      for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
        const outcome = await this.installer!.install(id);
        if (!outcome.ok) {
          failed++;
          reason = outcome.reason;
          this.log.warn('message.installFailed', { broadcastId, recipientId: id, reason: outcome.reason });
          continue;
        }
        started++;
        await this.store.write([deliveryWrite({ broadcastId, recipientId: id, state: 'installing', attempts: 0, at: this.clock().toISOString() })]);
      }
    };
    await Promise.all(Array.from({ length: INSTALLS_AT_ONCE }, worker));
    return { started, failed, ...(reason ? { reason } : {}) };
  }

  /**
   * A person's conversation with the bot just arrived (an install): their
   * messages that could not be delivered for want of it go back into the
   * outbox, each once (the item must not exist; the delivery record must be
   * the one read).
   */
  async resumeFor(recipientId: string): Promise<number> {
    try {
      const undelivered = await this.reads.undelivered(recipientId);
      if (undelivered.length === 0) return 0;
      const at = this.clock().toISOString();
      const items: Array<{ key: string; value: unknown }> = [];
      const changes: RecordChange[] = [];
      for (const { record, version } of undelivered) {
        const { key, sort } = outboxKeys.message(record.broadcastId, recipientId, at);
        const payload: MessageDelivery = { broadcastId: record.broadcastId, recipientId };
        const item: OutboxItem<MessageDelivery> = { lane: 'message', stream: recipientId, payload, createdAt: at, attempts: 0, dueAt: at };
        changes.push({ key, value: item, expectedVersion: 0, sort });
        changes.push({ key: keys.delivery(record.broadcastId, recipientId), value: null, expectedVersion: version });
        items.push({ key, value: item });
      }
      await this.store.write(changes);
      await this.outboxWritten(items);
      return items.length;
    } catch (error) {
      // Another instance resumed them first (a version moved), or the store is away: the next install tries again.
      this.log.warn('message.resumeFailed', { recipientId, ...errorFields(error) });
      return 0;
    }
  }
}
