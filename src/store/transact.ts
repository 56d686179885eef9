import { setTimeout as sleep } from 'node:timers/promises';
import { VersionConflictError, type RecordChange, type StorePort } from './store-port.js';

/** What a transaction plan decides: values to write (null deletes) and what to hand back. */
export interface Plan<T> {
  writes: ReadonlyMap<string, unknown>;
  result: T;
}

/** Retries a transaction gets before the conflict is reported; each round lets at least one writer win. */
const MAX_ATTEMPTS = 50;

/**
 * One optimistic transaction: read `keys`, let `plan` compute the writes, write
 * them at the versions read, and start over when another writer got there first
 * (STYLE 2). `plan` must be pure: it may run more than once.
 */
export async function transact<T>(
  store: StorePort,
  keys: readonly string[],
  plan: (current: ReadonlyMap<string, unknown>) => Plan<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const records = await store.read(keys);
    const values = new Map([...records].map(([key, record]) => [key, record.value]));
    const { writes, result } = plan(values);
    const changes: RecordChange[] = [...writes].map(([key, value]) => ({
      key,
      value,
      expectedVersion: records.get(key)?.version ?? 0,
    }));
    if (changes.length === 0) return result;
    try {
      await store.write(changes);
      return result;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      // A little jitter keeps writers that collided from colliding again in lock-step.
      await sleep(Math.random() * Math.min(attempt, 10));
    }
  }
}
