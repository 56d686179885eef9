/** A stored record and the version it was read at (optimistic concurrency). */
export interface StoredRecord<T = unknown> {
  value: T;
  version: number;
}

/** A record found by a scan: its key and sort key come with it. */
export interface ScannedRecord<T = unknown> extends StoredRecord<T> {
  key: string;
  sort: string;
}

/**
 * One record to write. `expectedVersion` is the version read (0: must not exist
 * yet); `'any'` writes without a check, for records kept in step by another
 * record of the same batch that is checked (indexes, deadlines). `value` null
 * deletes. `sort` orders the record within its collection for `scan` ('' when absent).
 */
export interface RecordChange {
  key: string;
  value: unknown;
  expectedVersion: number | 'any';
  sort?: string;
}

/** A range of sort keys, `from` included and `to` excluded, at most `limit` records. */
export interface ScanRange {
  from?: string;
  to?: string;
  limit?: number;
}

/**
 * The storage port (STYLE 3): read records, write a batch all-or-nothing, and
 * scan one collection (the part of a key before its first `/`) in sort-key
 * order. Every implementation passes test/store/store-contract.ts.
 */
export interface StorePort {
  /** The records that exist among `keys`; missing keys are absent from the map, not errors. */
  read(keys: readonly string[]): Promise<Map<string, StoredRecord>>;
  /** Writes every change or none; throws VersionConflictError when a version does not match. */
  write(changes: readonly RecordChange[]): Promise<void>;
  /** Records of a collection ordered by sort key, then key, within the range. */
  scan(collection: string, range?: ScanRange): Promise<ScannedRecord[]>;
  /** Resolves when the backing storage is readable and writable; throws StoreUnavailableError otherwise. */
  check(): Promise<void>;
  /** Resolves once every accepted write is durable. */
  flush(): Promise<void>;
  /** Flushes and releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** Another turn changed a record between our read and our write. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(readonly key: string) {
    super(`record ${key} changed since it was read`);
  }
}

/** The backing storage cannot be read or written. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * The store answers, but a command kept losing the write race to other turns
 * on the same records until it gave up: the desk is too busy for it now, and
 * the same request a moment later is safe (nothing of it was written).
 */
export class DeskBusyError extends StoreUnavailableError {
  override name = 'DeskBusyError';
}

/**
 * A record the backing storage cannot hold as it is: PostgreSQL's text and
 * jsonb hold no U+0000 and no lone surrogate, in keys, sort keys or values.
 * Nothing of the batch is written; retrying the same batch fails the same way.
 */
export class UnstorableRecordError extends Error {
  override name = 'UnstorableRecordError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    // The value is never shown: it may hold what a customer typed.
    super(`record ${JSON.stringify(key).slice(0, 200)} cannot be stored: ${reason}`);
  }
}

/** The collection of a key: the part before its first `/` (the whole key when it has none). */
export function collectionOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

/** Checks a batch against current versions; returns the first key whose version moved, if any. */
export function firstConflict(changes: readonly RecordChange[], versionOf: (key: string) => number): string | undefined {
  return changes.find((change) => change.expectedVersion !== 'any' && versionOf(change.key) !== change.expectedVersion)?.key;
}

/** Whether a sort key falls in a scan range. */
export function inRange(sort: string, range: ScanRange): boolean {
  return (range.from === undefined || sort >= range.from) && (range.to === undefined || sort < range.to);
}

/**
 * Orders scanned records by sort key, then key, in plain UTF-16 code-unit order.
 * PostgreSQL's "C" collation compares UTF-8 bytes: the same order, except that
 * characters beyond U+FFFF (emoji) sort before U+E000-U+FFFF here and after them
 * there. Sort keys are ASCII, so only keys that tie on sort can differ.
 */
export function bySortThenKey(a: { sort: string; key: string }, b: { sort: string; key: string }): number {
  if (a.sort !== b.sort) return a.sort < b.sort ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
