import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreUnavailableError, type RecordChange, type ScannedRecord, type ScanRange, type StoredRecord } from '../../src/store/store-port.js';

/** A memory store that can be taken down: while `down`, every read and write fails as a lost disk or database would. */
export class OutageStore extends MemoryStore {
  down = false;

  override async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    this.fail();
    return super.read(keys);
  }

  override async write(changes: readonly RecordChange[]): Promise<void> {
    this.fail();
    return super.write(changes);
  }

  override async scan(collection: string, range?: ScanRange): Promise<ScannedRecord[]> {
    this.fail();
    return super.scan(collection, range);
  }

  private fail(): void {
    if (this.down) throw new StoreUnavailableError('the store is down (test outage)');
  }
}
