import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import shipped from '../config/desk.json' with { type: 'json' };
import { createApp, type DeskApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { parseDeskConfig } from '../src/desk-config.js';
import { createLog } from '../src/log.js';
import { signedHeaders } from '../src/platform/signature.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { openStore } from '../src/store/open-store.js';
import type { StorePort } from '../src/store/store-port.js';
import { createHttpClient, forEachBounded, type HttpClient, type HttpResult } from './load.js';
import { dropSchema, freshSchema } from './postgres.js';

/** A synthetic agent: a Teams user with an Entra object id and a personal chat with the bot. */
export interface BenchAgent {
  index: number;
  userId: string;
  aadObjectId: string;
  name: string;
  conversationId: string;
}

/** A desk started for the bench, with a client bound to it. */
export interface BenchDesk {
  url: string;
  app: DeskApp;
  client: HttpClient;
  /** The lowdb desk's data file (also set, unused, for the other stores). */
  dataFile: string;
  /** The PostgreSQL desk's schema, dropped by `stop()`. */
  schema?: string;
  /** Stops the app but keeps its store; `url`, `app` and `client` are unusable until `wake()`. */
  sleep(): Promise<void>;
  /** While asleep: writes records straight into the desk's store, through the store port. */
  seed(write: (store: StorePort) => Promise<void>): Promise<void>;
  /** Starts the app again on the same store (a new port: read `url` afresh). */
  wake(): Promise<void>;
  /** Stops the app and removes its data. */
  stop(): Promise<void>;
}

/** Which store backs a bench desk. */
export type BenchStore = 'memory' | 'lowdb' | 'postgres';

/** How to start a bench desk beyond its store. */
export interface BenchDeskOptions {
  /** Settings as the environment would give them. */
  env?: Record<string, string>;
  /** The PostgreSQL server, required with the `postgres` store; the desk gets a schema of its own there. */
  databaseUrl?: string;
  /** Sends per second the desk allows itself for the whole tenant, instead of the shipped configuration's. */
  perTenantPerSecond?: number;
}

const ROOT = resolve(import.meta.dirname, '..');

/** `count` agents with distinct ids; `tag` keeps sets of different scenarios apart. */
export function benchAgents(count: number, tag: number): BenchAgent[] {
  return Array.from({ length: count }, (_, index) => {
    const suffix = `${tag.toString(16).padStart(4, '0')}${index.toString(16).padStart(8, '0')}`;
    const userId = `29:bench-${tag}-${index}`;
    return {
      index,
      userId,
      aadObjectId: `b0000000-0000-4000-8000-${suffix}`,
      name: `Bench Agent ${index}`,
      conversationId: `personal-${userId}`,
    };
  });
}

let activitySeq = 0;

/** An activity from `agent` in their personal chat, shaped like Teams sends it. */
export function agentActivity(agent: BenchAgent, serviceUrl: string, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    id: `bench-act-${++activitySeq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: agent.userId, name: agent.name, aadObjectId: agent.aadObjectId },
    recipient: { id: '28:agentdesk', name: 'AgentDesk' },
    conversation: { id: agent.conversationId, conversationType: 'personal', tenantId: 'tenant-bench' },
    ...extra,
  };
}

/** An `adaptiveCard/action` invoke of `verb` with `data`, as a card button sends it. */
export function cardInvoke(agent: BenchAgent, serviceUrl: string, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return agentActivity(agent, serviceUrl, 'invoke', {
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

/** True when an invoke answered with a card (HTTP 200 and an inner statusCode 200). */
export function invokeSucceeded(status: number, text: string): boolean {
  if (status !== 200) return false;
  // The load driver shares the bot's process: skip parsing a whole card when the prefix already says 200.
  if (text.startsWith('{"statusCode":200,')) return true;
  try {
    return (JSON.parse(text) as { statusCode?: number }).statusCode === 200;
  } catch {
    return false;
  }
}

/**
 * Starts the real app on an ephemeral loopback port, silent, with the memory,
 * lowdb or PostgreSQL store (STORE=postgres as in production: a pool and the
 * LISTEN/NOTIFY bus, in a schema of its own that `stop()` drops).
 */
export async function startBenchDesk(store: BenchStore, options: BenchDeskOptions = {}): Promise<BenchDesk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'agentdesk-bench-'));
  const dataFile = join(dataDir, 'desk.json');
  let schema: string | undefined;
  const stores: Record<string, string> = { DATA_FILE: dataFile };
  if (store === 'postgres') {
    if (!options.databaseUrl) throw new Error('a postgres bench desk needs a databaseUrl');
    schema = freshSchema();
    Object.assign(stores, { STORE: 'postgres', DATABASE_URL: options.databaseUrl, DATABASE_SCHEMA: schema });
  }
  const dropAll = async () => {
    await rm(dataDir, { recursive: true, force: true });
    if (schema && options.databaseUrl) await dropSchema(options.databaseUrl, schema);
  };
  try {
    const config = loadConfig({ ...stores, MicrosoftAppId: '', LOG_LEVEL: 'silent', SIMULATOR: 'off', ...options.env }, ROOT);
    // A memory store outlives its app, so a desk that sleeps keeps its records on every store.
    const overrides = {
      ...(store === 'memory' ? { store: new MemoryStore() } : {}),
      ...(options.perTenantPerSecond ? { desk: parseDeskConfig({ ...shipped, messaging: { perTenantPerSecond: options.perTenantPerSecond } }, 'bench') } : {}),
    };
    const open = async () => {
      const app = await createApp(config, createLog('silent'), overrides);
      const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
      return { app, url, client: createHttpClient(url) };
    };
    let running: Awaited<ReturnType<typeof open>> | undefined = await open();
    const awake = () => {
      if (!running) throw new Error('the bench desk is asleep');
      return running;
    };
    const close = async () => {
      const was = running;
      running = undefined;
      if (!was) return;
      was.client.close();
      await was.app.stop(2000);
    };
    return {
      get url() {
        return awake().url;
      },
      get app() {
        return awake().app;
      },
      get client() {
        return awake().client;
      },
      dataFile,
      ...(schema ? { schema } : {}),
      sleep: close,
      async seed(write) {
        if (running) throw new Error('seed a bench desk while it sleeps: two openers of one lowdb file would overwrite each other');
        const port = await openStore(config);
        try {
          await write(port);
        } finally {
          await port.close();
        }
      },
      async wake() {
        running ??= await open();
      },
      async stop() {
        await close();
        await dropAll();
      },
    };
  } catch (error) {
    await dropAll();
    throw error;
  }
}

/** The size in bytes of a lowdb desk's data file (0 before its first write). */
export async function dataFileBytes(desk: BenchDesk): Promise<number> {
  return (await stat(desk.dataFile).catch(() => ({ size: 0 }))).size;
}

/** Posts a platform event to the desk's events API, signed with `secret` as the platform signs it (X-Desk-Signature). */
export function postEvent(client: HttpClient, secret: string, event: Record<string, unknown>): Promise<HttpResult> {
  const body = JSON.stringify(event);
  return client.post('/api/platform/events', body, signedHeaders(secret, body, new Date()));
}

/** What getting agents ready asks for beyond the install. */
export interface RegisterOptions {
  serviceUrl: string;
  /** Register a phone (`phone.set`, ST-5), so the agent may go Available. */
  phone?: boolean;
  /** Register a phone and go Available (`status.set`). */
  available?: boolean;
  concurrency?: number;
}

/**
 * Installs the app for every agent (the bot stores their conversation and
 * registers them), optionally registers a phone and goes Available; bounded concurrency.
 * Throws when a step is refused: setup must succeed for the figures to mean anything.
 */
export async function registerAgents(desk: BenchDesk, agents: readonly BenchAgent[], options: RegisterOptions): Promise<void> {
  const post = (activity: Record<string, unknown>) => desk.client.post('/api/messages', JSON.stringify(activity));
  await forEachBounded(agents, options.concurrency ?? 16, async (agent) => {
    const installed = await post(agentActivity(agent, options.serviceUrl, 'installationUpdate', { action: 'add' }));
    if (installed.status >= 300) throw new Error(`install of ${agent.userId} answered ${installed.status} ${installed.text.slice(0, 200)}`);
    // A failed install turn still answers 200 (the SDK swallows it), so check the agent was registered.
    if (!(await desk.app.service.agent(agent.aadObjectId))) throw new Error(`install of ${agent.userId} registered no agent`);
    if (!options.phone && !options.available) return;
    const phone = `+452${String(agent.index).padStart(7, '0')}`;
    const phoneSet = await post(cardInvoke(agent, options.serviceUrl, 'phone.set', { phone }));
    if (!invokeSucceeded(phoneSet.status, phoneSet.text))
      throw new Error(`phone.set for ${agent.userId} answered ${phoneSet.status} ${phoneSet.text.slice(0, 200)}`);
    if (!(await desk.app.service.agent(agent.aadObjectId))?.phone) throw new Error(`${agent.userId} has no phone after phone.set`);
    if (!options.available) return;
    const available = await post(cardInvoke(agent, options.serviceUrl, 'status.set', { state: 'Available' }));
    if (!invokeSucceeded(available.status, available.text))
      throw new Error(`status.set Available for ${agent.userId} answered ${available.status} ${available.text.slice(0, 200)}`);
    // A refusal still answers with a status card (showing the error), so check what was saved.
    const saved = await desk.app.service.agent(agent.aadObjectId);
    if (saved?.state !== 'Available') throw new Error(`${agent.userId} is ${saved?.state ?? 'unknown'} after status.set Available`);
  });
}
