/**
 * `npm run bench:profile`: one status-change load run (the lowdb desk, as in
 * `npm run bench`) with the V8 CPU profiler on the desk's process only. The load
 * comes from a child process, so the profile holds the desk's work and not the
 * load driver's; profiling starts after the warm-up. Writes the profile to
 * bench/results/status-change.cpuprofile (open it in Chrome DevTools) and prints
 * where the time went. Knobs: BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONCURRENCY, BENCH_STORE (memory, postgres, or echo: the baseline bot).
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { formatProfile, summarizeProfile, type CpuProfile } from './cpu-profile.js';
import { benchAgents, cardInvoke, invokeSucceeded, registerAgents, startBenchDesk, type BenchStore } from './desk-setup.js';
import { startInvokeEcho } from './invoke-echo.js';
import { benchPostgres } from './postgres.js';
import { startFakeConnector } from './fake-connector.js';
import { closedLoop, createHttpClient, type ClosedLoopResult } from './load.js';

const AGENTS = 200;
const TAG = 5;

const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** What the parent tells the driver. */
interface DriveOrder {
  url: string;
  serviceUrl: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

/** What the driver tells the parent. */
type DriverMessage = { kind: 'warm' } | { kind: 'done'; result: ClosedLoopResult; firstError?: string };

if (process.argv[2] === 'drive') await drive();
else await profile();

async function profile(): Promise<void> {
  const chosen = process.env.BENCH_STORE;
  const store: BenchStore | 'echo' = chosen === 'memory' || chosen === 'postgres' || chosen === 'echo' ? chosen : 'lowdb';
  const order = {
    concurrency: knob('BENCH_CONCURRENCY', 20),
    warmupMs: knob('BENCH_WARMUP_SECONDS', 2) * 1000,
    durationMs: knob('BENCH_SECONDS', 10) * 1000,
  };
  const connector = await startFakeConnector();
  // PostgreSQL as the bench finds or starts it (stopped at the end if it started it).
  const postgres = benchPostgres();
  // BENCH_STORE=echo profiles the baseline bot instead (the invoke echo), for comparison.
  const desk =
    store === 'echo'
      ? { echo: await startInvokeEcho() }
      : { bench: await startBenchDesk(store, store === 'postgres' ? { databaseUrl: await postgres.url() } : {}) };
  const target = desk.echo ?? desk.bench!;
  const session = new Session();
  try {
    if (desk.bench) await registerAgents(desk.bench, benchAgents(AGENTS, TAG), { serviceUrl: connector.serviceUrl, phone: true });
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    const driver = fork(import.meta.filename, ['drive'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    driver.send({ ...order, url: target.url, serviceUrl: connector.serviceUrl } satisfies DriveOrder);
    const done = await new Promise<Extract<DriverMessage, { kind: 'done' }>>((settle, fail) => {
      driver.on('message', (message: DriverMessage) => {
        if (message.kind === 'warm') void session.post('Profiler.start');
        else settle(message);
      });
      driver.on('exit', (code) => fail(new Error(`the load driver exited with ${code} before reporting`)));
    });
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    const dir = resolve(import.meta.dirname, 'results');
    await mkdir(dir, { recursive: true });
    const file = resolve(dir, `status-change-${store}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    const { result } = done;
    process.stdout.write(
      `status change turns, ${store === 'echo' ? 'echo' : `desk-${store}`}, ${order.concurrency} connections, ${order.durationMs / 1000} s profiled after ${order.warmupMs / 1000} s warm-up:\n` +
        `${result.turns} turns, ${result.turnsPerSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors` +
        `${done.firstError ? ` (first: ${done.firstError})` : ''}\n\n${formatProfile(summarizeProfile(profile))}\n\nprofile: ${file}\n`,
    );
  } finally {
    session.disconnect();
    await target.stop();
    await connector.close();
    await postgres.stop();
  }
}

/** The child: the same closed loop as `npm run bench`, Available and Break alternating per agent. */
async function drive(): Promise<void> {
  const order = await new Promise<DriveOrder>((settle) => process.once('message', (message) => settle(message as DriveOrder)));
  const agents = benchAgents(AGENTS, TAG);
  const lastSet: Array<string | undefined> = agents.map(() => undefined);
  const client = createHttpClient(order.url, order.concurrency);
  const send = (message: DriverMessage) => new Promise<void>((settle) => process.send!(message, () => settle()));
  let firstError: string | undefined;
  setTimeout(() => void send({ kind: 'warm' }), order.warmupMs).unref();
  const result = await closedLoop({
    ...order,
    request: async (i) => {
      const slot = i % AGENTS;
      const state = lastSet[slot] === 'Available' ? 'Break' : 'Available';
      lastSet[slot] = state;
      const response = await client.post('/api/messages', JSON.stringify(cardInvoke(agents[slot]!, order.serviceUrl, 'status.set', { state })));
      const good = invokeSucceeded(response.status, response.text);
      if (!good) firstError ??= `HTTP ${response.status} ${response.text.slice(0, 160)}`;
      return good;
    },
  });
  client.close();
  await send({ kind: 'done', result, ...(firstError ? { firstError } : {}) });
  process.disconnect();
}
