import { constants } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataFile } from 'lowdb/node';
import { deepFreeze } from './freeze.js';
import { RecordTable, type TableEntry } from './record-table.js';
import { StoreUnavailableError, type RecordChange, type ScannedRecord, type ScanRange, type StorePort, type StoredRecord } from './store-port.js';

/**
 * The default store: one JSON file written by lowdb's file adapter, which writes
 * a temporary file and renames it, so a crash never leaves half a file behind.
 * Records live in a RecordTable; each record's JSON is kept once made, so a
 * write joins strings for the records that did not change instead of
 * serializing the whole store again.
 */
export class LowdbStore implements StorePort {
  #next: Promise<void> | undefined;
  #running: Promise<void> | undefined;
  readonly #json = new WeakMap<TableEntry, string>();

  private constructor(
    private readonly adapter: DataFile<RecordTable>,
    private readonly table: RecordTable,
    private readonly file: string,
  ) {}

  /** Opens (or creates) the file; a file that is not valid store JSON stops start-up. */
  static async open(file: string): Promise<LowdbStore> {
    await mkdir(dirname(file), { recursive: true });
    // A write cut short by a kill leaves lowdb's temporary file behind; the real file is whole, so it goes.
    await rm(join(dirname(file), `.${basename(file)}.tmp`), { force: true });
    let store: LowdbStore | undefined;
    const adapter = new DataFile<RecordTable>(file, { parse: parseTable, stringify: (table) => store!.serialize(table) });
    let table: RecordTable | null;
    try {
      table = await adapter.read();
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${file}: cannot be read as a desk store (${(error as Error).message})`);
    }
    store = new LowdbStore(adapter, table ?? new RecordTable(), file);
    return store;
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    return this.table.read(keys);
  }

  async scan(collection: string, range?: ScanRange): Promise<ScannedRecord[]> {
    return this.table.scan(collection, range);
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    // Check and apply synchronously: no other turn can interleave between them in this process.
    const previous = this.table.apply(changes);
    try {
      await this.persist();
    } catch (error) {
      // Memory must not claim what the disk refused: undo, unless a later write already moved on.
      for (const [key, before] of previous) {
        const applied = (before?.version ?? 0) + 1;
        const now = this.table.get(key);
        const untouched = changes.find((c) => c.key === key)?.value === null ? now === undefined : now?.version === applied;
        if (untouched) this.table.restore(key, before);
      }
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: write failed (${(error as Error).message})`);
    }
  }

  async check(): Promise<void> {
    try {
      await access(this.file, constants.R_OK | constants.W_OK).catch(async (error: NodeJS.ErrnoException) => {
        // Nothing written yet: the folder must still take the file.
        if (error.code !== 'ENOENT') throw error;
        await access(dirname(this.file), constants.W_OK);
      });
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: not accessible (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  async flush(): Promise<void> {
    await this.#next?.catch(() => undefined);
    await this.#running?.catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /** The file's text: `{"records":{key:{value,version,sort}}}`, from each record's kept JSON. */
  private serialize(table: RecordTable): string {
    const parts: string[] = [];
    for (const [key, entry] of table.entries()) {
      let json = this.#json.get(entry);
      if (json === undefined) {
        json = JSON.stringify(entry.sort ? { value: entry.value, version: entry.version, sort: entry.sort } : { value: entry.value, version: entry.version });
        this.#json.set(entry, json);
      }
      parts.push(`${JSON.stringify(key)}:${json}`);
    }
    return `{"records":{${parts.join(',')}}}`;
  }

  /**
   * Writes the file once for every batch of changes that arrived while the
   * previous write ran: each caller's changes are in memory before the write it
   * joins starts, so it resolves only when they are on disk.
   */
  private persist(): Promise<void> {
    if (this.#next) return this.#next;
    const next = (async () => {
      await this.#running?.catch(() => undefined);
      this.#next = undefined;
      const running = this.adapter.write(this.table);
      this.#running = running;
      try {
        await running;
      } finally {
        if (this.#running === running) this.#running = undefined;
      }
    })();
    this.#next = next;
    return next;
  }
}

/** Reads the file's JSON into a table; anything that is not a desk store is refused. */
function parseTable(text: string): RecordTable {
  const data = JSON.parse(text) as { records?: unknown };
  const records = data?.records;
  if (typeof records !== 'object' || records === null || Array.isArray(records)) throw new Error('not a desk store (no "records" object)');
  const table = new RecordTable();
  for (const [key, record] of Object.entries(records as Record<string, { value: unknown; version: number; sort?: string }>)) {
    table.set(key, { value: deepFreeze(record.value), version: record.version, sort: record.sort ?? '' });
  }
  return table;
}
