import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { deepFreeze } from './freeze.js';
import { firstConflict, StoreUnavailableError, VersionConflictError, type RecordChange, type StorePort, type StoredRecord } from './store-port.js';

interface FileShape {
  records: Record<string, StoredRecord>;
}

/**
 * The default store: one lowdb JSON file. lowdb's file adapter writes through a
 * temporary file and a rename, so a crash never leaves half a file behind.
 * Values handed out are the stored, deep-frozen ones (no copy per read).
 */
export class LowdbStore implements StorePort {
  #next: Promise<void> | undefined;
  #running: Promise<void> | undefined;

  private constructor(
    private readonly db: Low<FileShape>,
    private readonly file: string,
  ) {}

  /** Opens (or creates) the file; a file that is not valid store JSON stops start-up. */
  static async open(file: string): Promise<LowdbStore> {
    await mkdir(dirname(file), { recursive: true });
    // Compact JSON: the file is for the desk, not for people, and pretty-printing a large store costs.
    const db = new Low<FileShape>(new DataFile<FileShape>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), { records: {} });
    try {
      await db.read();
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${file}: cannot be read as a desk store (${(error as Error).message})`);
    }
    if (typeof db.data?.records !== 'object' || db.data.records === null || Array.isArray(db.data.records)) {
      throw new StoreUnavailableError(`DATA_FILE ${file}: is not a desk store (no "records" object)`);
    }
    for (const record of Object.values(db.data.records)) deepFreeze(record);
    return new LowdbStore(db, file);
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    for (const key of keys) {
      const record = this.db.data.records[key];
      if (record) found.set(key, record);
    }
    return found;
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    const records = this.db.data.records;
    // Check and apply synchronously: no other turn can interleave between them in this process.
    const conflict = firstConflict(changes, (key) => records[key]?.version ?? 0);
    if (conflict) throw new VersionConflictError(conflict);
    const previous = changes.map(({ key }) => [key, records[key]] as const);
    for (const { key, value, expectedVersion } of changes) {
      if (value === null) delete records[key];
      else records[key] = deepFreeze({ value, version: expectedVersion + 1 });
    }
    try {
      await this.persist();
    } catch (error) {
      // Memory must not claim what the disk refused: undo, unless a later write already moved on.
      for (const [key, record] of previous) {
        const expected = changes.find((c) => c.key === key)!;
        if ((records[key]?.version ?? 0) !== (expected.value === null ? 0 : expected.expectedVersion + 1)) continue;
        if (record) records[key] = record;
        else delete records[key];
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
      const running = this.db.write();
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
