import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type AppOverrides, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StorePort } from '../../src/store/store-port.js';
import { signedHeaders } from '../../src/platform/signature.js';
import { FAKE_SERVICE_URL } from './bot-connector.js';

/** A person in a Teams personal chat with the bot. */
export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

/** The default agent of the bot tests. */
export const SOREN: TestUser = { id: '29:soren', aadObjectId: 'a0a0a0a0-0000-4000-8000-000000000001', name: 'Søren Kierkegaard' };

/** A running desk on loopback plus helpers that speak Bot Framework to it. */
export interface DeskUnderTest {
  app: DeskApp;
  url: string;
  logs: string[];
  /** Moves the desk's clock. */
  setNow(iso: string): void;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  message(text: string, options?: ActivityOptions): Promise<{ status: number; body: any }>;
  invoke(verb: string, data?: Record<string, unknown>, options?: ActivityOptions): Promise<{ status: number; body: any }>;
  /** Any other invoke (`signin/tokenExchange`, `composeExtension/query`...). */
  invokeNamed(name: string, value: unknown, options?: ActivityOptions): Promise<{ status: number; body: any }>;
  install(options?: ActivityOptions): Promise<{ status: number; body: any }>;
  /** Posts a platform event signed with `secret` at the desk's current time. */
  event(event: unknown, secret?: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** Per-activity choices: who sends it, in which language, with which token. */
export interface ActivityOptions {
  user?: TestUser;
  locale?: string;
  token?: string;
  /** The Bot Connector the activity comes from (default: the fake one). */
  serviceUrl?: string;
}

/** How to start a desk under test; everything is optional. */
export interface DeskOptions {
  /** Settings as the environment would give them. */
  env?: Record<string, string>;
  /** The store (default: a fresh memory store). */
  store?: StorePort;
  /** The desk clock's first reading (default 2026-11-20T09:00Z); `setNow` moves it. */
  startAt?: string;
  /** The project root the desk's files are found in (default: this repository). */
  rootDir?: string;
  /** Other parts to replace: where platform events go, the directory, its time limit. */
  overrides?: Omit<AppOverrides, 'store' | 'clock'>;
}

/** Starts the real app (real CloudAdapter, restify, bot) on an ephemeral port. */
export async function startDesk(options: DeskOptions = {}): Promise<DeskUnderTest> {
  const {
    env = {},
    store = new MemoryStore(),
    startAt = '2026-11-20T09:00:00.000Z',
    overrides = {},
    rootDir = resolve(import.meta.dirname, '../..'),
  } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'agentdesk-test-'));
  // Settings come from `env` only: a developer's .env (with an app id, say) must not change what a test sees.
  const config = loadConfig({ DATA_FILE: join(dataDir, 'desk.json'), ...env }, rootDir, { dotEnv: false });
  const logs: string[] = [];
  let now = new Date(startAt);
  const app = await createApp(
    config,
    createLog('debug', (line) => logs.push(line)),
    { ...overrides, store, clock: () => now },
  );
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      // A turn that never answers fails its test in seconds, not at the test's time limit.
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    // Proactive cards go out after the answer: a test reads them once the deliveries the turn started are done.
    await app.outbox.settled();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text so the test can show it.
    }
    return { status: response.status, body: parsed as any };
  };
  const activity = (type: string, extra: Record<string, unknown>, options: ActivityOptions = {}) => {
    const user = options.user ?? SOREN;
    const body = {
      type,
      id: `act-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: options.serviceUrl ?? FAKE_SERVICE_URL,
      timestamp: now.toISOString(),
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:agentdesk', name: 'AgentDesk' },
      conversation: { id: `personal-${user.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
      ...(options.locale ? { locale: options.locale } : {}),
      ...extra,
    };
    return post(body, options.token ? { authorization: `Bearer ${options.token}` } : {});
  };
  return {
    app,
    url,
    logs,
    setNow: (iso) => {
      now = new Date(iso);
    },
    post,
    message: (text, options) => activity('message', { text }, options),
    invoke: (verb, data = {}, options) =>
      activity('invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }, options),
    invokeNamed: (name, value, options) => activity('invoke', { name, value }, options),
    install: (options) => activity('installationUpdate', { action: 'add' }, options),
    async event(event, secret = env.PLATFORM_SECRET ?? '') {
      const body = JSON.stringify(event);
      const response = await fetch(`${url}/api/platform/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(secret, body, now) },
        body,
      });
      const text = await response.text();
      await app.outbox.settled();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      await app.stop(2000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** All TextBlock texts of a card, in order: what a person reads. */
export function cardTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
    if (record.type === 'Fact' || ('title' in record && 'value' in record && !('type' in record))) texts.push(`${record.title}: ${record.value}`);
    for (const v of Object.values(record)) walk(v);
  };
  walk(card);
  return texts;
}

/** The Action.Execute buttons of a card with their verb, data and whether they are enabled. */
export function cardActions(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown>; enabled: boolean }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown>; enabled: boolean }> = [];
  const walk = (node: unknown, inRefresh: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, inRefresh);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && !inRefresh) {
      found.push({
        title: String(record.title),
        verb: String(record.verb),
        data: (record.data ?? {}) as Record<string, unknown>,
        enabled: record.isEnabled !== false,
      });
    }
    for (const [key, value] of Object.entries(record)) walk(value, inRefresh || key === 'refresh');
  };
  walk(card, false);
  return found;
}

/** The card of the first attachment of an activity the bot sent. */
export function cardOf(activity: Record<string, unknown> | undefined): Record<string, any> {
  const attachments = (activity?.attachments ?? []) as Array<{ contentType: string; content: Record<string, any> }>;
  const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 200)}`);
  return card.content;
}
