/**
 * A turn comparison: bots answering the same kind of HTTP turn under the same
 * closed-loop load, interleaved round by round, reported as ratios against the
 * first bot (the baseline). A scenario says what the bots are and what a turn is;
 * this file runs any of them the same way.
 */
import type { FakeConnector } from './fake-connector.js';
import { closedLoop, createHttpClient, median, type ClosedLoopResult, type HttpClient } from './load.js';

/** One bot under load: the baseline or a contender. */
export interface TurnTarget {
  /** Its name in the report (`echo`, `desk-lowdb`). */
  label: string;
  /** Its origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** Sends turn number `i`; resolves undefined when the answer is the expected one, or why not. */
  send(client: HttpClient, i: number): Promise<string | undefined>;
  /** After each run: how many turns left a state other than the one they asked for (a refusal shows here). */
  mismatches?(): Promise<number>;
  stop(): Promise<void>;
}

/** The load every run gets: `concurrency` connections, a warm-up not counted, then `durationMs` counted. */
export interface TurnLoad {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  rounds: number;
}

/** What a scenario is given to start its bots. */
export interface TurnScenarioContext {
  connector: FakeConnector;
}

/** One comparison in `npm run bench`: a baseline and the bots measured against it. */
export interface TurnScenario {
  /** Short id, used by `BENCH_ONLY` and in the results file. */
  id: string;
  /** One line saying what a turn is, for the report. */
  title: string;
  /** Contenders meet the target with throughput >= `throughput` x the baseline and p99 <= `p99` x. */
  target: { throughput: number; p99: number };
  /** Starts the bots, baseline first, each ready for its first turn. */
  start(context: TurnScenarioContext): Promise<TurnTarget[]>;
}

/** One measured run of one bot. */
export interface TurnRun extends ClosedLoopResult {
  label: string;
  round: number;
  /** Activities the bot sent to the Bot Connector during the run (warm-up included). */
  connectorCalls: number;
  mismatches?: number;
  firstError?: string;
}

/** Medians over the rounds for one bot. */
export interface TurnSummary {
  label: string;
  runs: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerTurn: number;
  errors: number;
}

/** A contender against the baseline: median throughput, p99 and CPU per turn as ratios (contender / baseline). */
export interface TurnRatio {
  label: string;
  throughput: number;
  p99: number;
  /** Not part of the target: the steadier cross-check of `throughput` on a busy machine (about its inverse). */
  cpuPerTurn: number;
  meetsTarget: boolean;
}

/** A comparison's outcome. */
export interface TurnComparisonResult {
  id: string;
  title: string;
  baseline: string;
  target: TurnScenario['target'];
  load: TurnLoad;
  runs: TurnRun[];
  summaries: TurnSummary[];
  ratios: TurnRatio[];
}

/**
 * Runs `scenario`: every round runs each bot once, in an order that rotates from
 * round to round so no bot always runs first or last; each bot's figures are the
 * medians of its rounds, and its ratios divide those by the baseline's.
 */
export async function runTurnComparison(scenario: TurnScenario, context: TurnScenarioContext, load: TurnLoad): Promise<TurnComparisonResult> {
  const targets = await scenario.start(context);
  const runs: TurnRun[] = [];
  try {
    context.connector.record(false);
    for (let round = 1; round <= load.rounds; round++) {
      for (let k = 0; k < targets.length; k++) runs.push(await runOnce(targets[(round - 1 + k) % targets.length]!, context.connector, load, round));
    }
  } finally {
    context.connector.record(true);
    await Promise.all(targets.map((t) => t.stop()));
  }
  const summaries = targets.map(({ label }) =>
    summarize(
      label,
      runs.filter((r) => r.label === label),
    ),
  );
  const [baseline, ...contenders] = summaries;
  const ratios = contenders.map(({ label, turnsPerSecond, p99Ms, cpuMsPerTurn }) => {
    const throughput = turnsPerSecond / baseline!.turnsPerSecond;
    const p99 = p99Ms / baseline!.p99Ms;
    const cpuPerTurn = cpuMsPerTurn / baseline!.cpuMsPerTurn;
    return { label, throughput, p99, cpuPerTurn, meetsTarget: throughput >= scenario.target.throughput && p99 <= scenario.target.p99 };
  });
  return { id: scenario.id, title: scenario.title, baseline: baseline!.label, target: scenario.target, load, runs, summaries, ratios };
}

async function runOnce(target: TurnTarget, connector: FakeConnector, load: TurnLoad, round: number): Promise<TurnRun> {
  const client = createHttpClient(target.url, load.concurrency);
  const before = connector.count();
  let firstError: string | undefined;
  try {
    const result = await closedLoop({
      ...load,
      request: async (i) => {
        const error = await target.send(client, i).catch((thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown)));
        firstError ??= error;
        return error === undefined;
      },
    });
    const connectorCalls = connector.count() - before;
    const mismatches = target.mismatches ? await target.mismatches() : undefined;
    return {
      label: target.label,
      round,
      ...result,
      connectorCalls,
      ...(mismatches !== undefined ? { mismatches } : {}),
      ...(firstError ? { firstError } : {}),
    };
  } finally {
    client.close();
  }
}

function summarize(label: string, runs: readonly TurnRun[]): TurnSummary {
  return {
    label,
    runs: runs.length,
    turnsPerSecond: median(runs.map((r) => r.turnsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMsPerTurn: median(runs.map((r) => r.cpuMsPerTurn)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
