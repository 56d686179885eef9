/**
 * A turn comparison: bots answering the same kind of HTTP turn under the same
 * closed-loop load, interleaved round by round, reported as ratios against a
 * baseline among them (the first bot, unless a bot names another). A scenario
 * says what the bots are and what a turn is; this file runs any of them the same way.
 */
import type { FakeConnector } from './fake-connector.js';
import { closedLoop, createHttpClient, median, type ClosedLoopResult, type HttpClient } from './load.js';
import type { BenchPostgres } from './postgres.js';

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
  /** The label of the bot this one's ratios are against (default: the first bot, the scenario's baseline); a bot named so is a baseline itself. */
  baseline?: string;
  /** This bot's own target, instead of the scenario's (`{}`: none, only the ratios are reported). */
  target?: TurnGoal;
  /** Called before each of its runs (a bot that sleeps between runs, so it costs the others nothing, wakes here). */
  before?(): Promise<void>;
  /** Called after each of its runs, once its mismatches are counted. */
  after?(): Promise<void>;
  /** Figures about the bot itself (its data file's size, say), taken once after the last run. */
  facts?(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** What a contender must reach against its baseline; an absent bound is not part of the target. */
export interface TurnGoal {
  /** Throughput at least this times the baseline's. */
  throughput?: number;
  /** p99 at most this times the baseline's. */
  p99?: number;
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
  /** The run's PostgreSQL, found or started on first use; a scenario leaves its PostgreSQL bots out (with a note) when it has none. */
  postgres: BenchPostgres;
}

/** The bots a scenario started, and what the report should say about the ones it could not start. */
export interface TurnStart {
  targets: TurnTarget[];
  /** Printed under the scenario (a bot left out and why). */
  notes?: string[];
}

/** One comparison in `npm run bench`: a baseline and the bots measured against it. */
export interface TurnScenario {
  /** Short id, used by `BENCH_ONLY` and in the results file. */
  id: string;
  /** One line saying what a turn is, for the report. */
  title: string;
  /** Contenders meet the target with throughput >= `throughput` x their baseline and p99 <= `p99` x (a bot may set its own). */
  target: TurnGoal;
  /** Starts the bots, baseline first, each ready for its first turn. */
  start(context: TurnScenarioContext): Promise<TurnStart>;
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
  /** The bot's `facts()`, when it has any. */
  facts?: Record<string, number>;
}

/** A contender against its baseline: median throughput, p99 and CPU per turn as ratios (contender / baseline). */
export interface TurnRatio {
  label: string;
  /** The label of the bot it is measured against. */
  against: string;
  throughput: number;
  p99: number;
  /** Not part of the target: the steadier cross-check of `throughput` on a busy machine (about its inverse). */
  cpuPerTurn: number;
  /** The lowest and highest throughput ratio of a single round (its run against the baseline's run of the same round): how much the machine moved the figure. */
  roundSpread: { min: number; max: number };
  target: TurnGoal;
  /** Whether the medians meet `target`; absent when the bot has no target. */
  meetsTarget?: boolean;
}

/** A comparison's outcome. */
export interface TurnComparisonResult {
  id: string;
  title: string;
  baseline: string;
  target: TurnGoal;
  load: TurnLoad;
  runs: TurnRun[];
  summaries: TurnSummary[];
  ratios: TurnRatio[];
  notes: string[];
  /** Why nothing was measured (no contender could be started), when so. */
  skipped?: string;
}

/**
 * Runs `scenario`: every round runs each bot once, in an order that rotates from
 * round to round so no bot always runs first or last; each bot's figures are the
 * medians of its rounds, and its ratios divide those by the baseline's.
 */
export async function runTurnComparison(scenario: TurnScenario, context: TurnScenarioContext, load: TurnLoad): Promise<TurnComparisonResult> {
  const { targets, notes = [] } = await scenario.start(context);
  const header = { id: scenario.id, title: scenario.title, baseline: targets[0]?.label ?? '-', target: scenario.target, load, notes };
  if (targets.length < 2) {
    await Promise.all(targets.map((t) => t.stop()));
    return { ...header, runs: [], summaries: [], ratios: [], skipped: notes.join('; ') || 'no bot to compare with the baseline' };
  }
  const runs: TurnRun[] = [];
  const facts = new Map<string, Record<string, number>>();
  try {
    context.connector.record(false);
    for (let round = 1; round <= load.rounds; round++) {
      for (let k = 0; k < targets.length; k++) runs.push(await runOnce(targets[(round - 1 + k) % targets.length]!, context.connector, load, round));
    }
    for (const target of targets) if (target.facts) facts.set(target.label, await target.facts());
  } finally {
    context.connector.record(true);
    await Promise.all(targets.map((t) => t.stop()));
  }
  const summaries = targets.map(({ label }) => {
    const summary = summarize(
      label,
      runs.filter((r) => r.label === label),
    );
    const own = facts.get(label);
    return own ? { ...summary, facts: own } : summary;
  });
  const byLabel = new Map(summaries.map((s) => [s.label, s]));
  // A bot another one is measured against is a baseline: it gets ratios only when it names a baseline of its own.
  const baselines = new Set(targets.map((t) => t.baseline ?? targets[0]!.label));
  const contenders = targets.filter((t) => t.baseline !== undefined || !baselines.has(t.label));
  const ratios = contenders.map((bot): TurnRatio => {
    const contender = byLabel.get(bot.label)!;
    const baseline = byLabel.get(bot.baseline ?? targets[0]!.label);
    if (!baseline) throw new Error(`${scenario.id}: ${bot.label} is measured against ${bot.baseline}, which is not one of its bots`);
    const throughput = contender.turnsPerSecond / baseline.turnsPerSecond;
    const p99 = contender.p99Ms / baseline.p99Ms;
    const cpuPerTurn = contender.cpuMsPerTurn / baseline.cpuMsPerTurn;
    const target = bot.target ?? scenario.target;
    const perRound = runs
      .filter((r) => r.label === bot.label)
      .flatMap((r) => {
        const base = runs.find((b) => b.label === baseline.label && b.round === r.round);
        return base ? [r.turnsPerSecond / base.turnsPerSecond] : [];
      });
    const roundSpread = { min: Math.min(...perRound), max: Math.max(...perRound) };
    const ratio: TurnRatio = { label: bot.label, against: baseline.label, throughput, p99, cpuPerTurn, roundSpread, target };
    if (target.throughput === undefined && target.p99 === undefined) return ratio;
    return { ...ratio, meetsTarget: throughput >= (target.throughput ?? 0) && p99 <= (target.p99 ?? Number.POSITIVE_INFINITY) };
  });
  return { ...header, runs, summaries, ratios };
}

async function runOnce(target: TurnTarget, connector: FakeConnector, load: TurnLoad, round: number): Promise<TurnRun> {
  await target.before?.();
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
    await target.after?.();
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
