import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/store/bus.js';
import { PostgresBus } from '../../src/store/postgres-bus.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { StoreUnavailableError } from '../../src/store/store-port.js';
import { busContract, collect } from '../store/bus-contract.js';
import { cleanUpStores, databaseUrl, freshSchema, openTestStore } from '../support/postgres-stores.js';
import { startProxy } from '../support/tcp-proxy.js';

const buses: Bus[] = [];
async function openBus(schema: string): Promise<PostgresBus> {
  const bus = await PostgresBus.open({ connectionString: databaseUrl(), schema });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  await cleanUpStores();
});

// Two instances: two buses, each with its own listening connection, on one database.
busContract('postgres', async () => {
  const schema = freshSchema();
  return [await openBus(schema), await openBus(schema)];
});

describe('postgres bus', () => {
  it('instances on another schema of the same database do not hear each other', async () => {
    const mine = await openBus(freshSchema());
    const theirs = await openBus(freshSchema());
    const heard: string[] = [];
    await theirs.subscribe('cards', (message) => heard.push(message));
    const own = await collect(mine, 'cards', 1);
    await mine.publish('cards', 'mine');
    expect(await own.messages).toEqual(['mine']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([]);
  });

  it('messages published at once (a busy instance) all arrive, in order, identical ones included, over two topics', async () => {
    const schema = freshSchema();
    const [a, b] = [await openBus(schema), await openBus(schema)];
    const sent = Array.from({ length: 250 }, (_, i) => (i % 50 === 7 ? 'same' : `m${i}`));
    const cards = await collect(b, 'cards', sent.length);
    const other = await collect(b, 'other', 3);
    await Promise.all([...sent.map((m) => a.publish('cards', m)), ...['x', 'x', 'y'].map((m) => a.publish('other', m))]);
    expect(await cards.messages).toEqual(sent);
    expect(await other.messages).toEqual(['x', 'x', 'y']);
  });

  it('a topic longer than a PostgreSQL channel name still reaches its subscribers, and only them', async () => {
    const schema = freshSchema();
    const [a, b] = [await openBus(schema), await openBus(schema)];
    const long = `agent/${'x'.repeat(80)}`;
    const near: string[] = [];
    await b.subscribe(`${long}y`, (message) => near.push(message));
    const got = await collect(b, long, 1);
    await a.publish(long, 'hello');
    expect(await got.messages).toEqual(['hello']);
    expect(near).toEqual([]);
  });

  it('a listening connection whose network silently stops is noticed by its heartbeat and replaced', async () => {
    const direct = new URL(databaseUrl());
    const proxy = await startProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = freshSchema();
    let reconnects = 0;
    const a = await openBus(schema);
    const b = await PostgresBus.open({ connectionString: viaProxy.toString(), schema, heartbeatMs: 300, onReconnect: () => reconnects++ });
    buses.push(b);
    try {
      const heard: string[] = [];
      await b.subscribe('cards', (message) => heard.push(message));
      await a.publish('cards', 'before');
      await until(() => heard.includes('before'));
      proxy.freeze();
      // No error reaches the frozen connection: only the unanswered heartbeat tells.
      await until(() => reconnects > 0);
      await until(async () => {
        await a.publish('cards', 'after');
        return heard.includes('after');
      });
    } finally {
      await b.close();
      await proxy.close();
    }
  });

  it('a stopping desk does not hang on connections whose network went silent: bus and store close all the same', async () => {
    const direct = new URL(databaseUrl());
    const proxy = await startProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = freshSchema();
    try {
      await openTestStore(schema);
      const bus = await PostgresBus.open({ connectionString: viaProxy.toString(), schema });
      const store = await PostgresStore.open({ connectionString: viaProxy.toString(), schema });
      await store.write([{ key: 'k', value: 1, expectedVersion: 0 }]);
      proxy.freeze();
      const closed = Promise.all([bus.close(), store.close()]).then(() => 'closed');
      const hung = new Promise((resolve) => setTimeout(() => resolve('hung'), 8_000));
      expect(await Promise.race([closed, hung])).toBe('closed');
    } finally {
      await proxy.close();
    }
  });

  it('a server that cannot be reached is a StoreUnavailableError naming the server, not the password', async () => {
    const error = await PostgresBus.open({ connectionString: 'postgresql://desk:Sup3rSecret@127.0.0.1:1/desk', schema: 'public' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^PostgreSQL 127\.0\.0\.1:1\/desk: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('Sup3rSecret');
  });
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
