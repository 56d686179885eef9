import pg from 'pg';
import { deepFreeze } from './freeze.js';
import { clientConfig, describeTarget, endWithin, schemaName, storeError, type PostgresOptions } from './postgres-connection.js';
import { migrate } from './postgres-migrations.js';
import { unstorableJson, unstorableText } from './storable-text.js';
import {
  StoreUnavailableError,
  UnstorableRecordError,
  VersionConflictError,
  type RecordChange,
  type ScannedRecord,
  type ScanRange,
  type StorePort,
  type StoredRecord,
} from './store-port.js';

/** The SQLSTATE desk_write raises when a version does not match (001-records.sql); the key is the detail. */
const VERSION_CONFLICT = 'VC001';

/**
 * The store on PostgreSQL, for several desk instances sharing one database:
 * one `records` table (key, collection, sort, jsonb value, version). A write
 * batch is one call of `desk_write`, one statement and so one transaction and
 * one round trip, with each version checked inside its UPDATE, INSERT or
 * DELETE; a read is one query. Values come back deep-frozen, as from the
 * in-process stores.
 */
export class PostgresStore implements StorePort {
  readonly #writing = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;
  readonly #sql: { read: string; write: string; scan: string };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    schema: string,
  ) {
    const table = `"${schema}".records`;
    this.#sql = {
      read: `SELECT key, value, version FROM ${table} WHERE key = ANY($1::text[])`,
      write: `SELECT "${schema}".desk_write($1::jsonb)`,
      scan: `SELECT key, value, version, sort FROM ${table} WHERE collection = $1`,
    };
  }

  /**
   * Connects, and applies the migrations the schema lacks (safe when several
   * instances start at once). A server that cannot be reached or refuses the
   * login is a StoreUnavailableError naming host and database, never the password.
   */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = schemaName(options.schema);
    const pool = new pg.Pool({ ...clientConfig(options.connectionString, 'agentdesk'), max: options.poolSize ?? 10, allowExitOnIdle: true });
    // An idle connection that the server closes (a restart, a failover) reports here; the pool drops it and the next query opens another.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw storeError(error, options.connectionString);
    }
    return new PostgresStore(pool, options.connectionString, schema);
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    // A key PostgreSQL cannot hold was never written: absent, like any other missing key.
    const wanted = [...new Set(keys)].filter((key) => unstorableText(key) === undefined);
    const found = new Map<string, StoredRecord>();
    if (wanted.length === 0) return found;
    const rows = await this.query<{ key: string; value: unknown; version: string }>('desk_read', this.#sql.read, [wanted]);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    // In the order asked, as the in-process stores answer.
    for (const key of wanted) {
      const row = byKey.get(key);
      if (row) found.set(key, { value: deepFreeze(row.value), version: Number(row.version) });
    }
    return found;
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    if (changes.length === 0) return;
    const batch = JSON.stringify(changes.map(toRow));
    if (unstorableJson(batch) !== undefined) throw unstorableChange(changes);
    const writing = this.query('desk_write', this.#sql.write, [batch]).catch((error: unknown) => {
      if (error instanceof pg.DatabaseError && error.code === VERSION_CONFLICT) throw new VersionConflictError(error.detail ?? '');
      throw error;
    });
    this.#writing.add(writing);
    try {
      await writing;
    } finally {
      this.#writing.delete(writing);
    }
  }

  async scan(collection: string, range: ScanRange = {}): Promise<ScannedRecord[]> {
    if (unstorableText(collection) !== undefined) return [];
    if (range.limit !== undefined && !(Number.isInteger(range.limit) && range.limit >= 0)) {
      throw new RangeError(`scan of ${collection}: limit must be a whole number from 0 (got ${range.limit})`);
    }
    const from = boundOf(collection, range.from ?? '');
    const params: unknown[] = [collection, range.limit ?? null, from.text];
    let where = from.after ? 'sort > $3' : 'sort >= $3';
    let name = from.after ? 'desk_scan_gt' : 'desk_scan_ge';
    if (range.to !== undefined) {
      const to = boundOf(collection, range.to);
      params.push(to.text);
      where += to.after ? ' AND sort <= $4' : ' AND sort < $4';
      name += to.after ? '_le' : '_lt';
    }
    // One prepared statement per shape of range: six at most.
    const rows = await this.query<ScanRow>(name, `${this.#sql.scan} AND ${where} ORDER BY sort, key LIMIT $2`, params);
    return rows.map((row) => ({ key: row.key, value: deepFreeze(row.value), version: Number(row.version), sort: row.sort }));
  }

  async check(): Promise<void> {
    const rows = await this.query<{ writable: boolean }>('desk_check', "SELECT current_setting('transaction_read_only') = 'off' AS writable", []);
    if (!rows[0]?.writable) throw new StoreUnavailableError(`${describeTarget(this.connectionString)}: the server is read-only (a standby?)`);
  }

  /** Every write that resolved is committed; this waits for the ones still running. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#writing]);
  }

  async close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.flush();
      await endWithin(this.pool.end());
    })();
    return this.#closed;
  }

  /** One statement on any pooled connection, prepared once per connection under `name`. */
  private async query<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    if (this.#closed) throw new StoreUnavailableError(`${describeTarget(this.connectionString)}: the store is closed`);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error, this.connectionString);
    }
    // pool.query would close the connection after any error, a version conflict included: a new connection per conflict.
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      return (await client.query<R>({ name, text, values })).rows;
    } catch (error) {
      // Only an error without a SQLSTATE (a timeout, the socket) leaves the connection in doubt; a dead one the pool drops anyway.
      if (!(error instanceof pg.DatabaseError)) broken = error as Error;
      throw storeError(error, this.connectionString);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

interface ScanRow {
  key: string;
  value: unknown;
  version: string;
  sort: string;
}

/**
 * A scan bound as PostgreSQL can take it. Text holds no U+0000, but a bound
 * `x + U+0000...` is common (the first sort key after x) and needs none: no
 * stored sort key lies between x and it, so `>= bound` is `> x` and `< bound`
 * is `<= x`, where x is the bound up to its first U+0000.
 */
function boundOf(collection: string, bound: string): { text: string; after: boolean } {
  const nul = bound.indexOf('\u0000');
  const text = nul < 0 ? bound : bound.slice(0, nul);
  const reason = unstorableText(text);
  if (reason) throw new RangeError(`scan of ${collection}: a sort key bound holding ${reason} cannot be used`);
  return { text, after: nul >= 0 };
}

/** A change as desk_write reads it: k key, v value (null deletes), e expected version (null: unchecked), s sort key. */
function toRow(change: RecordChange): { k: string; v: unknown; e: number | null; s?: string } {
  if (change.value === undefined) throw new UnstorableRecordError(change.key, 'its value is undefined (write null to delete)');
  const row = { k: change.key, v: change.value, e: change.expectedVersion === 'any' ? null : change.expectedVersion };
  return change.sort === undefined ? row : { ...row, s: change.sort };
}

/** The error for the first change of a batch PostgreSQL cannot hold (the batch as a whole was found to hold one). */
function unstorableChange(changes: readonly RecordChange[]): UnstorableRecordError {
  for (const change of changes) {
    const parts: Array<[string, string | undefined]> = [
      ['key', unstorableText(change.key)],
      ['sort key', change.sort === undefined ? undefined : unstorableText(change.sort)],
      ['value', unstorableJson(JSON.stringify(change.value))],
    ];
    const bad = parts.find(([, what]) => what !== undefined);
    if (bad) return new UnstorableRecordError(change.key, `its ${bad[0]} holds ${bad[1]}, which PostgreSQL text cannot`);
  }
  return new UnstorableRecordError(changes[0]!.key, 'it holds text PostgreSQL cannot');
}
