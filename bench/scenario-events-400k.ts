import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { keys } from '../src/desk-records.js';
import type { RecordChange, StorePort } from '../src/store/store-port.js';
import { dataFileBytes, type BenchDesk, type BenchStore } from './desk-setup.js';
import { forEachBounded } from './load.js';
import { recordsBytes } from './postgres.js';
import { startAll, statusDesk } from './scenario-status.js';
import type { TurnScenario, TurnTarget } from './turn-comparison.js';

/** How many applied platform event ids the full desks hold. */
export const EVENT_RECORDS = 400_000;
/** Records per store write while seeding. */
const SEED_BATCH = 2000;
/** The seeded ids were applied within this many hours: inside the default retention (24 h), so none is pruned during the run. */
const SEED_SPAN_HOURS = 23;

/**
 * "Many event ids" (issue 10): every applied platform event leaves an
 * `event/<id>` record for EVENT_ID_RETENTION_HOURS, so a busy desk holds
 * hundreds of thousands. This measures the status-change turn on a desk
 * holding 400,000 of them against the same turn on an empty desk of the same
 * store: on PostgreSQL (target: throughput within 10 %) and on lowdb, whose
 * file holds every record and is rewritten whole whenever its journal has
 * grown as large as it (the ratio and the file's size are reported; no target). The records are written through the store port,
 * in batches, before the desk opens its store. Without PostgreSQL only the
 * lowdb pair runs, with a note saying why.
 */
export const events400kScenario: TurnScenario = {
  id: 'events-400k',
  title: `status change turn with ${EVENT_RECORDS.toLocaleString('en')} stored event-id records against an empty store, per store`,
  target: { throughput: 0.9 },
  async start({ connector, postgres }) {
    const databaseUrl = await postgres.url().catch((error: Error) => error);
    const lowdbBytes = async (desk: BenchDesk) => ({ dataFileBytes: await dataFileBytes(desk) });
    // Every desk is up only during its own runs: an idle desk's heartbeat and timers cost the others nothing.
    const asleep = { sleepBetweenRuns: true };
    const starts: Array<() => Promise<TurnTarget>> = [
      () => statusDesk('lowdb', connector, 40, { ...asleep, label: 'lowdb-empty', facts: lowdbBytes }),
      // No target on lowdb: the ratio says what 400,000 records cost it (a compaction rewrites all of them).
      () =>
        statusDesk('lowdb', connector, 41, { ...asleep, label: 'lowdb-400k', baseline: 'lowdb-empty', target: {}, facts: lowdbBytes, seed: seeder('lowdb') }),
    ];
    const notes: string[] = [];
    if (databaseUrl instanceof Error) notes.push(`PostgreSQL scenarios skipped: ${databaseUrl.message}`);
    else {
      const tableBytes = async (desk: BenchDesk) => ({ recordsTableBytes: await recordsBytes(databaseUrl, desk.schema!) });
      starts.push(
        () => statusDesk('postgres', connector, 42, { ...asleep, label: 'postgres-empty', databaseUrl, facts: tableBytes }),
        () =>
          statusDesk('postgres', connector, 43, {
            label: 'postgres-400k',
            baseline: 'postgres-empty',
            databaseUrl,
            facts: tableBytes,
            seed: seeder('postgres'),
          }),
      );
    }
    return { targets: await startAll(starts), notes };
  },
};

/**
 * Writes EVENT_RECORDS event-id records as the desk writes one when it applies
 * a platform event (DeskService.commit: `{ type, at }`, sorted by `at`), spread
 * over the last SEED_SPAN_HOURS. lowdb takes every batch at once (its writes
 * join into one file write; one by one, the growing file would be written 200
 * times); PostgreSQL two at a time.
 */
function seeder(store: BenchStore): (port: StorePort) => Promise<void> {
  return async (port) => {
    const started = performance.now();
    const now = Date.now();
    const spanMs = SEED_SPAN_HOURS * 3600_000;
    const batches = Array.from({ length: Math.ceil(EVENT_RECORDS / SEED_BATCH) }, (_, b) => b);
    await forEachBounded(batches, store === 'lowdb' ? batches.length : 2, async (b) => {
      const changes: RecordChange[] = [];
      for (let i = b * SEED_BATCH; i < Math.min(EVENT_RECORDS, (b + 1) * SEED_BATCH); i++) {
        const at = new Date(now - spanMs + (i / EVENT_RECORDS) * spanMs).toISOString();
        changes.push({ key: keys.event(randomUUID()), value: { type: 'contact.offered', at }, expectedVersion: 0, sort: at });
      }
      await port.write(changes);
    });
    await port.flush();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`events-400k: ${EVENT_RECORDS.toLocaleString('en')} event-id records written into ${store} in ${seconds} s\n`);
  };
}
