/**
 * The Desk tab's reads over what the desk service and the store offer today.
 * This is the one file to re-point when the store changes (a count kept per
 * queue, several instances): the tab and the board only see
 * `DeskReadModel`.
 */
import type { DeskConfig } from '../desk-config.js';
import type { DeskService } from '../desk-service.js';
import { waitingRange } from '../engine/indexes.js';
import type { Agent, Contact, WaitingEntry } from '../engine/model.js';
import type { StorePort } from '../store/store-port.js';
import type { BoardMarkStore } from './board-marks.js';
import type { AgentDesk, ChangeFeed, DeskReadModel, LeadBoard } from './desk-read-model.js';
import { buildLeadBoard } from './lead-board.js';
import { queuesServedBy, teamsLedBy } from './team-membership.js';

/** What the read model reads from. */
export interface ServiceReadModelDeps {
  service: DeskService;
  store: StorePort;
  desk: DeskConfig;
  marks: BoardMarkStore;
  changes: ChangeFeed;
}

/** `DeskReadModel` over `DeskService` reads and a scan of the `agent` collection. */
export class ServiceReadModel implements DeskReadModel {
  constructor(private readonly deps: ServiceReadModelDeps) {}

  get changes(): ChangeFeed {
    return this.deps.changes;
  }

  async agentDesk(agentId: string): Promise<AgentDesk | undefined> {
    const agent = await this.deps.service.agent(agentId);
    if (!agent) return undefined;
    const mine = (contact: Contact) => contact.agentId === agentId;
    const [offered, active, wrapUps] = await Promise.all([
      this.deps.service.contacts(agent.offers ?? []),
      this.deps.service.contacts(agent.active ?? []),
      this.deps.service.contacts(agent.wrapUps ?? []),
    ]);
    return {
      agent,
      requests: offered.filter((c) => c.status === 'offered' && mine(c)),
      interactions: active.filter(mine),
      wrapUps: wrapUps.filter(mine),
      // Team-lead messages (MSG-1) are not stored yet; their reader plugs in here.
      messages: [],
    };
  }

  async people(): Promise<Array<{ id: string; name: string }>> {
    return (await this.deps.store.scan('agent')).map((record) => {
      const agent = record.value as Agent;
      return { id: agent.id, name: agent.name };
    });
  }

  async leadBoard(leadId: string): Promise<LeadBoard | undefined> {
    const led = teamsLedBy(this.deps.desk, leadId);
    if (led.length === 0) return undefined;
    const queues = queuesServedBy(this.deps.desk, led);
    // The store's `waiting` index lists each queue's contacts oldest first: its first entry is the longest wait.
    const [agentRecords, marks, ...waitingLists] = await Promise.all([
      this.deps.store.scan('agent'),
      this.deps.marks.get(leadId),
      ...queues.map((queue) => this.deps.store.scan('waiting', waitingRange(queue.id))),
    ]);
    const waiting = new Map<string, { count: number; oldestSince?: string }>();
    queues.forEach((queue, index) => {
      const entries = (waitingLists[index] ?? []).map((record) => record.value as WaitingEntry);
      if (entries.length > 0) waiting.set(queue.id, { count: entries.length, oldestSince: entries[0]!.createdAt });
    });
    return buildLeadBoard({ desk: this.deps.desk, leadId, agents: agentRecords.map((r) => r.value as Agent), waiting, marks });
  }
}
