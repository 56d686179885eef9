import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { PostgresStore } from '../../src/store/postgres-store.js';

/** The tests' PostgreSQL (see postgres-global-setup.ts). */
export function databaseUrl(): string {
  return inject('databaseUrl');
}

/** A schema name no other test uses: each test sees only its own records. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

const opened: PostgresStore[] = [];
const schemas = new Set<string>();

/** Opens a store on the tests' server, in `schema` (default: a fresh one); closed and dropped by `cleanUpStores`. */
export async function openTestStore(schema = freshSchema(), url = databaseUrl()): Promise<PostgresStore> {
  schemas.add(`${url}\n${schema}`);
  const store = await PostgresStore.open({ connectionString: url, schema, poolSize: 5 });
  opened.push(store);
  return store;
}

/** Closes the stores this file opened and drops their schemas, so a shared server keeps nothing of the tests. */
export async function cleanUpStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  const byUrl = new Map<string, string[]>();
  for (const entry of schemas) {
    const [url, schema] = entry.split('\n') as [string, string];
    byUrl.set(url, [...(byUrl.get(url) ?? []), schema]);
  }
  schemas.clear();
  for (const [url, names] of byUrl) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(names.map((name) => `DROP SCHEMA IF EXISTS "${name}" CASCADE;`).join(' '));
    } finally {
      await client.end();
    }
  }
}
