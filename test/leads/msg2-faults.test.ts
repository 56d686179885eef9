import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shipped from '../../config/desk.json' with { type: 'json' };
import { parseDeskConfig } from '../../src/desk-config.js';
import type { DeliveryRecord } from '../../src/leads/delivery-record.js';
import { TEAMS_LIMITS } from '../../src/outbox/throttle.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { startDesk, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { busiestWindow, startFaultyConnector, type FaultyConnector } from '../support/faulty-connector.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const RECIPIENTS = 120;
const LEAD: TestUser = { id: '29:lead', aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000001', name: 'Lea Lead' };
const agentId = (i: number) => `d0d0d0d0-0000-4000-8000-1${String(i).padStart(11, '0')}`;
const ids = Array.from({ length: RECIPIENTS }, (_, i) => agentId(i));
const desk = parseDeskConfig(
  {
    ...shipped,
    teams: [{ id: 'floor', name: 'Floor', channels: ['chat'], members: ids, leads: [LEAD.aadObjectId] }],
    defaultTeam: 'floor',
    // Quick retries so the test runs in seconds; every other limit is Teams' published one.
    messaging: { maxTries: 6, reportEverySeconds: 2 },
  },
  'test',
);

// 429 with and without Retry-After, 412, 502, 504 (retried), 403 and 404 (final), else 200, at random.
const FAULTS = [{ status: 429, retryAfter: 1 }, { status: 429 }, { status: 412 }, { status: 502 }, { status: 504 }];
// A seeded generator: the answers are random, yet the same from run to run (a failure can be replayed).
let seed = Number(process.env.FAULT_SEED ?? 7);
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
// One recipient's gateway always times out: tries run out, and the reason says how many were made.
const STUCK = `personal-${agentId(0)}`;
function randomAnswer(conversationId: string): { status: number; retryAfter?: number } {
  if (conversationId === STUCK) return { status: 502 };
  const r = random();
  if (r < 0.03) return { status: 403 };
  if (r < 0.06) return { status: 404 };
  if (r < 0.36) return FAULTS[Math.floor(random() * FAULTS.length)]!;
  return { status: 200 };
}

describe('MSG-2: delivery against a Bot Connector that throttles and fails at random', () => {
  let connector: FaultyConnector;
  let offline: OfflineGuard;
  let app: DeskUnderTest;
  let ticker: NodeJS.Timeout | undefined;
  const store = new MemoryStore();

  beforeAll(async () => {
    offline = goOffline();
    connector = await startFaultyConnector(randomAnswer);
    app = await startDesk({ store, startAt: new Date().toISOString(), overrides: { desk }, env: { OUTBOX_RETRY_MAX_SECONDS: '2' } });
    // Retries and Retry-After are due on the desk's clock: here it follows real time, as the throttle's does.
    ticker = setInterval(() => app.setNow(new Date().toISOString()), 20);
    // Every recipient (and the lead) installed the app: a personal conversation at the stand-in connector.
    const reference = (id: string) => ({
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      conversation: { id: `personal-${id}`, conversationType: 'personal' },
      user: { id: `29:${id}`, aadObjectId: id },
      bot: { id: '28:agentdesk' },
    });
    await store.write(
      [LEAD.aadObjectId, ...ids].map((id) => ({ key: `conversation/${id}`, value: { personal: reference(id), welcomed: [] }, expectedVersion: 0 })),
    );
  }, 60_000);
  afterAll(async () => {
    clearInterval(ticker);
    await app?.stop();
    await connector?.close();
    offline?.close();
  });

  it('MSG-2: every recipient ends sent or failed with its reason, none twice, the report adds up, and no Teams limit is exceeded', async () => {
    const posted = await app.invoke('message.send', { draftId: 'fault-1', audience: 'led', text: 'Fire drill at 14:00', importance: 'urgent' }, { user: LEAD });
    expect(posted.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const deadline = Date.now() + 110_000;
    const settled = async () => {
      const deliveries = (await store.scan('delivery')).map((r) => r.value as DeliveryRecord);
      return deliveries.filter((d) => d.state === 'sent' || d.state === 'failed').length === RECIPIENTS ? deliveries : undefined;
    };
    let deliveries = await settled();
    while (!deliveries && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      deliveries = await settled();
    }
    expect(deliveries).toBeDefined();
    // Nothing left in the message lane.
    expect((await store.scan('outbox', { from: 'm|', to: 'm}' })).length).toBe(0);

    const messageRequests = connector.requests.filter((r) => r.body.includes('Fire drill at 14:00') && r.conversationId !== `personal-${LEAD.aadObjectId}`);
    const okBy = new Map<string, number>();
    for (const r of messageRequests) if (r.status === 200) okBy.set(r.conversationId, (okBy.get(r.conversationId) ?? 0) + 1);
    // Every try the connector saw was one the outbox counted: nothing retried behind the throttle's back.
    const triesBy = new Map<string, number>();
    for (const r of messageRequests) triesBy.set(r.conversationId, (triesBy.get(r.conversationId) ?? 0) + 1);
    for (const d of deliveries!) expect(triesBy.get(`personal-${d.recipientId}`)).toBe(d.attempts);
    // None twice: at most one accepted send per recipient, exactly one for each "sent".
    expect(Math.max(...okBy.values())).toBe(1);
    const sent = deliveries!.filter((d) => d.state === 'sent');
    expect(sent.length).toBe(okBy.size);
    for (const d of deliveries!) if (d.state === 'failed') expect(d.reason).toMatch(/^status (403|404|429|412|502|504)/);
    expect(deliveries!.some((d) => d.state === 'failed' && d.reason === 'status 403')).toBe(true);
    expect(deliveries!.find((d) => d.recipientId === agentId(0))).toMatchObject({ state: 'failed', reason: 'status 502 × 6', attempts: 6 });

    // The report adds up.
    const report = await app.invoke('report.refresh', { broadcastId: (deliveries![0] as DeliveryRecord).broadcastId }, { user: LEAD });
    const facts = JSON.stringify(report.body.value);
    expect(facts).toContain(`"title":"Sent","value":"${sent.length}"`);
    expect(facts).toContain('"title":"Pending","value":"0"');
    expect(facts).toContain('"title":"Retrying","value":"0"');
    expect(facts).toContain(`"title":"Failed","value":"${RECIPIENTS - sent.length} (`);

    // No window is ever exceeded: per conversation (the lead's report card included) and for the tenant.
    const byConversation = new Map<string, number[]>();
    for (const r of connector.requests) byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r.at]);
    for (const times of byConversation.values()) {
      for (const { count, windowMs } of TEAMS_LIMITS.perConversation) expect(busiestWindow(times, windowMs)).toBeLessThanOrEqual(count);
    }
    expect(
      busiestWindow(
        connector.requests.map((r) => r.at),
        1000,
      ),
    ).toBeLessThanOrEqual(TEAMS_LIMITS.perTenantPerSecond);
    // Retries happened, and were paced too.
    expect(messageRequests.length).toBeGreaterThan(RECIPIENTS);
    // Every fault was answered at least once, and a Retry-After was honoured: that conversation heard nothing sooner.
    const kinds = new Set(messageRequests.map((r) => `${r.status}${r.retryAfter !== undefined ? '+retry-after' : ''}`));
    for (const kind of ['200', '403', '404', '412', '429', '429+retry-after', '502', '504']) expect(kinds).toContain(kind);
    for (const [i, r] of messageRequests.entries()) {
      if (r.retryAfter === undefined) continue;
      const next = messageRequests.slice(i + 1).find((later) => later.conversationId === r.conversationId);
      if (next) expect(next.at - r.at).toBeGreaterThanOrEqual(r.retryAfter * 1000 - 50);
    }
  }, 120_000);
});
