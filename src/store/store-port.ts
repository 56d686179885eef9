/** A stored record and the version it was read at (optimistic concurrency). */
export interface StoredRecord<T = unknown> {
  value: T;
  version: number;
}

/** One record to write: `expectedVersion` 0 means "must not exist yet"; `value` null deletes. */
export interface RecordChange {
  key: string;
  value: unknown;
  expectedVersion: number;
}

/**
 * The storage port (STYLE 3): read records, write a batch all-or-nothing.
 * Every implementation passes test/store/store-contract.ts.
 */
export interface StorePort {
  /** The records that exist among `keys`; missing keys are absent from the map, not errors. */
  read(keys: readonly string[]): Promise<Map<string, StoredRecord>>;
  /** Writes every change or none; throws VersionConflictError when a version does not match. */
  write(changes: readonly RecordChange[]): Promise<void>;
  /** Resolves when the backing storage is readable and writable; throws StoreUnavailableError otherwise. */
  check(): Promise<void>;
  /** Resolves once every accepted write is durable. */
  flush(): Promise<void>;
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

/** Checks a batch against current versions; returns the first key whose version moved, if any. */
export function firstConflict(changes: readonly RecordChange[], versionOf: (key: string) => number): string | undefined {
  return changes.find((change) => versionOf(change.key) !== change.expectedVersion)?.key;
}
