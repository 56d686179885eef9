import { startAll, statusDesk } from './scenario-status.js';
import type { TurnScenario } from './turn-comparison.js';

/**
 * "Store on PostgreSQL" (issue 10): the status-change turn on one desk
 * instance with STORE=postgres (its pool and LISTEN/NOTIFY bus, as deployed)
 * against the same turn on a lowdb desk, the embedded default. Each write is a
 * round trip to the server, where lowdb writes its file in the background of
 * several turns; the target is the issue's. Skipped, with the reason, when no
 * PostgreSQL can be reached or started (bench/postgres.ts).
 */
export const storePgScenario: TurnScenario = {
  id: 'store-pg',
  title: 'status change turn on PostgreSQL (one instance) against lowdb',
  target: { throughput: 0.7 },
  async start({ connector, postgres }) {
    const databaseUrl = await postgres.url().catch((error: Error) => error);
    if (databaseUrl instanceof Error) return { targets: [], notes: [`PostgreSQL scenarios skipped: ${databaseUrl.message}`] };
    return { targets: await startAll([() => statusDesk('lowdb', connector, 30), () => statusDesk('postgres', connector, 31, { databaseUrl })]) };
  },
};
