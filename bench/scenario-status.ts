import { benchAgents, cardInvoke, invokeSucceeded, registerAgents, startBenchDesk, type BenchAgent, type BenchDesk, type BenchStore } from './desk-setup.js';
import { echoMessage, startEchoBot } from './echo-bot.js';
import type { FakeConnector } from './fake-connector.js';
import { closedLoop, createHttpClient, median, type ClosedLoopResult } from './load.js';

/** Shape of scenario A. */
export interface StatusScenarioOptions {
  agents: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  rounds: number;
}

/** The bots scenario A compares. */
export type StatusBot = 'echo' | 'desk-memory' | 'desk-lowdb';

/** One measured run of one bot. */
export interface StatusRun extends ClosedLoopResult {
  bot: StatusBot;
  round: number;
  /** Echo: replies the connector received. Desk: agents whose saved state is not the last one set. */
  check: { connectorReplies?: number; stateMismatches?: number; firstError?: string };
}

/** Medians over rounds for one bot. */
export interface StatusSummary {
  bot: StatusBot;
  runs: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Scenario A's outcome: every run, medians per bot and our ratios against echo. */
export interface StatusScenarioResult {
  options: StatusScenarioOptions;
  runs: StatusRun[];
  summaries: StatusSummary[];
  ratios: Array<{ bot: StatusBot; throughput: number; p99: number; throughputTarget: number; p99Target: number; meetsTarget: boolean }>;
}

const THROUGHPUT_TARGET = 0.8;
const P99_TARGET = 1.5;

/** A desk with its agents and the state each agent was last set to (they toggle). */
interface DeskUnderLoad {
  desk: BenchDesk;
  agents: BenchAgent[];
  lastSet: Array<string | undefined>;
}

/**
 * Scenario A, "status change turn": echo and desk runs interleaved round by
 * round (echo, desk-memory, desk-lowdb) so noise hits all three, and every ratio is
 * a median of as many samples as its baseline (lowdb is the embedded default).
 */
export async function runStatusScenario(connector: FakeConnector, options: StatusScenarioOptions): Promise<StatusScenarioResult> {
  const echo = await startEchoBot();
  const memory = await prepareDesk('memory', connector, options.agents, 1);
  const lowdb = await prepareDesk('lowdb', connector, options.agents, 2);
  const runs: StatusRun[] = [];
  try {
    connector.record(false);
    for (let round = 1; round <= options.rounds; round++) {
      runs.push(await runEcho(echo.url, connector, options, round));
      runs.push(await runDesk('desk-memory', memory, connector, options, round));
      runs.push(await runDesk('desk-lowdb', lowdb, connector, options, round));
    }
  } finally {
    connector.record(true);
    await Promise.all([echo.stop(), memory.desk.stop(), lowdb.desk.stop()]);
  }

  const summaries = (['echo', 'desk-memory', 'desk-lowdb'] as const).map((bot) =>
    summarize(
      bot,
      runs.filter((r) => r.bot === bot),
    ),
  );
  const echoSummary = summaries[0]!;
  const ratios = summaries.slice(1).map(({ bot, turnsPerSecond, p99Ms }) => {
    const throughput = turnsPerSecond / echoSummary.turnsPerSecond;
    const p99 = p99Ms / echoSummary.p99Ms;
    return {
      bot,
      throughput,
      p99,
      throughputTarget: THROUGHPUT_TARGET,
      p99Target: P99_TARGET,
      meetsTarget: throughput >= THROUGHPUT_TARGET && p99 <= P99_TARGET,
    };
  });
  return { options, runs, summaries, ratios };
}

async function prepareDesk(store: BenchStore, connector: FakeConnector, count: number, tag: number): Promise<DeskUnderLoad> {
  const desk = await startBenchDesk(store);
  const agents = benchAgents(count, tag);
  await registerAgents(desk, agents, { serviceUrl: connector.serviceUrl });
  return { desk, agents, lastSet: agents.map(() => undefined) };
}

async function runEcho(url: string, connector: FakeConnector, options: StatusScenarioOptions, round: number): Promise<StatusRun> {
  const client = createHttpClient(url, options.concurrency);
  const before = connector.count();
  try {
    const result = await closedLoop({
      ...options,
      request: async (i) => (await client.post('/api/messages', JSON.stringify(echoMessage(connector.serviceUrl, i)))).status === 200,
    });
    return { bot: 'echo', round, ...result, check: { connectorReplies: connector.count() - before } };
  } finally {
    client.close();
  }
}

async function runDesk(bot: StatusBot, target: DeskUnderLoad, connector: FakeConnector, options: StatusScenarioOptions, round: number): Promise<StatusRun> {
  const client = createHttpClient(target.desk.url, options.concurrency);
  const { agents, lastSet } = target;
  let firstError: string | undefined;
  try {
    const result = await closedLoop({
      ...options,
      request: async (i) => {
        const slot = i % agents.length;
        // Each agent toggles, so every turn really changes and saves state.
        const state = lastSet[slot] === 'Break' ? 'WorkingOffline' : 'Break';
        lastSet[slot] = state;
        const response = await client.post('/api/messages', JSON.stringify(cardInvoke(agents[slot]!, connector.serviceUrl, 'status.set', { state })));
        const good = invokeSucceeded(response.status, response.text);
        if (!good) firstError ??= `HTTP ${response.status} ${response.text.slice(0, 160)}`;
        return good;
      },
    });
    return { bot, round, ...result, check: { stateMismatches: await stateMismatches(target), ...(firstError ? { firstError } : {}) } };
  } finally {
    client.close();
  }
}

/** Agents whose saved state differs from the last state the load set (a refusal would show here). */
async function stateMismatches({ desk, agents, lastSet }: DeskUnderLoad): Promise<number> {
  let mismatches = 0;
  for (const agent of agents) {
    const expected = lastSet[agent.index];
    if (expected === undefined) continue;
    const saved = await desk.app.service.agent(agent.aadObjectId);
    if (saved?.state !== expected) mismatches++;
  }
  return mismatches;
}

function summarize(bot: StatusBot, runs: readonly StatusRun[]): StatusSummary {
  return {
    bot,
    runs: runs.length,
    turnsPerSecond: median(runs.map((r) => r.turnsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
