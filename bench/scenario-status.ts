import {
  benchAgents,
  cardInvoke,
  invokeSucceeded,
  registerAgents,
  startBenchDesk,
  type BenchAgent,
  type BenchDesk,
  type BenchDeskOptions,
  type BenchStore,
} from './desk-setup.js';
import type { DeskService } from '../src/desk-service.js';
import type { StorePort } from '../src/store/store-port.js';
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
    return { targets: await startAll([() => baseline, () => statusDesk('memory', connector, 1), () => statusDesk('lowdb', connector, 2)]) };
  },
};

/**
 * Starts bots one after the other; when one fails, stops the ones already
 * started and throws, so a scenario never leaves a desk running.
 */
export async function startAll(starts: ReadonlyArray<() => TurnTarget | Promise<TurnTarget>>): Promise<TurnTarget[]> {
  const targets: TurnTarget[] = [];
  try {
    for (const start of starts) targets.push(await start());
  } catch (error) {
    await Promise.all(targets.map((t) => t.stop()));
    throw error;
  }
  return targets;
}

/** How a status-change desk differs from the plain one. */
export interface StatusDeskOptions extends BenchDeskOptions {
  /** Its name in the report (default `desk-<store>`). */
  label?: string;
  /** The bot its ratios are against (see TurnTarget.baseline). */
  baseline?: string;
  /** Its own target (see TurnTarget.target). */
  target?: TurnTarget['target'];
  /** Figures about the desk, taken after the last run (its data file's size, say). */
  facts?(desk: BenchDesk): Promise<Record<string, number>>;
  /**
   * Stop the desk between its runs (its store kept), so its timers, heartbeat
   * and outbox poll cost the bots measured meanwhile nothing: for desks whose
   * idle work is heavy (a lowdb store of 400,000 records compacts a 65 MB file).
   */
  sleepBetweenRuns?: boolean;
  /** Writes records into the desk's store through the store port once its agents are registered (the desk sleeps meanwhile). */
  seed?(store: StorePort): Promise<void>;
}

/**
 * A desk answering status-change turns: 200 agents (set `tag` apart from other
 * desks' agents) installed with a phone, each alternating Available and Break.
 */
export async function statusDesk(store: BenchStore, connector: FakeConnector, tag: number, options: StatusDeskOptions = {}): Promise<TurnTarget> {
  const desk = await startBenchDesk(store, options);
  const agents = benchAgents(AGENTS, tag);
  try {
    await registerAgents(desk, agents, { serviceUrl: connector.serviceUrl, phone: true });
    if (options.seed || options.sleepBetweenRuns) await desk.sleep();
    if (options.seed) await desk.seed(options.seed);
    if (!options.sleepBetweenRuns) await desk.wake();
  } catch (error) {
    await desk.stop();
    throw error;
  }
  const lastSet: Array<string | undefined> = agents.map(() => undefined);
  const { facts } = options;
  return {
    label: options.label ?? `desk-${store}`,
    ...(options.sleepBetweenRuns ? { before: () => desk.wake(), after: () => desk.sleep() } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(facts ? { facts: () => facts(desk) } : {}),
    get url() {
      return desk.url;
    },
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

/** Posts an activity to the bot's messaging endpoint. */
export const post = (client: HttpClient, activity: Record<string, unknown>) => client.post('/api/messages', JSON.stringify(activity));

/** Undefined when an invoke answered with a card, else what it answered instead. */
export function answered(response: { status: number; text: string }): string | undefined {
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
