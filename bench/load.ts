import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** A response as the load drivers need it: status and raw text. */
export interface HttpResult {
  status: number;
  text: string;
}

/** A keep-alive JSON poster for one origin; one socket per in-flight request, reused. */
export interface HttpClient {
  post(path: string, body: string, headers?: Record<string, string>): Promise<HttpResult>;
  close(): void;
}

/** Creates a keep-alive client for `origin` (loopback only) with at most `maxSockets` connections. */
export function createHttpClient(origin: string, maxSockets = 64): HttpClient {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1') throw new Error(`bench traffic stays on loopback, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    post: (path, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
            timeout: 30_000,
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
            response.on('error', reject);
          },
        );
        request.on('timeout', () => request.destroy(new Error('request timed out')));
        request.on('error', reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Median of a few numbers (the rounds of a benchmark). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** What one closed-loop run measured after its warm-up. */
export interface ClosedLoopResult {
  turns: number;
  errors: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * CPU time of this whole process (every thread, user and system) in the counted
   * window, per turn finished in it. Other processes on the machine hardly move it,
   * so it is steadier than turns per second on a busy machine.
   */
  cpuMsPerTurn: number;
}

/** Shape of a closed-loop run. */
export interface ClosedLoopOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Sends request number `i`; resolves true when the answer was the expected one. */
  request(i: number): Promise<boolean>;
}

/**
 * Closed loop: `concurrency` workers each send the next request as soon as the
 * previous one answered, for warm-up plus duration. Only requests started after
 * the warm-up and finished before the end count.
 */
export async function closedLoop({ concurrency, warmupMs, durationMs, request }: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let finishedInWindow = 0;
  let cpuFrom: NodeJS.CpuUsage | undefined;
  let cpuTo: NodeJS.CpuUsage | undefined;
  const cpuAtStart = setTimeout(() => (cpuFrom = process.cpuUsage()), warmupMs);
  const cpuAtEnd = setTimeout(() => (cpuTo = process.cpuUsage(cpuFrom)), warmupMs + durationMs);
  const worker = async () => {
    while (performance.now() < end) {
      const i = next++;
      const sent = performance.now();
      const good = await request(i).catch(() => false);
      const done = performance.now();
      if (done >= measureFrom && done <= end) finishedInWindow++;
      if (sent < measureFrom || done > end) continue;
      if (good) latencies.push(done - sent);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearTimeout(cpuAtStart);
  clearTimeout(cpuAtEnd);
  cpuTo ??= process.cpuUsage(cpuFrom);
  return {
    turns: latencies.length,
    errors,
    turnsPerSecond: latencies.length / (durationMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? latencies.reduce((a, b) => Math.max(a, b)) : Number.NaN,
    cpuMsPerTurn: finishedInWindow ? (cpuTo.user + cpuTo.system) / 1000 / finishedInWindow : Number.NaN,
  };
}

/** One request of an open-loop run: when it was due, when it went out, what came back. */
export interface OpenLoopSend<T> {
  index: number;
  dueAt: number;
  sentAt: number;
  outcome: T | Error;
}

/**
 * Open loop: sends `count` requests at `ratePerSecond`, each at its scheduled
 * time whether or not earlier ones answered; stops early once `stop()` says so.
 * Resolves when every request sent has answered.
 */
export async function openLoop<T>(
  count: number,
  ratePerSecond: number,
  send: (i: number) => Promise<T>,
  stop: () => boolean = () => false,
): Promise<OpenLoopSend<T>[]> {
  const start = performance.now();
  const interval = 1000 / ratePerSecond;
  const pending: Array<Promise<OpenLoopSend<T>>> = [];
  for (let index = 0; index < count && !stop(); index++) {
    const dueAt = start + index * interval;
    const wait = dueAt - performance.now();
    if (wait > 1) await sleep(wait);
    const sentAt = performance.now();
    pending.push(
      send(index).then(
        (outcome) => ({ index, dueAt, sentAt, outcome }),
        (error: unknown) => ({ index, dueAt, sentAt, outcome: error instanceof Error ? error : new Error(String(error)) }),
      ),
    );
  }
  return Promise.all(pending);
}

/** Runs `task` over `items` with at most `limit` in flight (setup traffic, not measured). */
export async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
