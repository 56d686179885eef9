import { RecordTable } from './record-table.js';
import type { RecordChange, ScannedRecord, ScanRange, StorePort, StoredRecord } from './store-port.js';

/** An in-process store for tests and benchmarks; same contract as the file store. */
export class MemoryStore implements StorePort {
  readonly #table = new RecordTable();

  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    return this.#table.read(keys);
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    this.#table.apply(changes);
  }

  async scan(collection: string, range?: ScanRange): Promise<ScannedRecord[]> {
    return this.#table.scan(collection, range);
  }

  async check(): Promise<void> {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
