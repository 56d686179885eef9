import { agentKeysOf, type Command } from './engine/commands.js';
import type { Decide, Decision } from './engine/decide.js';
import type { DeskError } from './engine/errors.js';
import type { Agent, DeskState } from './engine/model.js';
import type { Result } from './engine/result.js';
import type { StorePort } from './store/store-port.js';
import { transact } from './store/transact.js';

/** Store key of an agent record. */
export const agentKey = (agentId: string): string => `agent/${agentId}`;

/**
 * Runs engine commands against the store: load the records a command needs,
 * decide, save what changed at the versions loaded (retrying on conflict).
 * The clock is injected so the engine never reads it.
 */
export class DeskService {
  constructor(
    private readonly store: StorePort,
    private readonly decide: Decide,
    private readonly clock: () => Date,
  ) {}

  /** Decides and saves one command; a refusal writes nothing. */
  execute(cmd: Command): Promise<Result<Decision, DeskError>> {
    const ids = agentKeysOf(cmd);
    return transact(this.store, ids.map(agentKey), (current) => {
      const agents: Record<string, Agent> = {};
      for (const id of ids) {
        const agent = current.get(agentKey(id)) as Agent | undefined;
        if (agent) agents[id] = agent;
      }
      const before: DeskState = { agents };
      const result = this.decide(before, cmd, this.clock());
      const writes = new Map<string, unknown>();
      if (result.ok) {
        for (const [id, agent] of Object.entries(result.value.state.agents)) {
          if (agent !== before.agents[id]) writes.set(agentKey(id), agent);
        }
      }
      return { writes, result };
    });
  }

  /** The agent as stored, or undefined when the desk has not seen them. */
  async agent(agentId: string): Promise<Agent | undefined> {
    const records = await this.store.read([agentKey(agentId)]);
    return records.get(agentKey(agentId))?.value as Agent | undefined;
  }
}
