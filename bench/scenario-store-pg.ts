import { startAll, statusDesk } from './scenario-status.js';
import type { TurnScenario } from './turn-comparison.js';

/**
 * "Store on PostgreSQL" (issue 10): the status-change turn on one desk
 * instance with STORE=postgres (its pool and LISTEN/NOTIFY bus, as deployed)
 * against the same turn on a lowdb desk, the embedded default. Each statement
 * is a round trip to the server, where lowdb writes its file in the background
 * of several turns; the target is the issue's. The server runs on this
 * machine: over TCP on loopback the desk's process also pays the server's
 * side of every packet, which a database on another host does not; when the
 * bench started the server it also measures the desk connected through the
 * server's Unix socket, which pays neither. Skipped, with the reason, when no
 * PostgreSQL can be reached or started (bench/postgres.ts).
 */
export const storePgScenario: TurnScenario = {
  id: 'store-pg',
  title: 'status change turn on PostgreSQL (one instance) against lowdb',
  target: { throughput: 0.7 },
  async start({ connector, postgres }) {
    const databaseUrl = await postgres.url().catch((error: Error) => error);
    if (databaseUrl instanceof Error) return { targets: [], notes: [`PostgreSQL scenarios skipped: ${databaseUrl.message}`] };
    const socketUrl = await postgres.socketUrl();
    return {
      targets: await startAll([
        () => statusDesk('lowdb', connector, 30),
        () => statusDesk('postgres', connector, 31, { databaseUrl }),
        ...(socketUrl ? [() => statusDesk('postgres', connector, 32, { databaseUrl: socketUrl, label: 'desk-postgres-socket' })] : []),
      ]),
      ...(socketUrl ? {} : { notes: ['desk-postgres-socket left out: the bench did not start this PostgreSQL, so it does not know its socket'] }),
    };
  },
};
