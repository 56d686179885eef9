import { deepFreeze } from './freeze.js';
import { firstConflict, VersionConflictError, type RecordChange, type StorePort, type StoredRecord } from './store-port.js';

/** An in-process store for tests and benchmarks; same contract as the file store. */
export class MemoryStore implements StorePort {
  readonly #records = new Map<string, StoredRecord>();

  /** Hands out the stored (deep-frozen) values themselves: no copy, and no way to change them. */
  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    for (const key of keys) {
      const record = this.#records.get(key);
      if (record) found.set(key, record);
    }
    return found;
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    const conflict = firstConflict(changes, (key) => this.#records.get(key)?.version ?? 0);
    if (conflict) throw new VersionConflictError(conflict);
    for (const { key, value, expectedVersion } of changes) {
      if (value === null) this.#records.delete(key);
      else this.#records.set(key, deepFreeze({ value, version: expectedVersion + 1 }));
    }
  }

  async check(): Promise<void> {}

  async flush(): Promise<void> {}
}
