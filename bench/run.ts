/**
 * `npm run bench`: loopback-only benchmarks of AgentDesk, each against a
 * baseline in the same process, reported as ratios (no timing assertions in unit
 * tests). Writes bench/results/latest.json. bench/README.md says how to read it.
 * Knobs for quick runs: BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS,
 * BENCH_CONCURRENCY, BENCH_BROADCAST_RECIPIENTS, BENCH_ONLY (comma-separated: turn scenario ids, `offer`,
 * `experts`, `broadcast`).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { formatExpertSearchBench, runExpertSearchBench, type ExpertSearchBenchResult } from './expert-search.js';
import { startFakeConnector } from './fake-connector.js';
import { formatOffer, formatTurnComparison } from './report.js';
import { formatBroadcast, runBroadcastScenario, type BroadcastScenarioResult } from './scenario-broadcast.js';
import { runOfferScenario, type OfferScenarioResult } from './scenario-offer.js';
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
const started = Date.now();
try {
  const turns: TurnComparisonResult[] = [];
  for (const scenario of TURN_SCENARIOS.filter((s) => wanted(s.id))) {
    const result = await runTurnComparison(scenario, { connector }, load);
    turns.push(result);
    process.stdout.write(`${formatTurnComparison(result)}\n\n`);
  }
  let offerToCard: OfferScenarioResult | undefined;
  if (wanted('offer')) {
    offerToCard = await runOfferScenario(connector, { agents: 1000, ratePerSecond: 100, seconds: 10, cardWithinMs: 5000, setupConcurrency: 16 });
    const reference = turns[0]?.summaries[0];
    process.stdout.write(`${formatOffer(offerToCard, reference)}\n\n`);
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
    machine: { node: process.version, cpus: availableParallelism(), platform: process.platform },
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
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
