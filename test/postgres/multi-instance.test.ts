import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Contact } from '../../src/engine/model.js';
import { signedHeaders } from '../../src/platform/signature.js';
import type { PostgresStore } from '../../src/store/postgres-store.js';
import { startDeskProcess, type DeskProcess } from '../support/desk-process.js';
import { cleanUpStores, databaseUrl, freshSchema, openTestStore } from '../support/postgres-stores.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SECRET = 'multi-instance-platform-secret-01';

/** A stand-in Bot Connector for desks in other processes: answers sends and updates, counts them. */
class FakeConnector {
  calls = 0;
  private server: Server | undefined;
  url = '';
  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      for await (const _ of req) void _;
      this.calls++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${this.calls}` }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Three desk processes on one PostgreSQL schema, and what tests say to them. */
interface Cluster {
  desks: DeskProcess[];
  urls: string[];
  store: PostgresStore;
}

const connector = new FakeConnector();
let configDir: string;
let cluster: Cluster | undefined;

beforeAll(async () => {
  await connector.start();
  configDir = await mkdtemp(join(tmpdir(), 'agentdesk-multi-'));
  // The shipped desk configuration with short deadlines, so RONA comes within the test.
  const desk = JSON.parse(await readFile(join(ROOT, 'config/desk.json'), 'utf8'));
  desk.timeouts = { ...desk.timeouts, ronaSeconds: 5, consultSeconds: 20 };
  await writeFile(join(configDir, 'desk.json'), JSON.stringify(desk));
});
afterEach(async () => {
  for (const desk of cluster?.desks ?? []) desk.child.kill('SIGKILL');
  cluster = undefined;
  await cleanUpStores();
});
afterAll(async () => {
  await connector.stop();
  await rm(configDir, { recursive: true, force: true });
});

async function startCluster(count = 3): Promise<Cluster> {
  const schema = freshSchema();
  const store = await openTestStore(schema);
  const env = {
    PORT: '0',
    STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: '4',
    DESK_CONFIG_FILE: join(configDir, 'desk.json'),
    PLATFORM_SECRET: SECRET,
    LOG_LEVEL: 'info',
  };
  const desks = Array.from({ length: count }, () => startDeskProcess(env));
  const urls = await Promise.all(desks.map((d) => d.started()));
  cluster = { desks, urls, store };
  return cluster;
}

function activity(agentId: string, type: string, extra: Record<string, unknown>) {
  return {
    type,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: `29:${agentId}`, aadObjectId: agentId, name: agentId },
    recipient: { id: '28:bot' },
    conversation: { id: `personal-${agentId}`, conversationType: 'personal', tenantId: 't1' },
    ...extra,
  };
}
async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}
const press = (url: string, agentId: string, verb: string, data: Record<string, unknown>) =>
  post(url, activity(agentId, 'invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }));
const install = (url: string, agentId: string) => post(url, activity(agentId, 'installationUpdate', { action: 'add' }));
async function event(url: string, body: Record<string, unknown>): Promise<number> {
  const text = JSON.stringify(body);
  const response = await fetch(`${url}/api/platform/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, text, new Date()) },
    body: text,
  });
  await response.text();
  return response.status;
}
async function record<T>(store: PostgresStore, key: string): Promise<T | undefined> {
  return (await store.read([key])).get(key)?.value as T | undefined;
}
async function available(c: Cluster, agentId: string, at: number): Promise<void> {
  const url = c.urls[at % c.urls.length]!;
  expect(await install(url, agentId)).toBe(200);
  expect(await press(url, agentId, 'phone.set', { phone: '+4512345678' })).toBe(200);
  expect(await press(url, agentId, 'status.set', { state: 'Available' })).toBe(200);
}
const lines = (c: Cluster, event: string) =>
  c.desks.flatMap((d) =>
    d
      .output()
      .split('\n')
      .filter((l) => l.includes(`"event":"${event}"`)),
  );

describe('several desk instances on one PostgreSQL (issue: scale-out)', () => {
  it('XFER-2: a queue transfer accepted by 20 agents at once, spread over 3 instances, has exactly 1 winner', async () => {
    const c = await startCluster();
    await available(c, 'owner', 0);
    const agents = Array.from({ length: 20 }, (_, i) => `q${i}`);
    for (const [i, id] of agents.entries()) await available(c, id, i);
    expect(
      await event(c.urls[0]!, {
        id: 'x-offer',
        type: 'contact.offered',
        contact: { id: 'call', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', agentId: 'owner' },
      }),
    ).toBe(202);
    expect(await event(c.urls[1]!, { id: 'x-answer', type: 'contact.answered', contactId: 'call' })).toBe(202);
    expect(await press(c.urls[2]!, 'owner', 'contact.direct', { contactId: 'call', mode: 'transfer', via: 'queue', queueTarget: 'queue:billing' })).toBe(200);
    const offered = await record<Contact>(c.store, 'contact/call');
    expect(offered?.consult?.offeredTo.length).toBeGreaterThanOrEqual(19);
    await Promise.all(agents.map((id, i) => press(c.urls[i % 3]!, id, 'consult.accept', { contactId: 'call' })));
    const call = await record<Contact>(c.store, 'contact/call');
    expect(call?.agentId).toMatch(/^q\d+$/);
    const engaged = [];
    for (const id of agents) if ((await record<Agent>(c.store, `agent/${id}`))?.state === 'Engaged') engaged.push(id);
    expect(engaged).toEqual([call?.agentId]);
  }, 180_000);

  it('ST-6: with 3 instances a RONA deadline fires exactly once, and still fires when the instance that set it is killed', async () => {
    const c = await startCluster();
    await available(c, 'slow', 0);
    expect(
      await event(c.urls[0]!, {
        id: 'r-offer',
        type: 'contact.offered',
        contact: { id: 'chat-1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane', agentId: 'slow' },
      }),
    ).toBe(202);
    await waitFor(async () => (await record<Agent>(c.store, 'agent/slow'))?.state === 'RONA', 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(lines(c, 'contact.rona')).toHaveLength(1);
    expect((await record<Contact>(c.store, 'contact/chat-1'))?.declinedBy).toEqual(['slow']);

    // The instance that commits an offer schedules its deadline; kill it, and another fires it from the store.
    expect(await event(c.urls[1]!, { id: 'r-end', type: 'contact.ended', contactId: 'chat-1', by: 'customer' })).toBe(202);
    await available(c, 'second', 1);
    expect(
      await event(c.urls[0]!, {
        id: 'r-offer-2',
        type: 'contact.offered',
        contact: { id: 'chat-2', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jo', agentId: 'second' },
      }),
    ).toBe(202);
    c.desks[0]!.child.kill('SIGKILL');
    await waitFor(async () => (await record<Agent>(c.store, 'agent/second'))?.state === 'RONA', 40_000);
    const fired = () =>
      c.desks.slice(1).flatMap((d) =>
        d
          .output()
          .split('\n')
          .filter((l) => l.includes('"event":"contact.rona"') && l.includes('chat-2')),
      );
    // The log line follows the commit by a moment.
    await waitFor(async () => fired().length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(fired()).toHaveLength(1);
  }, 180_000);

  it('a SIGKILL of one instance under a status-change load loses no accepted change; the conflict-retry rate is reported', async () => {
    const c = await startCluster();
    const agents = Array.from({ length: 12 }, (_, i) => `load${i}`);
    for (const [i, id] of agents.entries()) {
      await install(c.urls[i % 3]!, id);
      await press(c.urls[i % 3]!, id, 'phone.set', { phone: '+4512345678' });
    }
    const accepted = new Map<string, string>();
    let stop = false;
    const worker = async (id: string, offset: number) => {
      for (let n = 0; !stop; n++) {
        const state = n % 2 === 0 ? 'Available' : 'Break';
        const url = c.urls[(n + offset) % 3]!;
        const status = await press(url, id, 'status.set', { state }).catch(() => 0);
        if (status === 200) accepted.set(id, state);
      }
    };
    const running = agents.map((id, i) => worker(id, i));
    await new Promise((r) => setTimeout(r, 2000));
    c.desks[1]!.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await Promise.all(running);
    for (const id of agents) expect((await record<Agent>(c.store, `agent/${id}`))?.state, id).toBe(accepted.get(id));
    // The survivors say how often a commit lost a version race and was tried again.
    for (const desk of [c.desks[0]!, c.desks[2]!]) desk.child.kill('SIGTERM');
    await Promise.all([c.desks[0]!.exited, c.desks[2]!.exited]);
    const stats = lines(c, 'desk.stats').map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { commits: number; conflicts: number });
    const commits = stats.reduce((n, s) => n + s.commits, 0);
    const conflicts = stats.reduce((n, s) => n + s.conflicts, 0);
    expect(commits).toBeGreaterThan(50);
    console.log(`multi-instance status load: ${commits} commits, ${conflicts} conflict retries (${((100 * conflicts) / commits).toFixed(2)}%)`);
  }, 180_000);
});
