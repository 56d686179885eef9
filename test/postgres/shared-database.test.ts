import fc from 'fast-check';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, shippedMigrations, type Migration } from '../../src/store/postgres-migrations.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { StoreUnavailableError, UnstorableRecordError, VersionConflictError, type StorePort } from '../../src/store/store-port.js';
import { transact } from '../../src/store/transact.js';
import { cleanUpStores, databaseUrl, freshSchema, openTestStore } from '../support/postgres-stores.js';

afterEach(cleanUpStores);

/** Two desk instances on one database: two stores, two pools, one schema. */
async function twoInstances(): Promise<[StorePort, StorePort]> {
  const schema = freshSchema();
  return [await openTestStore(schema), await openTestStore(schema)];
}

describe('two instances on one PostgreSQL', () => {
  it('writing the same record at once: exactly one wins, the other gets VersionConflictError naming the record', async () => {
    const [a, b] = await twoInstances();
    await a.write([{ key: 'agent/a1', value: { state: 'Available' }, expectedVersion: 0 }]);
    for (let round = 1; round <= 10; round++) {
      const outcomes = await Promise.allSettled([
        a.write([{ key: 'agent/a1', value: { state: 'Break', by: 'a', round }, expectedVersion: round }]),
        b.write([{ key: 'agent/a1', value: { state: 'Idle', by: 'b', round }, expectedVersion: round }]),
      ]);
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(VersionConflictError);
      expect((lost[0]!.reason as VersionConflictError).key).toBe('agent/a1');
      const winner = outcomes[0]!.status === 'fulfilled' ? 'a' : 'b';
      // Both instances read what the winner wrote.
      for (const store of [a, b])
        expect((await store.read(['agent/a1'])).get('agent/a1')).toEqual({ value: expect.objectContaining({ by: winner, round }), version: round + 1 });
    }
  });

  it('with transact, every concurrent update from both instances lands', async () => {
    const [a, b] = await twoInstances();
    const increment = (store: StorePort) =>
      transact(store, ['counter/c'], (current) => ({
        writes: new Map([['counter/c', ((current.get('counter/c') as number | undefined) ?? 0) + 1]]),
        result: undefined,
      }));
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 ? a : b)));
    expect((await b.read(['counter/c'])).get('counter/c')).toEqual({ value: 30, version: 30 });
  });

  it('two batches that touch the same records in opposite orders both finish (no deadlock): one wins, one conflicts', async () => {
    const [a, b] = await twoInstances();
    const keys = Array.from({ length: 2000 }, (_, i) => `agent/${String(i).padStart(4, '0')}`);
    await a.write(keys.map((key) => ({ key, value: 0, expectedVersion: 0 })));
    const outcomes = await Promise.allSettled([
      a.write(keys.map((key) => ({ key, value: 'a', expectedVersion: 1 }))),
      b.write([...keys].reverse().map((key) => ({ key, value: 'b', expectedVersion: 1 }))),
    ]);
    // Batches big enough to overlap; a deadlock would end one of them with SQLSTATE 40P01 instead of a conflict.
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([expect.any(VersionConflictError)]);
    const values = new Set([...(await a.read(keys)).values()].map((r) => r.value));
    expect(values.size).toBe(1);
  });

  it('a batch that fails half-way leaves nothing behind, and another instance never sees part of a batch', async () => {
    const [a, b] = await twoInstances();
    await a.write([{ key: 'contact/c4', value: 'kept', expectedVersion: 0 }]);
    // c4 is checked after c1..c3 are written (key order) and conflicts: the whole batch goes.
    const batch = [1, 2, 3, 4, 5, 6].map((n) => ({ key: `contact/c${n}`, value: `new ${n}`, expectedVersion: 0 }));
    await expect(a.write(batch)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await b.scan('contact')).toEqual([{ key: 'contact/c4', value: 'kept', version: 1, sort: '' }]);

    const big = Array.from({ length: 300 }, (_, i) => ({ key: `due/${i}`, value: { i }, expectedVersion: 0 as const, sort: String(i).padStart(3, '0') }));
    let writing = true;
    const seen = new Set<number>();
    const watcher = (async () => {
      while (writing) seen.add((await b.scan('due')).length);
    })();
    await a.write(big);
    writing = false;
    await watcher;
    seen.add((await b.scan('due')).length);
    expect([...seen].every((count) => count === 0 || count === 300)).toBe(true);
    expect(seen.has(300)).toBe(true);
  });
});

describe('migrations', () => {
  it('several instances starting at once apply each migration exactly once', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openTestStore(schema)));
    await stores[0]!.write([{ key: 'k', value: 1, expectedVersion: 0 }]);
    for (const store of stores) expect((await store.read(['k'])).get('k')?.value).toBe(1);
    const rows = await query(`SELECT version, count(*)::int AS n FROM "${schema}".desk_migrations GROUP BY version ORDER BY version`);
    expect(rows).toEqual(shippedMigrations().map((m) => ({ version: m.version, n: 1 })));
  });

  it('a slow migration runs once while other instances wait for it, and a failing one is rolled back and tried again at the next start', async () => {
    const schema = freshSchema();
    await openTestStore(schema);
    const slow: Migration = { version: 900, name: '900-slow.sql', sql: 'SELECT pg_sleep(0.3); CREATE TABLE slow_once (id int);' };
    const clients = await Promise.all(Array.from({ length: 4 }, () => connect()));
    try {
      const applied = await Promise.all(clients.map((client) => migrate(client, schema, [...shippedMigrations(), slow])));
      // Without the lock, a second CREATE TABLE slow_once would have failed.
      expect(applied.flat()).toEqual([900]);

      const broken: Migration = { version: 901, name: '901-broken.sql', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;' };
      await expect(migrate(clients[0]!, schema, [broken])).rejects.toThrow(/^migration 901-broken\.sql: column "no_such_column" does not exist/);
      expect(await query(`SELECT to_regclass('"${schema}".half_done') IS NULL AS gone`)).toEqual([{ gone: true }]);
      const fixed: Migration = { ...broken, sql: 'CREATE TABLE half_done (id int);' };
      expect(await migrate(clients[1]!, schema, [fixed])).toEqual([901]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

describe('postgres store limits', () => {
  it('refuses a key, sort key or value PostgreSQL cannot hold (U+0000, a lone surrogate) with UnstorableRecordError, writing nothing of the batch', async () => {
    const store = await openTestStore();
    const ok = { key: 'contact/ok', value: 'fine', expectedVersion: 0 as const };
    const cases = [
      [{ key: 'contact/a\u0000b', value: 1, expectedVersion: 0 as const }, /record "contact\/a\\u0000b" cannot be stored: its key holds U\+0000/],
      [
        { key: 'contact/v', value: { variables: [{ value: 'x\u0000' }] }, expectedVersion: 0 as const },
        /"contact\/v" cannot be stored: its value holds U\+0000/,
      ],
      [{ key: 'contact/s', value: 1, expectedVersion: 0 as const, sort: '\u0000' }, /its sort key holds U\+0000/],
      [{ key: 'contact/u', value: { name: 'half \uD83D' }, expectedVersion: 0 as const }, /its value holds a lone UTF-16 surrogate/],
      [{ key: 'contact/\uDE00', value: 1, expectedVersion: 0 as const }, /its key holds a lone UTF-16 surrogate/],
    ] as const;
    for (const [change, message] of cases) {
      const error = await store.write([ok, change]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnstorableRecordError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await store.scan('contact')).toEqual([]);
    // Escaped look-alikes and paired surrogates are ordinary text.
    const lookAlike = { text: '\\u0000 \\\\ud800 😀' };
    await store.write([ok, { key: 'contact/😀', value: lookAlike, expectedVersion: 0 }]);
    expect((await store.read(['contact/😀', 'contact/a\u0000b'])).get('contact/😀')?.value).toEqual(lookAlike);
    // A key that cannot be stored was never written: reading it finds nothing.
    expect((await store.read(['contact/a\u0000b', 'contact/\uDE00'])).size).toBe(0);
  });

  it('keys with any other text, slashes included, are kept apart and found again', async () => {
    const store = await openTestStore();
    const ids = ['a/b/c', 'a%2Fb', "it's", '"quoted"', 'æøå ÆØÅ', '\t\n', ' ', '', 'x'.repeat(2000)];
    await store.write(ids.map((id, i) => ({ key: `agent/${id}`, value: i, expectedVersion: 0 })));
    const read = await store.read(ids.map((id) => `agent/${id}`));
    expect([...read.values()].map((r) => r.value)).toEqual(ids.map((_, i) => i));
    expect((await store.scan('agent')).length).toBe(ids.length);
  });

  it('any string as an outside id: stored and found as itself, or refused as a whole when PostgreSQL cannot hold it', async () => {
    const store = await openTestStore();
    let version = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), async (id, value) => {
        const key = `agent/${id}`;
        const text = JSON.stringify(value);
        const change = { key, value: { id, value }, expectedVersion: 'any' as const };
        // U+0000, or a lone surrogate: UTF-8 cannot carry it, so it does not survive a trip through UTF-8.
        if ([id, ...stringsIn(value)].some((s) => s.includes('\u0000') || Buffer.from(s).toString() !== s)) {
          await expect(store.write([change])).rejects.toBeInstanceOf(UnstorableRecordError);
          return;
        }
        await store.write([change, { key: 'log/last', value: version++, expectedVersion: 'any' }]);
        const read = await store.read([key, 'log/last']);
        // As JSON carries it: -0 becomes 0.
        expect(read.get(key)?.value).toEqual({ id, value: JSON.parse(text) });
        expect(read.get('log/last')?.value).toBe(version - 1);
      }),
      { numRuns: 60 },
    );
  });

  it('a server that cannot be reached, or a database that does not exist, is a StoreUnavailableError of one line without the password', async () => {
    const url = new URL(databaseUrl());
    const unreachable = 'postgresql://desk:Sup3rSecret@127.0.0.1:1/desk';
    url.username = 'postgres';
    url.password = 'Sup3rSecret';
    url.pathname = '/no_such_database';
    for (const connectionString of [unreachable, url.toString()]) {
      const error = await PostgresStore.open({ connectionString }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/^PostgreSQL [^ ]+:\d+\/(desk|no_such_database): /);
      expect((error as Error).message).not.toContain('Sup3rSecret');
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('a closed store refuses work with StoreUnavailableError', async () => {
    const store = await openTestStore();
    await store.close();
    await expect(store.read(['k'])).rejects.toThrow(/the store is closed/);
  });
});

/** Every string in a JSON value, keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  return client;
}

async function query(sql: string): Promise<unknown[]> {
  const client = await connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
