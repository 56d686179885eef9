import { AGENT_STATES } from './engine/agent-state.js';
import { waitingRange } from './engine/indexes.js';
import type { Agent } from './engine/model.js';
import type { DeskGauges } from './metrics.js';
import type { StorePort } from './store/store-port.js';

/**
 * The levels `/metrics` shows, read at scrape time from what the store keeps
 * today: each configured queue's waiting index and the agent records. One
 * small function on purpose: when the store's shape changes, only this moves.
 */
export function deskGauges(store: StorePort, queueIds: readonly string[]): () => Promise<DeskGauges> {
  return async () => {
    const [waiting, agents] = await Promise.all([Promise.all(queueIds.map((id) => store.scan('waiting', waitingRange(id)))), store.scan('agent')]);
    const waitingByQueue = new Map(queueIds.map((id, i) => [id, waiting[i]!.length]));
    const agentsByState = new Map<string, number>(AGENT_STATES.map((state) => [state, 0]));
    for (const record of agents) {
      const { state } = record.value as Agent;
      agentsByState.set(state, (agentsByState.get(state) ?? 0) + 1);
    }
    return { waitingByQueue, agentsByState };
  };
}
