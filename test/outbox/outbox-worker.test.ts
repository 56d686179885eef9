import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createLog } from '../../src/log.js';
import { backoffMs, outboxKeys, type OutboxItem } from '../../src/outbox/outbox-item.js';
import { OutboxWorker, type DeliveryResult } from '../../src/outbox/outbox-worker.js';
import { HttpCommander } from '../../src/platform/command-client.js';
import type { WireCommand } from '../../src/platform/commands.js';
import { commandLane } from '../../src/platform/platform-commands-setup.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const T0 = new Date('2026-11-20T09:00:00.000Z');
const log = createLog('silent');

function command(stream: string, seq: number, at = T0): { key: string; value: OutboxItem; sort: string } {
  const { key, sort } = outboxKeys.command(stream, seq, 0);
  return { key, sort, value: { lane: 'command', stream, payload: { seq }, createdAt: at.toISOString(), attempts: 0, dueAt: at.toISOString() } };
}

async function put(store: MemoryStore, items: Array<{ key: string; value: OutboxItem; sort: string }>): Promise<void> {
  await store.write(items.map((i) => ({ key: i.key, value: i.value, expectedVersion: 0, sort: i.sort })));
}

describe('the outbox worker (PLAT-4)', () => {
  it('PLAT-4: commands go in order per stream; a failing head holds its stream back, not the others', async () => {
    const store = new MemoryStore();
    let now = T0;
    const delivered: string[] = [];
    let agentADown = true;
    const worker = new OutboxWorker({
      store,
      clock: () => now,
      log,
      instanceId: 'i1',
      random: () => 0.5,
      handlers: {
        command: {
          async deliver(item): Promise<DeliveryResult> {
            const seq = (item.payload as { seq: number }).seq;
            if (item.stream === 'agent:a' && agentADown) return { ok: false, error: 'down' };
            delivered.push(`${item.stream}#${seq}`);
            return { ok: true };
          },
        },
      },
    });
    await put(store, [command('agent:a', 1), command('agent:a', 2), command('agent:b', 1), command('agent:a', 3), command('agent:b', 2)]);
    await worker.drain();
    expect(delivered).toEqual(['agent:b#1', 'agent:b#2']);
    // agent:a's head was tried once and waits for its backoff; nothing behind it went.
    const head = (await store.read([command('agent:a', 1).key])).get(command('agent:a', 1).key)?.value as OutboxItem;
    expect(head).toMatchObject({ attempts: 1, lastError: 'down' });
    expect(head.lease).toBeUndefined();
    agentADown = false;
    now = new Date(T0.getTime() + 60_000);
    await worker.drain();
    expect(delivered).toEqual(['agent:b#1', 'agent:b#2', 'agent:a#1', 'agent:a#2', 'agent:a#3']);
    expect(await worker.pending()).toBe(0);
  });

  it('PLAT-4: two instances working one outbox deliver each item once (the claim is a versioned write)', async () => {
    const store = new MemoryStore();
    const delivered: string[] = [];
    const handlers = {
      command: {
        async deliver(item: OutboxItem): Promise<DeliveryResult> {
          delivered.push(`${item.stream}#${(item.payload as { seq: number }).seq}`);
          await new Promise((r) => setTimeout(r, 5));
          return { ok: true };
        },
      },
    };
    const one = new OutboxWorker({ store, clock: () => T0, log, instanceId: 'i1', handlers });
    const two = new OutboxWorker({ store, clock: () => T0, log, instanceId: 'i2', handlers });
    const streams = Array.from({ length: 20 }, (_, i) => `contact:c${i}`);
    await put(
      store,
      streams.flatMap((s) => [command(s, 1), command(s, 2)]),
    );
    await Promise.all([one.drain(), two.drain(), one.drain(), two.drain()]);
    expect(delivered.sort()).toEqual(streams.flatMap((s) => [`${s}#1`, `${s}#2`]).sort());
  });

  it('PLAT-4: an item another instance claimed is left alone until its lease runs out, then taken over', async () => {
    const store = new MemoryStore();
    let now = T0;
    const delivered: string[] = [];
    const item = command('agent:a', 1);
    item.value.lease = { owner: 'dead-instance', until: new Date(T0.getTime() + 30_000).toISOString() };
    await put(store, [item]);
    const worker = new OutboxWorker({
      store,
      clock: () => now,
      log,
      instanceId: 'i1',
      handlers: {
        command: {
          async deliver(i) {
            delivered.push(i.stream);
            return { ok: true };
          },
        },
      },
    });
    await worker.drain();
    expect(delivered).toEqual([]);
    now = new Date(T0.getTime() + 31_000);
    await worker.drain();
    expect(delivered).toEqual(['agent:a']);
  });

  it('MSG-2 / PLAT-4: a final failure is given up at once; a retry honours Retry-After', async () => {
    const store = new MemoryStore();
    const now = T0;
    const answers: DeliveryResult[] = [
      { ok: false, error: 'throttled', retryAfterMs: 7000 },
      { ok: false, error: 'gone', final: true },
    ];
    const worker = new OutboxWorker({
      store,
      clock: () => now,
      log,
      instanceId: 'i1',
      random: () => 0,
      handlers: { command: { deliver: async () => answers.shift()! } },
    });
    await put(store, [command('agent:a', 1)]);
    await worker.drain();
    const waiting = (await store.scan('outbox'))[0]?.value as OutboxItem;
    expect(waiting.dueAt).toBe(new Date(T0.getTime() + 7000).toISOString());
    await store.write([
      { key: command('agent:a', 1).key, value: { ...waiting, dueAt: T0.toISOString() }, expectedVersion: 'any', sort: command('agent:a', 1).sort },
    ]);
    await worker.drain();
    expect(await worker.pending()).toBe(0);
  });

  it('PLAT-4 / MSG-2: a command from a commit goes out at once, and a message waiting meanwhile still goes out by its own loop', async () => {
    const store = new MemoryStore();
    const delivered: string[] = [];
    const noted = (what: string): DeliveryResult => {
      delivered.push(what);
      return { ok: true };
    };
    const worker = new OutboxWorker({
      store,
      clock: () => new Date(),
      log,
      instanceId: 'i1',
      pollMs: 20,
      handlers: {
        command: { deliver: async (item) => noted(`command:${item.stream}`) },
        message: { deliver: async (item) => noted(`message:${item.stream}`) },
      },
    });
    worker.start();
    try {
      const at = new Date().toISOString();
      const { key, sort } = outboxKeys.message('b1', 'bo', at);
      const message: OutboxItem = { lane: 'message', stream: 'bo', payload: {}, createdAt: at, attempts: 0, dueAt: at };
      const fresh = command('agent:a', 1, new Date());
      await store.write([
        { key, value: message, expectedVersion: 0, sort },
        { key: fresh.key, value: fresh.value, expectedVersion: 0, sort: fresh.sort },
      ]);
      await worker.workNow([fresh]);
      await vi.waitFor(() => expect(delivered.sort()).toEqual(['command:agent:a', 'message:bo']));
      await vi.waitFor(async () => expect(await worker.pending()).toBe(0));
    } finally {
      await worker.stop();
    }
  });

  it('backoff is exponential with full jitter, capped', () => {
    expect(backoffMs(0, () => 0.999)).toBe(499);
    expect(backoffMs(3, () => 0.999)).toBe(3996);
    expect(backoffMs(30, () => 0.999)).toBe(59_940);
    expect(backoffMs(30, () => 0)).toBe(0);
  });
});

describe('the command lane over HTTP (PLAT-4)', () => {
  it("PLAT-4: a round of told commands from several streams leaves in one batch request; a stream's next command waits for its head", async () => {
    const requests: Array<{ path: string; ids: string[] }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { commands?: WireCommand[] } & WireCommand;
        const commands = body.commands ?? [body];
        requests.push({ path: req.url ?? '', ids: commands.map((c) => c.id) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body.commands ? { results: commands.map(() => ({ status: 202, body: { status: 'accepted' } })) } : { status: 'accepted' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const commander = new HttpCommander({ url: () => url, secret: 'lane-secret-0123456789', clock: () => T0 });
    try {
      const store = new MemoryStore();
      const worker = new OutboxWorker({ store, clock: () => T0, log, instanceId: 'i1', handlers: { command: commandLane(commander, 1000, log) } });
      const lease = { owner: 'i1', until: new Date(T0.getTime() + 30_000).toISOString() };
      const told = (agent: string, seq: number) => {
        const item = command(`agent:${agent}`, seq);
        const payload = { id: `${agent}-${seq}`, at: T0.toISOString(), type: 'agent.state', agentId: agent, state: 'Available' };
        return { ...item, value: { ...item.value, payload, lease } };
      };
      await put(store, [told('a', 1), told('b', 1), told('c', 1), told('a', 2), told('d', 1), told('e', 1)]);
      await worker.drain();
      expect(requests).toEqual([
        { path: '/commands/batch', ids: ['a-1', 'b-1', 'c-1', 'd-1', 'e-1'] },
        { path: '/commands', ids: ['a-2'] },
      ]);
      expect(await worker.pending()).toBe(0);
    } finally {
      commander.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
