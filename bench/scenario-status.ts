import { benchAgents, cardInvoke, invokeSucceeded, registerAgents, startBenchDesk, type BenchAgent, type BenchStore } from './desk-setup.js';
import type { DeskService } from '../src/desk-service.js';
import type { FakeConnector } from './fake-connector.js';
import { startInvokeEcho } from './invoke-echo.js';
import type { HttpClient } from './load.js';
import type { TurnScenario, TurnTarget } from './turn-comparison.js';

/** Agents per bot: enough that no two turns in flight are the same agent's. */
const AGENTS = 200;

/** The state an agent is asked for on its next turn: Available and Break alternate, so every turn changes state. */
const nextState = (last: string | undefined) => (last === 'Available' ? 'Break' : 'Available');

/**
 * "Status change turn": an agent presses Available or Break on the status card
 * (an `adaptiveCard/action` invoke, `status.set`), answered with the updated card.
 * The baseline answers the same invoke from the same agents with a small card.
 * The desk's agents have a phone registered (ST-5) and alternate Available and
 * Break, so every turn really changes and saves their state, and going Available
 * really makes them routable or not. The target is the issue's, for lowdb.
 */
export const statusChangeScenario: TurnScenario = {
  id: 'status-change',
  title: 'status change turn: adaptiveCard/action status.set (Available <-> Break), answered with a card',
  target: { throughput: 0.85, p99: 1.3 },
  async start({ connector }) {
    const echo = await startInvokeEcho();
    const echoAgents = benchAgents(AGENTS, 0);
    const baseline: TurnTarget = {
      label: 'echo',
      url: echo.url,
      send: async (client, i) => {
        const agent = echoAgents[i % AGENTS]!;
        return answered(await post(client, cardInvoke(agent, connector.serviceUrl, 'status.set', { state: i % 2 ? 'Break' : 'Available' })));
      },
      stop: () => echo.stop(),
    };
    const targets = [baseline];
    try {
      targets.push(await deskTarget('memory', connector, 1));
      targets.push(await deskTarget('lowdb', connector, 2));
    } catch (error) {
      await Promise.all(targets.map((t) => t.stop()));
      throw error;
    }
    return targets;
  },
};

async function deskTarget(store: BenchStore, connector: FakeConnector, tag: number): Promise<TurnTarget> {
  const desk = await startBenchDesk(store);
  const agents = benchAgents(AGENTS, tag);
  await registerAgents(desk, agents, { serviceUrl: connector.serviceUrl, phone: true });
  const lastSet: Array<string | undefined> = agents.map(() => undefined);
  return {
    label: `desk-${store}`,
    url: desk.url,
    send: async (client, i) => {
      const slot = i % AGENTS;
      const state = nextState(lastSet[slot]);
      lastSet[slot] = state;
      return answered(await post(client, cardInvoke(agents[slot]!, connector.serviceUrl, 'status.set', { state })));
    },
    mismatches: () => mismatches(desk.app.service, agents, lastSet),
    stop: () => desk.stop(),
  };
}

const post = (client: HttpClient, activity: Record<string, unknown>) => client.post('/api/messages', JSON.stringify(activity));

function answered(response: { status: number; text: string }): string | undefined {
  return invokeSucceeded(response.status, response.text) ? undefined : `HTTP ${response.status} ${response.text.slice(0, 160)}`;
}

/** Agents whose saved state differs from the last state the load asked for (a refused change still answers with a card). */
async function mismatches(service: DeskService, agents: readonly BenchAgent[], lastSet: ReadonlyArray<string | undefined>): Promise<number> {
  let count = 0;
  for (const agent of agents) {
    const expected = lastSet[agent.index];
    if (expected !== undefined && (await service.agent(agent.aadObjectId))?.state !== expected) count++;
  }
  return count;
}
