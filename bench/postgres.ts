/**
 * The bench's PostgreSQL: the server scripts/test-postgres.sh finds or starts
 * (`ensure`: $DATABASE_URL, else one on 127.0.0.1:5432 that lets user postgres
 * in, else a throwaway cluster), looked for once per run and only when a
 * scenario asks. Every desk works in a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestServer, type TestServer } from '../test/support/test-postgres.js';

/** The PostgreSQL of one bench run: its URL, or why there is none. */
export interface BenchPostgres {
  /** The server's URL; rejects with the reason when no PostgreSQL can be reached or started. */
  url(): Promise<string>;
  /** The same server through its Unix socket, when the bench started it (and so knows where the socket is). */
  socketUrl(): Promise<string | undefined>;
  /** Stops the server when this run started it. */
  stop(): Promise<void>;
}

/** Finds or starts PostgreSQL on the first `url()` call, and checks it answers; later calls get the same answer. */
export function benchPostgres(): BenchPostgres {
  let server: Promise<TestServer> | undefined;
  return {
    url() {
      server ??= (async () => {
        const found = await startTestServer('ensure');
        try {
          const client = new pg.Client({ connectionString: found.url, connectionTimeoutMillis: 5000 });
          await client.connect();
          await client.end();
        } catch (error) {
          await found.stop().catch(() => undefined);
          throw new Error(`PostgreSQL at ${new URL(found.url).host} does not answer: ${(error as Error).message}`);
        }
        return found;
      })();
      return server.then((s) => s.url);
    },
    async socketUrl() {
      const found = await server?.catch(() => undefined);
      if (!found?.dir) return undefined;
      const tcp = new URL(found.url);
      return `postgresql://${tcp.username}@localhost${tcp.pathname}?host=${encodeURIComponent(found.dir)}&port=${tcp.port}`;
    },
    async stop() {
      const started = await server?.catch(() => undefined);
      await started?.stop();
    },
  };
}

/** A schema name no other bench desk uses. */
export function freshSchema(): string {
  return `bench_${randomBytes(6).toString('hex')}`;
}

/** Drops a bench desk's schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The bytes a schema's records table takes on disk, with its indexes and TOAST. */
export async function recordsBytes(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass) AS bytes', [`"${schema}".records`]);
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}
