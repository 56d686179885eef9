import { deepFreeze } from './freeze.js';
import {
  bySortThenKey,
  collectionOf,
  firstConflict,
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

/** One collection's keys in scan order (sort key, then key), so a scan finds its range by binary search. */
interface Ordered {
  sort: string;
  key: string;
}

/**
 * The records of an in-process store (memory, lowdb): a Map by key plus, for
 * each collection, its keys kept in scan order, so a scan reads its range (and
 * only up to its limit) instead of sorting the whole collection each time.
 * Values are deep-frozen and handed out as they are (no copy per read).
 */
export class RecordTable {
  readonly #entries = new Map<string, TableEntry>();
  readonly #collections = new Map<string, Ordered[]>();

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
    const ordered = this.#collections.get(collection);
    if (!ordered) return [];
    const found: ScannedRecord[] = [];
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    // The first position whose sort key is at least `from` (every key of a sort key sorts after the empty one).
    for (let i = range.from === undefined ? 0 : position(ordered, { sort: range.from, key: '' }); i < ordered.length && found.length < limit; i++) {
      const { sort, key } = ordered[i]!;
      if (range.to !== undefined && sort >= range.to) break;
      const entry = this.#entries.get(key)!;
      found.push({ key, value: entry.value, version: entry.version, sort });
    }
    return found;
  }

  /**
   * Checks every version, then applies the batch; returns what each changed key
   * held before, so a caller whose persistence failed can undo it.
   */
  apply(changes: readonly RecordChange[]): Array<[string, TableEntry | undefined]> {
    const conflict = firstConflict(changes, (key) => this.#entries.get(key)?.version ?? 0);
    if (conflict) throw new VersionConflictError(conflict);
    const previous: Array<[string, TableEntry | undefined]> = [];
    const bulk = changes.length > BULK_CHANGES;
    for (const change of changes) {
      const before = this.#entries.get(change.key);
      previous.push([change.key, before]);
      const after = change.value === null ? undefined : { value: deepFreeze(change.value), version: (before?.version ?? 0) + 1, sort: change.sort ?? '' };
      if (bulk) this.#put(change.key, after);
      else if (after) this.set(change.key, after);
      else this.delete(change.key);
    }
    if (bulk) this.#reorder(new Set(changes.map((c) => collectionOf(c.key))));
    return previous;
  }

  /** Puts an entry back as it was (undo), or removes it. */
  restore(key: string, entry: TableEntry | undefined): void {
    if (entry) this.set(key, entry);
    else this.delete(key);
  }

  /** Builds a table from stored entries (start-up): each collection is put in order once, not entry by entry. */
  static load(entries: Iterable<[string, TableEntry]>): RecordTable {
    const table = new RecordTable();
    for (const [key, entry] of entries) table.#put(key, entry);
    table.#reorder(new Set([...table.#entries.keys()].map(collectionOf)));
    return table;
  }

  /** Sets one entry, keeping its collection's order. */
  set(key: string, entry: TableEntry): void {
    const before = this.#entries.get(key);
    this.#entries.set(key, entry);
    if (before && before.sort === entry.sort) return;
    const collection = collectionOf(key);
    let ordered = this.#collections.get(collection);
    if (!ordered) {
      ordered = [];
      this.#collections.set(collection, ordered);
    }
    if (before) ordered.splice(position(ordered, { sort: before.sort, key }), 1);
    const at = position(ordered, { sort: entry.sort, key });
    // New records usually sort last (their time): an append, not an insertion.
    if (at === ordered.length) ordered.push({ sort: entry.sort, key });
    else ordered.splice(at, 0, { sort: entry.sort, key });
  }

  private delete(key: string): void {
    const before = this.#entries.get(key);
    if (!before) return;
    this.#entries.delete(key);
    const ordered = this.#collections.get(collectionOf(key))!;
    ordered.splice(position(ordered, { sort: before.sort, key }), 1);
  }

  /** Sets or removes an entry without ordering its collection (`#reorder` follows). */
  #put(key: string, entry: TableEntry | undefined): void {
    if (entry) this.#entries.set(key, entry);
    else this.#entries.delete(key);
  }

  /** Orders the named collections afresh from the entries: one sort instead of many insertions (a big batch, a load). */
  #reorder(collections: ReadonlySet<string>): void {
    const ordered = new Map<string, Ordered[]>([...collections].map((c) => [c, []]));
    for (const [key, entry] of this.#entries) ordered.get(collectionOf(key))?.push({ sort: entry.sort, key });
    for (const [collection, items] of ordered) {
      if (items.length === 0) this.#collections.delete(collection);
      else this.#collections.set(collection, items.sort(bySortThenKey));
    }
  }
}

// A batch larger than this (retention's prunes, a seed) reorders its collections once instead of entry by entry.
const BULK_CHANGES = 256;

/** The first position in `ordered` not before `item` (binary search). */
function position(ordered: readonly Ordered[], item: Ordered): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bySortThenKey(ordered[middle]!, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
