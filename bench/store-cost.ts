/**
 * `npx tsx bench/store-cost.ts`: what one store operation costs, per store: a
 * write batch of 6 records (as a turn writes: agent, contact, queue, roster,
 * timers, cards) and a read of the same 6 keys. Medians and p99 of many,
 * measured in turn so machine noise hits every store alike. PostgreSQL runs on
 * DATABASE_URL (a throwaway schema, dropped afterwards); without it, only the
 * in-process stores are measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import type { StorePort } from '../src/store/store-port.js';

const ROUNDS = Number(process.env.STORE_COST_ROUNDS) || 2000;
const KEYS = ['agent/a1', 'contact/c1', 'queue/billing', 'roster', 'timers', 'cards/a1'];
const value = (i: number) => ({ id: 'a1', state: i % 2 ? 'Available' : 'Break', since: new Date(0).toISOString(), channels: ['voice', 'chat'], n: i });

const dir = await mkdtemp(join(tmpdir(), 'agentdesk-cost-'));
const schema = `bench_${process.pid}`;
const stores: Array<[string, StorePort]> = [
  ['memory', new MemoryStore()],
  ['lowdb', await LowdbStore.open(join(dir, 'desk.json'))],
];
if (process.env.DATABASE_URL) stores.push(['postgres', await PostgresStore.open({ connectionString: process.env.DATABASE_URL, schema })]);

const times = new Map(stores.map(([name]) => [name, { write: [] as number[], read: [] as number[] }]));
const versions = new Map<string, number>(stores.map(([name]) => [name, 0]));
try {
  for (let round = 0; round < ROUNDS + 100; round++) {
    for (const [name, store] of stores) {
      const version = versions.get(name)!;
      let t = performance.now();
      await store.write(KEYS.map((key) => ({ key, value: value(round), expectedVersion: version })));
      const write = performance.now() - t;
      versions.set(name, version + 1);
      t = performance.now();
      await store.read(KEYS);
      const read = performance.now() - t;
      // The first 100 rounds warm up (JIT, prepared statements, pool).
      if (round >= 100) {
        times.get(name)!.write.push(write);
        times.get(name)!.read.push(read);
      }
    }
  }
  process.stdout.write(`store cost over ${ROUNDS} rounds (ms): median / p99\n`);
  for (const [name, { write, read }] of times) {
    process.stdout.write(`  ${name.padEnd(9)} write 6 records ${stat(write)}   read 6 keys ${stat(read)}\n`);
  }
} finally {
  for (const [, store] of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

function stat(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${at(0.5).toFixed(3)} / ${at(0.99).toFixed(3)}`;
}
