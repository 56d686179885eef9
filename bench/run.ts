/**
 * `npm run bench`: loopback-only benchmarks of AgentDesk against a bare
 * botbuilder echo bot in the same process, reported as ratios (STYLE: no timing
 * assertions in unit tests). Writes bench/results/latest.json.
 * Knobs for quick runs: BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONCURRENCY.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startFakeConnector } from './fake-connector.js';
import { formatReport } from './report.js';
import { runOfferScenario } from './scenario-offer.js';
import { runStatusScenario } from './scenario-status.js';
import { formatExpertSearchBench, runExpertSearchBench } from './expert-search.js';

const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const connector = await startFakeConnector();
const started = Date.now();
try {
  const status = await runStatusScenario(connector, {
    agents: 200,
    concurrency: knob('BENCH_CONCURRENCY', 16),
    warmupMs: 2000,
    durationMs: knob('BENCH_SECONDS', 10) * 1000,
    rounds: knob('BENCH_ROUNDS', 3),
  });
  const offer = await runOfferScenario(connector, { agents: 1000, ratePerSecond: 100, seconds: 10, cardWithinMs: 5000, setupConcurrency: 16 });

  process.stdout.write(`${formatReport(status, offer)}\n`);
  const expertSearch = await runExpertSearchBench();
  process.stdout.write(`\n${formatExpertSearchBench(expertSearch)}\n`);
  const results = {
    at: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: { node: process.version, cpus: availableParallelism(), platform: process.platform },
    commit: gitCommit(),
    statusChange: status,
    offerToCard: offer,
    expertSearch,
  };
  const dir = resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(resolve(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${results.seconds.toFixed(0)} s in all; figures in bench/results/latest.json\n`);
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
