import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import shipped from '../config/desk.json' with { type: 'json' };
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { parseDeskConfig } from '../src/desk-config.js';
import { createLog } from '../src/log.js';
import { TEAMS_LIMITS } from '../src/outbox/throttle.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { busiestWindow, type FaultyConnector, startFaultyConnector } from '../test/support/faulty-connector.js';
import { installedConversation } from '../test/support/installed.js';

/** Shape of the broadcast scenario (MSG-2). */
export interface BroadcastScenarioOptions {
  recipients: number;
  /** The per-tenant limit the stand-in enforces and the desk is configured with. */
  perTenantPerSecond: number;
  /** Give up waiting for the last recipient after this long. */
  timeoutSeconds: number;
}

/** What one broadcast to many measured. */
export interface BroadcastScenarioResult {
  options: BroadcastScenarioOptions;
  /** From pressing Send until the last recipient's message was accepted. */
  seconds: number;
  /** recipients / per-tenant limit: no sender within the limit can be faster. */
  floorSeconds: number;
  /** seconds / floorSeconds; the target is at most 1.10. */
  ratio: number;
  target: number;
  /** Recipients never reached. */
  lost: number;
  /** Accepted sends beyond the first per recipient. */
  duplicates: number;
  /** Sends the stand-in refused with 429 because the tenant's window was full (0 when the desk keeps the limit). */
  throttled: number;
  /** The most sends in any one second, over all conversations (the report card's included). */
  busiestSecond: number;
  /** Accepted sends per second over the run. */
  sendsPerSecond: number;
  /** CPU time the whole process (desk and stand-in) spent per recipient: what a busy machine cannot hide. */
  cpuMsPerRecipient: number;
  /** CPU time over wall time during the run (1 = one core busy throughout). */
  cpuShare: number;
  /**
   * The baseline, run in the same process against the same stand-in: a bare
   * loop that posts the same number of activities (the first recipient's card)
   * 16 at a time, paced at the limit, with no store, outbox or rendering. Its
   * ratio is what this machine allows at the moment; the desk's ratio over it
   * is what the desk adds.
   */
  baseline: { seconds: number; ratio: number; cpuMsPerRecipient: number };
}

const ROOT = resolve(import.meta.dirname, '..');
const LEAD = 'b1000000-0000-4000-8000-00000000000a';
const TEXT = 'Bench broadcast: the floor closes at 18:00 today';

/**
 * A stand-in Bot Connector that enforces the per-tenant limit as Teams does:
 * a send that would make more than `limit` in the last second is answered 429
 * with Retry-After. It records every request with its time (`performance.now`).
 */
async function startLimitedConnector(limit: number): Promise<FaultyConnector & { throttled: () => number }> {
  const window: number[] = [];
  let throttled = 0;
  const connector = await startFaultyConnector(() => {
    const at = performance.now();
    while (window.length > 0 && at - window[0]! >= 1000) window.shift();
    if (window.length >= limit) {
      throttled++;
      return { status: 429, retryAfter: 1 };
    }
    window.push(at);
    return { status: 200 };
  }, performance.now.bind(performance));
  return { ...connector, throttled: () => throttled };
}

/** The bare sender: `count` posts of `body`, `concurrency` at a time, one every 1000/limit ms at most. */
async function bareSend(
  serviceUrl: string,
  ids: readonly string[],
  body: string,
  limit: number,
  concurrency: number,
): Promise<{ seconds: number; cpuMs: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const interval = 1000 / limit;
  let next = 0;
  let slot = started;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const wait = slot - performance.now();
      slot = Math.max(slot, performance.now()) + interval;
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const response = await fetch(`${serviceUrl}v3/conversations/${encodeURIComponent(`bare-${ids[i]}`)}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.text();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * MSG-2 at scale: a lead broadcasts to `recipients` agents who all installed
 * the app; the desk sends through its throttle to a stand-in connector that
 * enforces the per-tenant limit. The figure is the completion time over the
 * limit-implied minimum (recipients / limit per second).
 */
export async function runBroadcastScenario(options: BroadcastScenarioOptions): Promise<BroadcastScenarioResult> {
  const connector = await startLimitedConnector(options.perTenantPerSecond);
  const ids = Array.from({ length: options.recipients }, (_, i) => `b1000000-0000-4000-8000-1${String(i).padStart(11, '0')}`);
  const desk = parseDeskConfig(
    {
      ...shipped,
      teams: [{ id: 'floor', name: 'Floor', channels: ['chat'], members: ids, leads: [LEAD] }],
      defaultTeam: 'floor',
      messaging: { perTenantPerSecond: options.perTenantPerSecond },
    },
    'bench',
  );
  const store = new MemoryStore();
  // Everyone installed the app before: a personal conversation at the stand-in for each.
  const all = [LEAD, ...ids];
  for (let i = 0; i < all.length; i += 1000) {
    await store.write(
      all.slice(i, i + 1000).map((id) => ({ key: `conversation/${id}`, value: installedConversation(connector.serviceUrl, id), expectedVersion: 0 })),
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'agentdesk-bench-broadcast-'));
  const config = loadConfig({ DATA_FILE: join(dataDir, 'desk.json'), MicrosoftAppId: '', LOG_LEVEL: 'silent', SIMULATOR: 'off' }, ROOT, { dotEnv: false });
  const app = await createApp(config, createLog('silent'), { store, desk });
  const port = await app.listen(0, '127.0.0.1');
  try {
    const recipients = new Set(ids.map((id) => `personal-${id}`));
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: `29:${LEAD}`, aadObjectId: LEAD, name: 'Bench Lead' },
        recipient: { id: '28:agentdesk' },
        conversation: { id: `personal-${LEAD}`, conversationType: 'personal' },
        value: { action: { type: 'Action.Execute', verb: 'message.send', data: { draftId: 'bench-1', audience: 'led', text: TEXT, importance: 'normal' } } },
      }),
    });
    await response.text();
    if (response.status !== 200) throw new Error(`message.send answered ${response.status}`);
    const reached = new Set<string>();
    let seen = 0;
    let finished = started;
    const deadline = started + options.timeoutSeconds * 1000;
    while (reached.size < recipients.size && performance.now() < deadline) {
      for (; seen < connector.requests.length; seen++) {
        const send = connector.requests[seen]!;
        if (send.status === 200 && recipients.has(send.conversationId) && !reached.has(send.conversationId)) {
          reached.add(send.conversationId);
          finished = send.at;
        }
      }
      await new Promise((done) => setTimeout(done, 20));
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // A moment longer: a late duplicate would show.
    await new Promise((done) => setTimeout(done, 1000));
    const accepted = connector.requests.filter((r) => r.status === 200);
    const deliveries = accepted.filter((s) => recipients.has(s.conversationId) && s.body.includes(TEXT));
    const seconds = (finished - started) / 1000;
    const floorSeconds = options.recipients / options.perTenantPerSecond;
    const throttled = connector.throttled();
    const busiestSecond = busiestWindow(
      accepted.map((send) => send.at),
      1000,
    );
    // The baseline a second later, on the same stand-in, with a card as large as the desk's.
    const sample = deliveries[0]?.body ?? '{}';
    await new Promise((done) => setTimeout(done, 1000));
    const bare = await bareSend(connector.serviceUrl, ids, sample, options.perTenantPerSecond, 16);
    return {
      options,
      seconds,
      floorSeconds,
      ratio: seconds / floorSeconds,
      target: 1.1,
      lost: recipients.size - new Set(deliveries.map((s) => s.conversationId)).size,
      duplicates: deliveries.length - new Set(deliveries.map((s) => s.conversationId)).size,
      throttled,
      busiestSecond,
      sendsPerSecond: deliveries.length / seconds,
      cpuMsPerRecipient: cpuMs / options.recipients,
      cpuShare: cpuMs / 1000 / seconds,
      baseline: { seconds: bare.seconds, ratio: bare.seconds / floorSeconds, cpuMsPerRecipient: bare.cpuMs / options.recipients },
    };
  } finally {
    await app.stop(2000);
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The human-readable summary of the broadcast scenario. */
export function formatBroadcast(result: BroadcastScenarioResult): string {
  const { options } = result;
  const perConversation = TEAMS_LIMITS.perConversation.map((l) => `${l.count}/${l.windowMs / 1000} s`).join(', ');
  return [
    `Broadcast (MSG-2): ${options.recipients} recipients, per-tenant limit ${options.perTenantPerSecond}/s enforced by the stand-in (per conversation ${perConversation})`,
    `completed in ${result.seconds.toFixed(1)} s; floor ${result.floorSeconds.toFixed(1)} s; ratio ${result.ratio.toFixed(3)} (target <= ${result.target}) ${result.ratio <= result.target ? 'meets' : 'MISSES'}`,
    `lost ${result.lost}, duplicates ${result.duplicates}, refused by the stand-in's limit ${result.throttled}, busiest second ${result.busiestSecond}, ${result.sendsPerSecond.toFixed(0)} sends/s`,
    `cpu ${result.cpuMsPerRecipient.toFixed(2)} ms per recipient, ${(result.cpuShare * 100).toFixed(0)} % of a core during the run`,
    `baseline (a bare paced sender, same process and stand-in): ${result.baseline.seconds.toFixed(1)} s, ratio ${result.baseline.ratio.toFixed(3)}, cpu ${result.baseline.cpuMsPerRecipient.toFixed(2)} ms per recipient; desk / baseline ${(result.seconds / result.baseline.seconds).toFixed(2)}x`,
  ].join('\n');
}
