/**
 * Expert search (CON-3) at 100,000 people: the sorted-token index against a
 * plain linear scan of the same people with the same rules, same queries,
 * same process, interleaved. `npx tsx bench/expert-search.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import type { Person } from '../src/directory/directory-port.js';
import { ExpertIndex } from '../src/directory/expert-index.js';
import { scanExperts } from '../src/directory/expert-match.js';
import { DEPARTMENTS, fakePeople, seededRandom } from '../src/directory/fake-people.js';
import { pick, type Random } from '../src/platform/fake-customers.js';
import { prefoldedScan } from './prefolded-scan.js';

/** p50, p99 and mean of one way of searching, in milliseconds per query. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** What `runExpertSearchBench` measured. */
export interface ExpertSearchBenchResult {
  people: number;
  experts: number;
  queries: number;
  buildMs: number;
  /** Results asked for per query, as the directory port does (the bot asks for 10, Graph returns 50). */
  limit: number;
  index: LatencySummary;
  /** The index asked for every match (no limit): the cost when a query matches tens of thousands. */
  indexAll: LatencySummary;
  /** `people.filter(...)` with the shared CON-3 helpers (folds every person per query), then ranked. */
  scan: LatencySummary;
  /** A stronger baseline: a scan over words folded and people sorted once, up front. */
  prefoldedScan: LatencySummary;
  /** The plain scan runs on every Nth query only (it takes ~150 ms); its ratio uses the index on the same queries. */
  scanEvery: number;
  /** scan / index, for mean and p99. */
  speedup: { mean: number; p99: number };
  prefoldedSpeedup: { mean: number; p99: number };
  /** Queries whose ordered result ids differ between the index and either scan (must be 0). */
  mismatches: number;
  /** Index p99 under 2 ms and at least 20x the plain scan (mean and p99). */
  meetsTarget: boolean;
}

/** Options for a quicker or bigger run. */
export interface ExpertSearchBenchOptions {
  people?: number;
  queries?: number;
  warmup?: number;
  seed?: number;
  limit?: number;
  scanEvery?: number;
}

/** Builds the index over seeded people and times mixed queries against the scans. */
export async function runExpertSearchBench(options: ExpertSearchBenchOptions = {}): Promise<ExpertSearchBenchResult> {
  const { people: count = 100_000, queries: queryCount = 2000, warmup = 200, seed = 7, limit = 50, scanEvery = 4 } = options;
  const people = fakePeople({ count, seed, withoutPhoneEvery: 10, at: new Date('2025-06-02T09:00:00.000Z') });
  const built = performance.now();
  const index = new ExpertIndex(people);
  const buildMs = performance.now() - built;
  const prefolded = prefoldedScan(people);
  const queries = mixedQueries(people, seededRandom(seed + 1), warmup + queryCount);

  const times = { index: [] as number[], indexAll: [] as number[], scan: [] as number[], prefolded: [] as number[], indexOnScanned: [] as number[] };
  let mismatches = 0;
  for (const [i, query] of queries.entries()) {
    const scanned = i % scanEvery === 0;
    const runners: Array<[keyof typeof times, () => Person[]]> = [
      ['index', () => index.search(query, limit)],
      ['indexAll', () => index.search(query)],
      ['prefolded', () => prefolded(query).slice(0, limit)],
      ...(scanned ? [['scan', () => scanExperts(people, query).slice(0, limit)] as [keyof typeof times, () => Person[]]] : []),
    ];
    const results = new Map<string, string>();
    // Rotate who goes first so no one gains from a warm cache another paid for.
    for (let k = 0; k < runners.length; k++) {
      const [name, run] = runners[(i + k) % runners.length]!;
      const start = performance.now();
      const found = run();
      const elapsed = performance.now() - start;
      if (i >= warmup) times[name].push(elapsed);
      if (i >= warmup && name === 'index' && scanned) times.indexOnScanned.push(elapsed);
      results.set(
        name,
        found
          .slice(0, limit)
          .map((p) => p.id)
          .join(','),
      );
    }
    if (i >= warmup && new Set(results.values()).size !== 1) mismatches++;
  }

  const summary = {
    index: summarize(times.index),
    indexAll: summarize(times.indexAll),
    scan: summarize(times.scan),
    prefoldedScan: summarize(times.prefolded),
  };
  const indexOnScanned = summarize(times.indexOnScanned);
  const speedup = { mean: summary.scan.meanMs / indexOnScanned.meanMs, p99: summary.scan.p99Ms / indexOnScanned.p99Ms };
  const prefoldedSpeedup = { mean: summary.prefoldedScan.meanMs / summary.index.meanMs, p99: summary.prefoldedScan.p99Ms / summary.index.p99Ms };
  return {
    people: count,
    experts: index.size,
    queries: queryCount,
    buildMs,
    limit,
    scanEvery,
    ...summary,
    speedup,
    prefoldedSpeedup,
    mismatches,
    meetsTarget: summary.index.p99Ms < 2 && speedup.mean >= 20 && speedup.p99 >= 20 && mismatches === 0,
  };
}

/** A mix an agent desk sees: first-name prefixes, departments, roles, full phone numbers, misses. */
function mixedQueries(people: readonly Person[], random: Random, count: number): string[] {
  const departments = Object.keys(DEPARTMENTS);
  const titles = Object.values(DEPARTMENTS).flat();
  const withPhone = people.filter((p) => p.businessPhones.length > 0);
  const prefix = (text: string, min: number) => text.slice(0, min + Math.floor(random() * 3));
  const ascii = (text: string) => text.replace(/ø/gi, 'o').replace(/æ/gi, 'ae').normalize('NFD').replace(/\p{M}/gu, '');
  const spaced = (phone: string) => (random() < 0.5 ? phone.replace(/^\+(\d\d)(\d\d)(\d\d)/, '+$1 $2 $3 ') : phone.replace(/^\+/, '00'));
  const makers: Array<[number, () => string]> = [
    [
      0.3,
      () => {
        const name = pick(random, people).givenName;
        return prefix(random() < 0.5 ? ascii(name) : name, 2).toLowerCase();
      },
    ],
    [0.15, () => (random() < 0.5 ? pick(random, departments) : prefix(pick(random, departments), 3))],
    [
      0.2,
      () => {
        const words = pick(random, titles).split(' ');
        return words
          .slice(0, 1 + Math.floor(random() * words.length))
          .map((w) => prefix(w, 3))
          .join(' ');
      },
    ],
    [0.2, () => spaced(pick(random, pick(random, withPhone).businessPhones))],
    [0.15, () => pick(random, ['zzq', 'xylofon', 'kjersti legal', '+4599999999', '33123456', 'qu'])],
  ];
  return Array.from({ length: count }, () => {
    let roll = random();
    for (const [share, make] of makers) {
      roll -= share;
      if (roll < 0) return make();
    }
    return makers[0]![1]();
  });
}

function summarize(times: number[]): LatencySummary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), meanMs: times.reduce((a, b) => a + b, 0) / times.length };
}

/** The result as a small text table. */
export function formatExpertSearchBench(r: ExpertSearchBenchResult): string {
  const ms = (v: number) => v.toFixed(3);
  const x = (v: number) => `${v.toFixed(1)}x`;
  const rows = [
    ['search', 'p50 ms', 'p99 ms', 'mean ms', 'index speed-up (mean / p99)'],
    [`index, first ${r.limit}`, ms(r.index.p50Ms), ms(r.index.p99Ms), ms(r.index.meanMs), '-'],
    ['index, all matches', ms(r.indexAll.p50Ms), ms(r.indexAll.p99Ms), ms(r.indexAll.meanMs), '(not a target)'],
    [`plain scan (1 in ${r.scanEvery})`, ms(r.scan.p50Ms), ms(r.scan.p99Ms), ms(r.scan.meanMs), `${x(r.speedup.mean)} / ${x(r.speedup.p99)}`],
    [
      'pre-folded scan',
      ms(r.prefoldedScan.p50Ms),
      ms(r.prefoldedScan.p99Ms),
      ms(r.prefoldedScan.meanMs),
      `${x(r.prefoldedSpeedup.mean)} / ${x(r.prefoldedSpeedup.p99)}`,
    ],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return [
    `Expert search: ${r.people} people (${r.experts} with a work phone), ${r.queries} mixed queries, first ${r.limit} results, index built in ${r.buildMs.toFixed(0)} ms`,
    ...rows.map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    ),
    `result mismatches: ${r.mismatches}; target (index p99 < 2 ms, >= 20x the plain scan): ${r.meetsTarget ? 'meets' : 'MISSES'}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runExpertSearchBench();
  process.stdout.write(`${formatExpertSearchBench(result)}\n`);
  if (!result.meetsTarget) process.exitCode = 1;
}
