import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBus } from '../../src/store/postgres-bus.js';
import { StoreUnavailableError, type StorePort } from '../../src/store/store-port.js';
import { transact } from '../../src/store/transact.js';
import { cleanUpStores, freshSchema, openTestStore } from '../support/postgres-stores.js';
import { startTestServer, type TestServer } from '../support/test-postgres.js';
import { waitFor } from '../support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PASSWORD = 'Sup3rSecret-pw';

// Restarting a server would break every other test file that shares it: this file starts a server of its own.
let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestServer('fresh');
  // Trust authentication ignores the password; it is there to prove no error shows it.
  const withPassword = new URL(server.url);
  withPassword.password = PASSWORD;
  url = withPassword.toString();
}, 120_000);
afterAll(async () => {
  await cleanUpStores().catch(() => undefined);
  await server?.stop();
});

/** Increments `counter/<n>` in a loop until `until()` says stop, counting what was acknowledged and what failed how. */
async function writeLoop(
  store: StorePort,
  n: number,
  until: () => boolean,
  log: { acked: Map<string, number>; errors: unknown[]; ackedAt: number[]; startedAt: number[] },
) {
  const key = `counter/${n}`;
  while (!until()) {
    const started = Date.now();
    try {
      await transact(store, [key], (current) => ({ writes: new Map([[key, ((current.get(key) as number | undefined) ?? 0) + 1]]), result: undefined }));
      log.acked.set(key, (log.acked.get(key) ?? 0) + 1);
      log.ackedAt.push(Date.now());
      // An answer to a commit made just before the stop may be read just after it: when each write started counts too.
      log.startedAt.push(started);
    } catch (error) {
      log.errors.push(error);
      await sleep(20);
    }
  }
}

describe('the server restarts under a write load', () => {
  it('writes during the outage fail with StoreUnavailableError; afterwards the same stores work again, nothing acknowledged is lost, and the bus listens again', async () => {
    const schema = freshSchema();
    const [a, b] = [await openTestStore(schema, url), await openTestStore(schema, url)];
    let reconnects = 0;
    const busA = await PostgresBus.open({ connectionString: url, schema });
    const busB = await PostgresBus.open({ connectionString: url, schema, onReconnect: () => reconnects++ });
    const heard: string[] = [];
    await busB.subscribe('cards', (message) => heard.push(message));
    try {
      await busA.publish('cards', 'before');
      await waitFor(() => heard.includes('before'), 15_000, 'the bus before the restart');

      const log = { acked: new Map<string, number>(), errors: [] as unknown[], ackedAt: [] as number[], startedAt: [] as number[] };
      let stop = false;
      const loops = Array.from({ length: 6 }, (_, n) => writeLoop(n % 2 ? a : b, n % 3, () => stop, log));
      await sleep(500);
      const beforeOutage = log.ackedAt.length;
      await server.pause();
      const down = Date.now();
      await sleep(1_000);
      // While the server is down the store says so, the same way the health check does.
      await expect(a.check()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(b.read(['counter/0'])).rejects.toBeInstanceOf(StoreUnavailableError);
      // The server answers again some time before resume() returns: the outage surely lasts until it is called.
      const resuming = Date.now();
      await server.resume();
      const up = Date.now();
      await waitFor(() => log.ackedAt.some((at) => at > up), 15_000, 'a write after the restart');
      await sleep(500);
      stop = true;
      await Promise.all(loops);

      expect(beforeOutage).toBeGreaterThan(0);
      expect(log.errors.length).toBeGreaterThan(0);
      for (const error of log.errors) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toMatch(/^PostgreSQL 127\.0\.0\.1:\d+\/postgres: /);
        expect((error as Error).message).not.toContain(PASSWORD);
        expect((error as Error).message).not.toContain('\n');
      }
      // Nothing sent while the server was down was acknowledged while it was down.
      expect(log.ackedAt.filter((at, i) => log.startedAt[i]! > down && at < resuming)).toEqual([]);
      await expect(a.check()).resolves.toBeUndefined();
      // Every acknowledged increment is there; one cut off after its commit may be there without an acknowledgement.
      const stored = await a.read([...log.acked.keys()]);
      for (const [key, acked] of log.acked) {
        const value = stored.get(key)?.value as number;
        expect(value).toBeGreaterThanOrEqual(acked);
        expect(value).toBeLessThanOrEqual(acked + log.errors.length);
      }

      // Both listening connections came back by themselves: B hears A again.
      await waitFor(() => reconnects > 0, 15_000, 'the bus to reconnect');
      await waitFor(
        async () => {
          await busA.publish('cards', 'after').catch(() => undefined);
          return heard.includes('after');
        },
        15_000,
        'the bus after the restart',
      );
    } finally {
      await Promise.all([busA.close(), busB.close()]);
    }
  }, 60_000);
});
