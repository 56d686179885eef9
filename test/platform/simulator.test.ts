import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDeskConfig } from '../../src/desk-config.js';
import { createLog } from '../../src/log.js';
import { platformEventSchema, type PlatformEvent } from '../../src/platform/events.js';
import { verify } from '../../src/platform/signature.js';
import { ContactSimulator, type SimulatorOptions } from '../../src/platform/simulator.js';
import { startDesk } from '../support/desk-harness.js';
import { postEvent, RecordingSink } from './recording-sink.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const DESK = loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT);
const SECRET = 'simulator-secret-0123456789';

/** A stand-in platform endpoint: checks each request with the real verify and keeps the events that parse. */
interface Received {
  verified: boolean;
  event: PlatformEvent | undefined;
}
let platform: Server;
let endpoint: string;
const received: Received[] = [];

beforeAll(async () => {
  platform = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const check = verify(
        SECRET,
        { body, timestamp: req.headers['x-desk-timestamp'] as string, signature: req.headers['x-desk-signature'] as string },
        new Date(),
      );
      const parsed = platformEventSchema.safeParse(JSON.parse(body.toString('utf8')));
      received.push({ verified: check.ok, event: parsed.success ? parsed.data : undefined });
      // No keep-alive: an idle socket's timers would land in a later test's fake clock and be counted there.
      res.writeHead(check.ok ? 202 : 401, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"status":"accepted"}');
    });
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(platform.address() as { port: number }).port}/api/platform/events`;
});
afterAll(() => new Promise<void>((resolve) => platform.close(() => resolve())));
afterEach(() => {
  received.length = 0;
  vi.useRealTimers();
});

function simulator(overrides: Partial<SimulatorOptions> = {}, logs: string[] = []): ContactSimulator {
  return new ContactSimulator({
    secret: SECRET,
    endpoint: () => endpoint,
    desk: DESK,
    intervalSeconds: 20,
    clock: () => new Date(),
    log: createLog('debug', (line) => logs.push(line)),
    ...overrides,
  });
}

const offeredContacts = () => received.map((r) => (r.event?.type === 'contact.offered' ? r.event.contact : undefined));

describe('the contact simulator', () => {
  it('offerBurst(8) posts 8 contact.offered events, each signed so the real verify accepts it and each fitting the schema', async () => {
    const results = await simulator().offerBurst(8);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(received).toHaveLength(8);
    expect(received.every((r) => r.verified && r.event?.type === 'contact.offered')).toBe(true);
    const ids = received.flatMap((r) => (r.event?.type === 'contact.offered' ? [r.event.id, r.event.contact.id] : []));
    expect(new Set(ids).size).toBe(16);
  });

  it('a burst of 20 covers all four channels, voice both inbound and callback, with realistic senders and served queues', async () => {
    await simulator().offerBurst(20);
    const contacts = offeredContacts();
    expect(contacts.every(Boolean)).toBe(true);
    const seen = new Set(contacts.map((c) => `${c!.channel}/${c!.kind}`));
    expect([...seen].sort()).toEqual(['chat/inbound', 'email/inbound', 'social/inbound', 'voice/callback', 'voice/inbound']);
    for (const contact of contacts) {
      const { channel, from, queue, dnis } = contact!;
      expect(DESK.queues.find((q) => q.id === queue)?.channels).toContain(channel);
      expect(dnis).not.toBe('');
      const sender = { voice: /^\+[1-9]\d{7,14}$/, email: /^[a-z.]+@example\.(com|org|net)$/, social: /^@[a-z._0-9]+$/, chat: /^\S+ \S+$/ }[channel];
      expect(from).toMatch(sender);
    }
  });

  it("carries 4-7 of the desk's variables, always the popover ones, with the desk's labels and the secure one marked secure", async () => {
    await simulator().offerBurst(20);
    const defined = new Map(DESK.variables.map((v) => [v.name, v]));
    for (const contact of offeredContacts()) {
      const variables = contact!.variables;
      expect(variables.length).toBeGreaterThanOrEqual(4);
      expect(variables.length).toBeLessThanOrEqual(7);
      expect(variables.map((v) => v.name)).toEqual(expect.arrayContaining(['customerName', 'accountNumber', 'reason', 'priority']));
      for (const variable of variables) {
        expect(defined.get(variable.name)).toMatchObject({ label: variable.label, secure: variable.secure });
      }
      if (contact!.channel === 'voice') expect(variables.find((v) => v.name === 'cpr')).toMatchObject({ secure: true });
    }
  });

  it('offerBurst(count, channel) offers only that channel', async () => {
    const results = await simulator().offerBurst(3, 'email');
    expect(results.map((r) => r.channel)).toEqual(['email', 'email', 'email']);
    expect(offeredContacts().map((c) => c!.channel)).toEqual(['email', 'email', 'email']);
  });

  it('a failed POST is logged as a warning with the event id only and does not throw', async () => {
    const logs: string[] = [];
    const results = await simulator({ endpoint: () => 'http://127.0.0.1:9/api/platform/events' }, logs).offerBurst(2, 'voice');
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.status === undefined)).toBe(true);
    const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.event === 'simulator.postFailed');
    expect(warnings.map((w) => w.eventId)).toEqual(results.map((r) => r.eventId));
    expect(logs.join('\n')).not.toMatch(/\+\d{8,}/);
  });

  it('start() offers one contact per jittered interval and stop() leaves no timer running', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => new Response('{"status":"accepted"}', { status: 202 }));
    const sim = simulator({ fetch, intervalSeconds: 20 });
    sim.start();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(fetch).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(10_001);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    sim.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('stop() during a post aborts it quietly and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const logs: string[] = [];
    const fetch = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    const sim = simulator({ fetch: fetch as typeof globalThis.fetch, intervalSeconds: 2 }, logs);
    sim.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(fetch).toHaveBeenCalledTimes(1);
    sim.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(logs.filter((l) => l.includes('simulator.postFailed'))).toEqual([]);
  });
});

describe('SIMULATOR=on in the real app', () => {
  it('signs with an ephemeral secret and goes through /api/platform/events to the sink; outsiders still get 401', async () => {
    const sink = new RecordingSink();
    const desk = await startDesk({ env: { SIMULATOR: 'on', SIMULATOR_INTERVAL_SECONDS: '3600' }, overrides: { sink } });
    try {
      const results = await desk.app.simulator!.offerBurst(5);
      expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      expect(sink.events.map((e) => e.type)).toEqual(Array(5).fill('contact.offered'));
      const on = desk.logs.filter((l) => l.includes('simulator.on'));
      expect(on.map((l) => JSON.parse(l))).toMatchObject([{ level: 'info', event: 'simulator.on', intervalSeconds: 3600, secret: 'ephemeral' }]);
      expect((await postEvent(desk.url, { id: 'x', type: 'contact.noAnswer', contactId: 'c' }, { secret: 'guessing-the-secret-123' })).status).toBe(401);
    } finally {
      await desk.stop();
    }
  });
});
