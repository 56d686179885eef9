/**
 * The Desk tab's reads over what the desk service and the store offer today.
 * This is the one file to re-point when the store changes (an agent index, a
 * queued-contacts index, several instances): the tab and the board only see
 * `DeskReadModel`.
 */
import type { DeskConfig } from '../desk-config.js';
import { keys, type DeskService } from '../desk-service.js';
import type { Agent, Contact, QueueState } from '../engine/model.js';
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
    const [agentRecords, queueRecords, marks] = await Promise.all([
      this.deps.store.scan('agent'),
      this.deps.store.read(queues.map((q) => keys.queue(q.id))),
      this.deps.marks.get(leadId),
    ]);
    const states = queues.map((q) => queueRecords.get(keys.queue(q.id))?.value as QueueState | undefined);
    // A queue keeps its contacts oldest first: the first one is the longest wait.
    const oldest = await this.deps.service.contacts(states.flatMap((s) => (s?.waiting[0] ? [s.waiting[0]] : [])));
    const arrived = new Map(oldest.map((c) => [c.id, c.createdAt]));
    const waiting = new Map<string, { count: number; oldestSince?: string }>();
    for (const state of states) {
      if (!state || state.waiting.length === 0) continue;
      const since = arrived.get(state.waiting[0]!);
      waiting.set(state.id, { count: state.waiting.length, ...(since ? { oldestSince: since } : {}) });
    }
    return buildLeadBoard({ desk: this.deps.desk, leadId, agents: agentRecords.map((r) => r.value as Agent), waiting, marks });
  }
}
