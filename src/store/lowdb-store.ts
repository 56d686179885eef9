import { constants } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataFile } from 'lowdb/node';
import { deepFreeze } from './freeze.js';
import { RecordTable, type TableEntry } from './record-table.js';
import { StoreUnavailableError, type RecordChange, type ScannedRecord, type ScanRange, type StorePort, type StoredRecord } from './store-port.js';

const OPEN = Buffer.from('{"records":{');
const CLOSE = Buffer.from('}}');
const COMMA = 0x2c;
// A rename refused for a moment (another program holding the file, on Windows) is tried again, as lowdb's writer does.
const RENAME_TRIES = 10;
const RENAME_PAUSE_MS = 100;

/**
 * The default store: one JSON file, read with lowdb's file adapter and written
 * as lowdb's writer does (a temporary file, then a rename), so a crash never
 * leaves half a file behind. Records live in a RecordTable; each record's
 * `"key":{...}` is kept as UTF-8 bytes once made, so a write copies bytes for
 * the records that did not change instead of serializing and encoding the
 * whole store again (every status change writes the file, PLAT-4's outbox too).
 */
export class LowdbStore implements StorePort {
  #next: Promise<void> | undefined;
  #running: Promise<void> | undefined;
  readonly #bytes = new WeakMap<TableEntry, Buffer>();
  readonly #temp: string;

  private constructor(
    private readonly table: RecordTable,
    private readonly file: string,
  ) {
    this.#temp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  /** Opens (or creates) the file; a file that is not valid store JSON stops start-up. */
  static async open(file: string): Promise<LowdbStore> {
    await mkdir(dirname(file), { recursive: true });
    // A write cut short by a kill leaves lowdb's temporary file behind; the real file is whole, so it goes.
    await rm(join(dirname(file), `.${basename(file)}.tmp`), { force: true });
    // Written by this class, never through the adapter (see #save).
    const adapter = new DataFile<RecordTable>(file, { parse: parseTable, stringify: () => '' });
    let table: RecordTable | null;
    try {
      table = await adapter.read();
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${file}: cannot be read as a desk store (${(error as Error).message})`);
    }
    return new LowdbStore(table ?? new RecordTable(), file);
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

  /** The file's bytes: `{"records":{key:{value,version,sort},...}}`, from each record's kept bytes. */
  private serialize(): Buffer {
    const parts: Buffer[] = [];
    let size = OPEN.length + CLOSE.length;
    for (const [key, entry] of this.table.entries()) {
      let bytes = this.#bytes.get(entry);
      if (bytes === undefined) {
        const record = entry.sort ? { value: entry.value, version: entry.version, sort: entry.sort } : { value: entry.value, version: entry.version };
        bytes = Buffer.from(`${JSON.stringify(key)}:${JSON.stringify(record)}`);
        this.#bytes.set(entry, bytes);
      }
      parts.push(bytes);
      size += bytes.length;
    }
    const file = Buffer.allocUnsafe(size + Math.max(0, parts.length - 1));
    let at = OPEN.copy(file, 0);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) file[at++] = COMMA;
      at += parts[i]!.copy(file, at);
    }
    CLOSE.copy(file, at);
    return file;
  }

  /** Writes the whole table to the temporary file and renames it over the real one: the file is always whole. */
  private async save(): Promise<void> {
    await writeFile(this.#temp, this.serialize());
    for (let attempt = 1; ; attempt++) {
      try {
        await rename(this.#temp, this.file);
        return;
      } catch (error) {
        if (attempt >= RENAME_TRIES || !['EPERM', 'EACCES', 'EBUSY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
        await sleep(RENAME_PAUSE_MS);
      }
    }
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
      const running = this.save();
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
