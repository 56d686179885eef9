/**
 * `npm run bench`: loopback-only benchmarks of AgentDesk, each against a
 * baseline in the same process, reported as ratios (no timing assertions in unit
 * tests). Writes bench/results/latest.json. bench/README.md says how to read it.
 * Knobs for quick runs: BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS,
 * BENCH_CONCURRENCY, BENCH_BROADCAST_RECIPIENTS, BENCH_ONLY (comma-separated: turn scenario ids, `offer`,
 * `experts`, `broadcast`).
 * PostgreSQL (the store-pg, events-400k and offer scenarios) is the one
 * scripts/test-postgres.sh finds or starts; without one those parts are skipped, saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { formatExpertSearchBench, runExpertSearchBench, type ExpertSearchBenchResult } from './expert-search.js';
import { startFakeConnector } from './fake-connector.js';
import { formatOffer, formatTurnComparison } from './report.js';
import { benchPostgres } from './postgres.js';
import { formatBroadcast, runBroadcastScenario, type BroadcastScenarioResult } from './scenario-broadcast.js';
import { measureEchoReference, offerRatios, runOfferScenario, type OfferComparison, type OfferScenarioResult } from './scenario-offer.js';
import { runTurnComparison, type TurnComparisonResult } from './turn-comparison.js';
import { TURN_SCENARIOS } from './turn-scenarios.js';

const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (id: string) => !only || only.includes(id);

const load = {
  concurrency: knob('BENCH_CONCURRENCY', 20),
  warmupMs: knob('BENCH_WARMUP_SECONDS', 2) * 1000,
  durationMs: knob('BENCH_SECONDS', 10) * 1000,
  rounds: knob('BENCH_ROUNDS', 3),
};

const connector = await startFakeConnector();
const postgres = benchPostgres();
const started = Date.now();
const loadAtStart = loadavg();
try {
  const turns: TurnComparisonResult[] = [];
  for (const scenario of TURN_SCENARIOS.filter((s) => wanted(s.id))) {
    const result = await runTurnComparison(scenario, { connector, postgres }, load);
    turns.push(result);
    process.stdout.write(`${formatTurnComparison(result)}\n\n`);
  }
  let offerToCard: OfferComparison | undefined;
  if (wanted('offer')) {
    const options = { agents: 1000, ratePerSecond: 100, seconds: 10, cardWithinMs: 5000, setupConcurrency: 16, perTenantPerSecond: 1000 };
    const results: OfferScenarioResult[] = [await runOfferScenario(connector, options, { store: 'lowdb' })];
    const notes: string[] = [];
    const databaseUrl = await postgres.url().catch((error: Error) => error);
    if (databaseUrl instanceof Error) notes.push(`PostgreSQL skipped: ${databaseUrl.message}`);
    else results.push(await runOfferScenario(connector, options, { store: 'postgres', databaseUrl }));
    // The echo turn of the status-change comparison when it ran (median of its rounds), else one run of it now.
    const echo = turns.find((t) => t.id === 'status-change')?.summaries[0];
    const reference = echo ? { label: echo.label, p50Ms: echo.p50Ms, p99Ms: echo.p99Ms, source: 'status-change' } : await measureEchoReference(connector, load);
    const target = { p99: 1.3 };
    offerToCard = { reference, target, results, ratios: offerRatios(results, reference, target), notes };
    process.stdout.write(`${formatOffer(offerToCard)}\n\n`);
  }
  let expertSearch: ExpertSearchBenchResult | undefined;
  if (wanted('experts')) {
    expertSearch = await runExpertSearchBench();
    process.stdout.write(`${formatExpertSearchBench(expertSearch)}\n\n`);
  }
  let broadcast: BroadcastScenarioResult | undefined;
  if (wanted('broadcast')) {
    broadcast = await runBroadcastScenario({ recipients: knob('BENCH_BROADCAST_RECIPIENTS', 10_000), perTenantPerSecond: 500, timeoutSeconds: 120 });
    process.stdout.write(`${formatBroadcast(broadcast)}\n\n`);
  }
  const results = {
    at: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: { node: process.version, cpus: availableParallelism(), platform: process.platform, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
    commit: gitCommit(),
    turns,
    offerToCard,
    expertSearch,
    broadcast,
  };
  const dir = resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(resolve(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${results.seconds.toFixed(0)} s in all; figures in bench/results/latest.json\n`);
} catch (error) {
  // The desk itself could not be set up or driven: no figures worth keeping.
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await connector.close();
  await postgres.stop();
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
