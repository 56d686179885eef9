import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';

/** One schema change: `NNN-what.sql` in src/store/migrations, applied once, in number order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;
/** First half of the advisory lock key ("DESK"); the second half is the schema's hash. */
const LOCK_CLASS = 0x4445534b;

/** The migrations shipped with the desk, in version order; a badly named file or a repeated number is a defect. */
export function shippedMigrations(folder = FOLDER): Migration[] {
  const migrations = readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = FILE_NAME.exec(name);
      if (!match) throw new Error(`migration ${name}: name it NNN-what.sql (three digits, lower-case words)`);
      return { version: Number(match[1]), name, sql: readFileSync(`${folder}/${name}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]!.version === m.version) throw new Error(`migrations ${migrations[i - 1]!.name} and ${m.name} share a number`);
  });
  return migrations;
}

/**
 * Brings `schema` up to date: creates it and the migrations table when
 * missing and applies, each in its own transaction, every migration not yet
 * recorded there. All of it runs under a session advisory lock per schema, so
 * instances starting at once apply each migration exactly once: the others wait,
 * then find it recorded. Returns the versions this call applied.
 */
export async function migrate(client: ClientBase, schema: string, migrations: readonly Migration[] = shippedMigrations()): Promise<number[]> {
  const quoted = `"${schema}"`;
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
  try {
    // Checked before CREATE: a user allowed to use an existing schema may not be allowed to create one.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.desk_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${quoted}.desk_migrations`)).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        // Names in a migration are unqualified: they land in this schema, and functions keep it as their search path.
        await client.query(`SET LOCAL search_path TO ${quoted}`);
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${quoted}.desk_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (error instanceof Error && 'code' in error && typeof error.code === 'string' && !isConnectionClass(error.code)) {
          error.message = `migration ${migration.name}: ${error.message}`;
        }
        throw error;
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, schema]).catch(() => undefined);
  }
}

function isConnectionClass(sqlState: string): boolean {
  return sqlState.startsWith('08') || sqlState.startsWith('57');
}
