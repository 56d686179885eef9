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
const FAULTS = [
  { status: 429, retryAfter: 1 },
  { status: 429 },
  { status: 412 },
  { status: 502 },
  { status: 504 },
];
function randomAnswer(): { status: number; retryAfter?: number } {
  const r = Math.random();
  if (r < 0.03) return { status: 403 };
  if (r < 0.06) return { status: 404 };
  if (r < 0.36) return FAULTS[Math.floor(Math.random() * FAULTS.length)]!;
  return { status: 200 };
}

describe('MSG-2: delivery against a Bot Connector that throttles and fails at random', () => {
  let connector: FaultyConnector;
  let offline: OfflineGuard;
  let app: DeskUnderTest;
  const store = new MemoryStore();

  beforeAll(async () => {
    offline = goOffline();
    connector = await startFaultyConnector(randomAnswer);
    app = await startDesk({ store, overrides: { desk }, env: { OUTBOX_RETRY_MAX_SECONDS: '2' } });
    // Every recipient (and the lead) installed the app: a personal conversation at the stand-in connector.
    const reference = (id: string) => ({
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      conversation: { id: `personal-${id}`, conversationType: 'personal' },
      user: { id: `29:${id}`, aadObjectId: id },
      bot: { id: '28:agentdesk' },
    });
    await store.write([LEAD.aadObjectId, ...ids].map((id) => ({ key: `conversation/${id}`, value: { personal: reference(id), welcomed: [] }, expectedVersion: 0 })));
  }, 60_000);
  afterAll(async () => {
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
    // None twice: at most one accepted send per recipient, exactly one for each "sent".
    expect(Math.max(...okBy.values())).toBe(1);
    const sent = deliveries!.filter((d) => d.state === 'sent');
    const odd = deliveries!.find((d) => d.state === 'failed' && okBy.has(`personal-${d.recipientId}`));
    if (odd) console.log('DBG', JSON.stringify(odd), JSON.stringify(messageRequests.filter((r) => r.conversationId === `personal-${odd.recipientId}`).map((r) => [r.status, r.at])));
    expect(sent.length).toBe(okBy.size);
    for (const d of deliveries!) if (d.state === 'failed') expect(d.reason).toMatch(/^status (403|404|429|412|502|504)/);
    expect(deliveries!.some((d) => d.state === 'failed' && d.reason === 'status 403')).toBe(true);

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
    expect(busiestWindow(connector.requests.map((r) => r.at), 1000)).toBeLessThanOrEqual(TEAMS_LIMITS.perTenantPerSecond);
    // Retries happened, and were paced too.
    expect(messageRequests.length).toBeGreaterThan(RECIPIENTS);
  }, 120_000);
});
