import { deepFreeze } from './freeze.js';
import {
  bySortThenKey,
  collectionOf,
  firstConflict,
  inRange,
  VersionConflictError,
  type RecordChange,
  type ScannedRecord,
  type ScanRange,
  type StoredRecord,
} from './store-port.js';

/** One record as an in-process store keeps it: frozen value, version, sort key. */
export interface TableEntry extends StoredRecord {
  sort: string;
}

/**
 * The records of an in-process store (memory, lowdb): a Map by key plus the
 * keys of each collection, so a scan walks one collection, not every record.
 * Values are deep-frozen and handed out as they are (no copy per read).
 */
export class RecordTable {
  readonly #entries = new Map<string, TableEntry>();
  readonly #collections = new Map<string, Set<string>>();

  /** Every entry, for serializing. */
  entries(): IterableIterator<[string, TableEntry]> {
    return this.#entries.entries();
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): TableEntry | undefined {
    return this.#entries.get(key);
  }

  read(keys: readonly string[]): Map<string, StoredRecord> {
    const found = new Map<string, StoredRecord>();
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry) found.set(key, { value: entry.value, version: entry.version });
    }
    return found;
  }

  scan(collection: string, range: ScanRange = {}): ScannedRecord[] {
    const keys = this.#collections.get(collection);
    if (!keys) return [];
    const found: ScannedRecord[] = [];
    for (const key of keys) {
      const entry = this.#entries.get(key)!;
      if (inRange(entry.sort, range)) found.push({ key, value: entry.value, version: entry.version, sort: entry.sort });
    }
    found.sort(bySortThenKey);
    return range.limit === undefined ? found : found.slice(0, range.limit);
  }

  /**
   * Checks every version, then applies the batch; returns what each changed key
   * held before, so a caller whose persistence failed can undo it.
   */
  apply(changes: readonly RecordChange[]): Array<[string, TableEntry | undefined]> {
    const conflict = firstConflict(changes, (key) => this.#entries.get(key)?.version ?? 0);
    if (conflict) throw new VersionConflictError(conflict);
    const previous: Array<[string, TableEntry | undefined]> = [];
    for (const change of changes) {
      const before = this.#entries.get(change.key);
      previous.push([change.key, before]);
      if (change.value === null) this.delete(change.key);
      else this.set(change.key, { value: deepFreeze(change.value), version: (before?.version ?? 0) + 1, sort: change.sort ?? '' });
    }
    return previous;
  }

  /** Puts an entry back as it was (undo), or removes it. */
  restore(key: string, entry: TableEntry | undefined): void {
    if (entry) this.set(key, entry);
    else this.delete(key);
  }

  /** Loads an entry as stored (start-up). */
  set(key: string, entry: TableEntry): void {
    this.#entries.set(key, entry);
    const collection = collectionOf(key);
    let keys = this.#collections.get(collection);
    if (!keys) {
      keys = new Set();
      this.#collections.set(collection, keys);
    }
    keys.add(key);
  }

  private delete(key: string): void {
    this.#entries.delete(key);
    this.#collections.get(collectionOf(key))?.delete(key);
  }
}
