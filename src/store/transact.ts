import { setTimeout as sleep } from 'node:timers/promises';
import { DeskBusyError, VersionConflictError, type RecordChange, type StorePort } from './store-port.js';

/**
 * What a transaction plan decides: values to write at the versions read (null
 * deletes), their sort keys, unchecked changes kept in step by those writes
 * (indexes, deadlines), and what to hand back.
 */
export interface Plan<T> {
  writes: ReadonlyMap<string, unknown>;
  sorts?: ReadonlyMap<string, string>;
  unchecked?: readonly RecordChange[];
  result: T;
}

/** A plan that first needs more records read (what it needs can depend on what it read). */
export interface NeedMore {
  more: readonly string[];
}

/** Retries a transaction gets before the conflict is reported; each round lets at least one writer win. */
const MAX_ATTEMPTS = 50;
/** Rounds of "read more" one attempt may take before the plan is considered broken. */
const MAX_EXPANSIONS = 8;

/**
 * One optimistic transaction: read `keys`, let `plan` compute the writes, write
 * them at the versions read, and start over when another writer got there first
 * (STYLE 2). `plan` must be pure: it may run more than once, and may ask for
 * more records before it decides; `asked` tells it which keys were read (absent
 * ones do not exist).
 */
export async function transact<T>(
  store: StorePort,
  keys: readonly string[],
  plan: (current: ReadonlyMap<string, unknown>, asked: ReadonlySet<string>) => Plan<T> | NeedMore,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let wanted = [...new Set(keys)];
    let records = await store.read(wanted);
    let planned = plan(valuesOf(records), new Set(wanted));
    for (let round = 0; 'more' in planned; round++) {
      const missing = planned.more.filter((key) => !wanted.includes(key));
      if (missing.length === 0 || round >= MAX_EXPANSIONS) throw new Error('transaction plan keeps asking for records it has');
      wanted = [...wanted, ...missing];
      // Read everything again, so all versions come from one moment.
      records = await store.read(wanted);
      planned = plan(valuesOf(records), new Set(wanted));
    }
    const { writes, sorts, unchecked = [], result } = planned;
    const changes: RecordChange[] = [...writes].map(([key, value]) => {
      const sort = sorts?.get(key);
      return { key, value, expectedVersion: records.get(key)?.version ?? 0, ...(sort !== undefined ? { sort } : {}) };
    });
    changes.push(...unchecked);
    if (changes.length === 0) return result;
    try {
      await store.write(changes);
      return result;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new DeskBusyError(`lost the write race ${attempt} times`);
      // A little jitter keeps writers that collided from colliding again in lock-step.
      await sleep(Math.random() * Math.min(attempt, 10));
    }
  }
}

function valuesOf(records: ReadonlyMap<string, { value: unknown }>): Map<string, unknown> {
  return new Map([...records].map(([key, record]) => [key, record.value]));
}
