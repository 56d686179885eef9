import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { StoreUnavailableError } from '../../src/store/store-port.js';
import { cleanUpStores, databaseUrl, freshSchema, openTestStore } from '../support/postgres-stores.js';
import { startDeskProcess } from '../support/desk-process.js';

afterEach(cleanUpStores);

/** A status change as Teams sends it: an Adaptive Card Universal Action from one agent. */
function statusInvoke(state: string) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:pg', aadObjectId: 'pg-agent', name: 'Pg Agent' },
    recipient: { id: '28:bot' },
    conversation: { id: 'c-pg' },
    value: { action: { type: 'Action.Execute', verb: 'status.set', data: { state } } },
  };
}

describe('the desk on PostgreSQL (STORE=postgres)', () => {
  it('migrates its schema at start, keeps a turn in PostgreSQL, logs no password, and on SIGTERM exits 0', async () => {
    const schema = freshSchema();
    const url = databaseUrl();
    const desk = startDeskProcess({ PORT: '0', STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '3', LOG_LEVEL: 'info' });
    try {
      const base = await desk.started();
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const answer = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(statusInvoke('Break')),
      });
      expect(answer.status).toBe(200);
      desk.child.kill('SIGTERM');
      expect(await desk.exited).toBe(0);
      expect(desk.output()).toContain('desk.stopped');
      const started = JSON.parse(
        desk
          .output()
          .split('\n')
          .find((l) => l.includes('desk.started'))!,
      );
      expect(started.database).toMatch(new RegExp(`^PostgreSQL .+ schema ${schema}$`));
      const password = new URL(url).password;
      if (password) expect(desk.output()).not.toContain(password);
      // Another instance opening the same schema finds the agent as the desk left it.
      const store = await openTestStore(schema);
      expect((await store.read(['agent/pg-agent'])).get('agent/pg-agent')?.value).toMatchObject({ state: 'Break' });
    } finally {
      desk.child.kill('SIGKILL');
    }
    // Starting the desk takes seconds, and tens of them on a busy machine.
  }, 120_000);

  it('createApp opens the PostgreSQL store STORE names and DeskApp.stop closes it; a store handed in is left open', async () => {
    const root = new URL('../..', import.meta.url).pathname;
    const schema = freshSchema();
    await openTestStore(schema);
    const config = loadConfig({ STORE: 'postgres', DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: schema, PORT: '0' }, root);
    const app = await createApp(config, createLog('silent'));
    expect(app.store).toBeInstanceOf(PostgresStore);
    await app.stop(100);
    await expect(app.store.read(['agent/x'])).rejects.toThrow(StoreUnavailableError);

    const own = new MemoryStore();
    const withOwn = await createApp(config, createLog('silent'), { store: own });
    await withOwn.stop(100);
    await own.write([{ key: 'k', value: 1, expectedVersion: 0 }]);
    expect((await own.read(['k'])).size).toBe(1);
  });

  it('a database that cannot be reached stops start-up with one line naming the server, not the password', async () => {
    const desk = startDeskProcess({ PORT: '0', STORE: 'postgres', DATABASE_URL: 'postgresql://desk:Sup3rSecret@127.0.0.1:1/desk' });
    expect(await desk.exited).toBe(1);
    const lines = desk
      .output()
      .trim()
      .split('\n')
      .filter((l) => !l.includes('nodedir') && !/DeprecationWarning|--trace-deprecation/.test(l));
    expect(lines).toEqual([expect.stringMatching(/^AgentDesk cannot start: PostgreSQL 127\.0\.0\.1:1\/desk: connect ECONNREFUSED/)]);
    expect(desk.output()).not.toContain('Sup3rSecret');
  }, 120_000);
});
