import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnKind } from '../../src/turn-kind.js';
import { FAKE_SERVICE_URL } from '../support/bot-connector.js';
import { startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const SECRET = 'metrics-platform-secret-012345';
const START = '2026-11-20T09:00:00.000Z';

/** The value of one sample in a Prometheus text scrape (0 when the series is absent). */
function sample(scrape: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = scrape.split('\n').find((l) => {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(l);
    return match?.[1] === name && wanted.every((w) => match[2]!.split(',').includes(w));
  });
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics with METRICS_TOKEN set', () => {
  let desk: DeskUnderTest;
  let offline: OfflineGuard;
  let failingSends = 0;
  const scrape = async (authorization?: string) => {
    const response = await fetch(`${desk.url}/metrics`, authorization ? { headers: { authorization } } : {});
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  beforeAll(async () => {
    offline = goOffline();
    // A connector that can be made to refuse the next send or update. 501 is one the SDK does not retry by itself (it does 5xx
    // and 429 within the call), so the card lane reports it and the outbox tries the card again after its backoff.
    const base = new URL(FAKE_SERVICE_URL);
    let sent = 0;
    const answer = (ok: () => unknown) => (): [number, unknown] => {
      if (failingSends === 0) return [200, ok()];
      failingSends--;
      return [501, { error: { code: 'NotImplemented', message: 'try again' } }];
    };
    nock(base.origin)
      .persist()
      .post((path) => path.includes('/v3/conversations/'))
      .reply(answer(() => ({ id: `activity-${++sent}` })))
      .put((path) => path.includes('/v3/conversations/'))
      .reply(answer(() => ({ id: 'updated' })));
    desk = await startDesk({ env: { METRICS_TOKEN: TOKEN, PLATFORM_SECRET: SECRET }, startAt: START });
  });
  afterAll(async () => {
    await desk.stop();
    nock.cleanAll();
    offline.close();
  });

  it('answers 401 without the bearer token or with a wrong one, and never shows the counters', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ', `bearer ${TOKEN}`]) {
      const answer = await scrape(authorization);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain('agentdesk_');
    }
  });

  it('counts turns by kind and outcome with latency, platform events by status, deliveries and retries, and reads the levels', async () => {
    const before = (await scrape(`Bearer ${TOKEN}`)).text;
    await desk.install();
    await desk.message('status');
    await desk.invoke('phone.set', { phone: '+4512345678' });
    await desk.invoke('status.set', { state: 'Available' });
    await desk.invokeNamed('made/up', {});
    const offer = (id: string, queue: string, channel = 'chat', from = 'Jane Doe') => ({
      id: `evt-${id}`,
      type: 'contact.offered',
      contact: { id, channel, kind: 'inbound', queue, from, variables: [] },
    });
    expect((await desk.event(offer('m-1', 'tech'))).status).toBe(202);
    expect((await desk.event(offer('m-1', 'tech'))).status).toBe(200);
    expect((await desk.event({ id: 'evt-bad', type: 'contact.offered' })).status).toBe(400);
    // Soren may be offered one call at a time: the other calls wait in their queue. The connector refuses
    // the update of his request card that the first call brings.
    failingSends = 1;
    for (const id of ['m-2', 'm-3', 'm-4']) await desk.event(offer(id, 'sales', 'voice', '+4520000001'));

    const answer = await scrape(`Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('text/plain');
    const after = answer.text;
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);

    expect(moved('agentdesk_turns_total', { kind: 'message', outcome: 'ok' })).toBe(1);
    expect(moved('agentdesk_turns_total', { kind: 'installationUpdate', outcome: 'ok' })).toBe(1);
    expect(moved('agentdesk_turns_total', { kind: 'invoke/adaptiveCard/action', outcome: 'ok' })).toBe(2);
    expect(moved('agentdesk_turns_total', { kind: 'invoke/other' })).toBe(1);
    expect(moved('agentdesk_turns_total', { kind: 'platform', outcome: 'refused' })).toBe(1);
    expect(moved('agentdesk_turn_duration_seconds_count', { kind: 'invoke/adaptiveCard/action' })).toBe(2);
    expect(moved('agentdesk_turn_duration_seconds_bucket', { kind: 'message', le: '+Inf' })).toBe(1);
    expect(moved('agentdesk_platform_events_total', { status: '202' })).toBe(4);
    expect(moved('agentdesk_platform_events_total', { status: '200' })).toBe(1);
    expect(moved('agentdesk_platform_events_total', { status: '400' })).toBe(1);
    expect(sample(after, 'agentdesk_agents', { state: 'Available' })).toBe(1);
    expect(sample(after, 'agentdesk_agents', { state: 'Break' })).toBe(0);
    expect(sample(after, 'agentdesk_contacts_waiting', { queue: 'sales' })).toBe(2);
    expect(sample(after, 'agentdesk_contacts_waiting', { queue: 'billing' })).toBe(0);
    // The outbox tries the refused card again once its backoff (at most half a second the first time) has passed on the desk's clock.
    desk.setNow(new Date(Date.parse(START) + 2000).toISOString());
    const now = async (name: string, labels: Record<string, string>) =>
      sample((await scrape(`Bearer ${TOKEN}`)).text, name, labels) - sample(before, name, labels);
    await expect.poll(() => now('agentdesk_card_delivery_retries_total', { outcome: 'ok' }), { timeout: 10_000, interval: 200 }).toBe(1);
    expect(await now('agentdesk_card_deliveries_total', { outcome: 'retry' })).toBe(1);
    expect(await now('agentdesk_card_deliveries_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    // The Node.js process metrics come along.
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
    expect(offline.unmatched).toEqual([]);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('is not served: 404, whatever token is sent', async () => {
    const desk = await startDesk();
    try {
      expect((await fetch(`${desk.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${desk.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await desk.stop();
    }
  });
});

describe('turn kinds (metric labels)', () => {
  it('are drawn from a fixed set, whatever type or invoke name arrives from outside', () => {
    const known =
      /^(message|conversationUpdate|installationUpdate|messageReaction|messageUpdate|messageDelete|event|typing|endOfConversation|other|invoke\/[\w/]+)$/;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toString', 'constructor', 'invoke', 'message')), fc.string(), (type, name) => {
        const kind = turnKind({ type, name });
        expect(kind).toMatch(known);
        // Only a name the desk knows becomes a label of its own; anything else is "other".
        if (kind !== 'other' && kind !== 'invoke/other') expect([type, `invoke/${name}`]).toContain(kind);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(['invoke/other', `invoke/${name}`]).toContain(turnKind({ type: 'invoke', name }));
      }),
    );
    expect(turnKind({ type: 'invoke', name: 'adaptiveCard/action' })).toBe('invoke/adaptiveCard/action');
    expect(turnKind({ type: 'invoke', name: 'toString' })).toBe('invoke/other');
    expect(turnKind({ type: '__proto__' })).toBe('other');
    expect(turnKind(null)).toBe('other');
  });
});
