/**
 * End-to-end harness for the Microsoft 365 Agents Playground (local Teams emulator),
 * driven with playwright-core and Debian's Chromium.
 *
 * Facts this relies on (checked with @microsoft/m365agentsplayground 0.2.28):
 * - The playground prints `Listening on <port>` on stdout once its HTTP server is up; if the
 *   requested port is taken it silently falls back to a random port, so we check the number.
 * - Every page open makes the web client POST `/_conversation/.../installation`, which sends
 *   `installationUpdate` and `conversationUpdate` (from `currentUser.id`) to the bot.
 * - The web client talks to its server over HTTP: `/_conversation/v1/conversations/<id>/messages`
 *   for typed messages, `/_conversation/v1/invoke` for Action.Execute (`/v1/submit` for Action.Submit).
 *   We wait for those responses, so a step returns after the bot answered (a bot error surfaces as 502).
 * - An `adaptiveCard/action` invoke answered with a card replaces that card in place.
 * - Chat history lives in the page: a reload shows an empty chat and re-sends the two activities.
 * - Locale is hard-coded to `en-US` in every activity the playground generates (no yml field,
 *   CLI flag or UI for it). `locale` here is done by a tiny loopback proxy in front of the bot
 *   that rewrites `activity.locale` and the `clientInfo` entity's `locale`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';

/** One signed-in person in the Playground (`currentUser` of `.m365agentsplayground.yml`). */
export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
  userPrincipalName: string;
}

/** Options for {@link startPlayground}. */
export interface PlaygroundOptions {
  /** Bot messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Port for the Playground's web UI and mock connector (must be free). */
  port: number;
  /** The signed-in person for this instance. */
  user: PlaygroundUser;
  /** Working directory for the Playground (yml, `devTools/` log). Created if missing. */
  workDir: string;
  /** Directory for screenshots. Created if missing. */
  artifactsDir: string;
  /** Locale put into every activity (`activity.locale` + clientInfo entity) via a rewrite proxy; default `en-US` (no proxy). */
  locale?: string;
  /** Other people in the yml `users` (at most 5; padded with fillers to exactly 5, ids unique). */
  otherUsers?: PlaygroundUser[];
  /** Time limit for process start + chat UI ready, ms (default 60000). */
  startTimeoutMs?: number;
  /** Browser viewport (default 1400x900). */
  viewport?: { width: number; height: number };
}

/** A running Playground + headless Chromium page, with chat helpers. */
export interface PlaygroundSession {
  /** The Playwright page showing the Playground. */
  page: Page;
  /** Base URL of the Playground, e.g. `http://127.0.0.1:56150`. */
  url: string;
  /** `serviceUrl` the Playground puts into activities (`http://localhost:<port>/_connector`). */
  serviceUrl: string;
  /** Milliseconds from spawn to chat UI ready. */
  startupMs: number;
  /** Type text into the message box, press Enter, and wait until the Playground accepted it. */
  sendText(text: string): Promise<void>;
  /** Wait until text (substring or RegExp) is visible in one of the latest chat messages (default 15s, last 10 messages). */
  waitForText(text: string | RegExp, timeoutMs?: number, lastMessages?: number): Promise<void>;
  /** Press an Adaptive Card button (string = exact title) in the last card that has it; for Action.Execute/Submit waits for the round trip. */
  clickCardButton(name: string | RegExp): Promise<void>;
  /** Pick an option of a compact (dropdown) Input.ChoiceSet, found by its label, in the last card that has it. */
  chooseInCard(inputLabel: string | RegExp, optionTitle: string): Promise<void>;
  /** Save a full-page PNG into artifactsDir; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Close the browser, kill the Playground process group and the proxy. Never throws, bounded in time. */
  stop(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** The message box of the chat. */
const EDITOR = '[data-lexical-editor="true"]';
/** One chat message (bot or user): the element whose direct child is the message header. */
const MESSAGE = 'div:has(> [aria-label="Message header"])';
/** One rendered Adaptive Card. */
const CARD = '.ac-adaptiveCard';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default filler people for the yml `users` list (the Playground wants at least 5). */
function fillerUsers(): PlaygroundUser[] {
  const names: Array<[string, string]> = [
    ['Megan', 'Bowen'],
    ['Adele', 'Vance'],
    ['Isaiah', 'Langer'],
    ['Patti', 'Fernandez'],
    ['Lynne', 'Robbins'],
  ];
  return names.map(([g, s], i) => ({
    id: `pg-filler-${i + 1}`,
    name: `${g} ${s}`,
    aadObjectId: `00000000-0000-0000-0000-0000000009${String(i + 1).padStart(2, '0')}`,
    givenName: g,
    surname: s,
    email: `${g.toLowerCase()}@example.com`,
    userPrincipalName: `${g.toLowerCase()}@example.com`,
  }));
}

function yamlString(v: string): string {
  return JSON.stringify(v); // JSON strings are valid YAML double-quoted scalars
}

function userYaml(u: PlaygroundUser, indent: string): string {
  return [
    `id: ${yamlString(u.id)}`,
    `name: ${yamlString(u.name)}`,
    `userPrincipleName: ${yamlString(u.userPrincipalName)}`, // sic: the Playground's spelling
    `aadObjectId: ${yamlString(u.aadObjectId)}`,
    `givenName: ${yamlString(u.givenName)}`,
    `surname: ${yamlString(u.surname)}`,
    `email: ${yamlString(u.email)}`,
  ]
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n');
}

/** Build the `.m365agentsplayground.yml` text for a current user (exported for tests). */
export function playgroundYaml(user: PlaygroundUser, otherUsers: PlaygroundUser[] = []): string {
  const seen = new Set<string>([user.id]);
  const users: PlaygroundUser[] = [];
  for (const u of [...otherUsers, ...fillerUsers()]) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    users.push(u);
  }
  if (otherUsers.filter((u) => u.id !== user.id).length > 5) {
    throw new Error('playgroundYaml: the Playground takes exactly 5 `users` besides currentUser; got more otherUsers');
  }
  users.length = 5; // schema: minItems 5, maxItems 5 (they are the group chat / team members)
  return [
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-000000000011',
    '  name: Test Bot',
    'currentUser:',
    `  ${userYaml(user, '  ')}`,
    'users:',
    ...users.map((u) => `  - ${userYaml(u, '    ')}`),
    'personalChat:',
    `  id: ${yamlString(`personal-${user.id}`)}`,
    'groupChat:',
    '  id: group-chat-id',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Race a promise against a timer; the timer never keeps the process alive. */
async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Loopback proxy that rewrites the locale of activities on their way to the bot. */
async function startLocaleProxy(target: string, locale: string): Promise<{ endpoint: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        const activity = JSON.parse(body.toString('utf8')) as {
          locale?: string;
          entities?: Array<{ type?: string; locale?: string }>;
        };
        activity.locale = locale;
        for (const e of activity.entities ?? []) if (e.type === 'clientInfo') e.locale = locale;
        body = Buffer.from(JSON.stringify(activity), 'utf8');
      } catch {
        /* not JSON: pass through untouched */
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      }
      fetch(target, { method: req.method ?? 'POST', headers, body, signal: AbortSignal.timeout(60_000) })
        .then(async (r) => {
          const out = Buffer.from(await r.arrayBuffer());
          const h: Record<string, string> = {};
          r.headers.forEach((v, k) => {
            if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) h[k] = v;
          });
          // (no chaining: restify patches http.ServerResponse and its writeHead returns undefined)
          res.writeHead(r.status, h);
          res.end(out);
        })
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`locale proxy: ${String(err)}`);
        });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${new URL(target).pathname}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Kill a detached child's whole process group: SIGTERM, then SIGKILL after 3 s. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit').then(() => true);
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // group already gone
  }
  const done = await Promise.race([exited, sleep(3000).then(() => false)]);
  if (!done) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(missing)';
  }
}

function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '_');
}

/** Start a Playground for one person against a bot, open it in headless Chromium, wait for the chat UI. */
export async function startPlayground(opts: PlaygroundOptions): Promise<PlaygroundSession> {
  const t0 = Date.now();
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const workDir = path.resolve(opts.workDir);
  const artifactsDir = path.resolve(opts.artifactsDir);
  await mkdir(workDir, { recursive: true });
  await mkdir(artifactsDir, { recursive: true });
  await writeFile(path.join(workDir, '.m365agentsplayground.yml'), playgroundYaml(opts.user, opts.otherUsers));
  const logFile = path.join(workDir, 'devTools', 'm365agentsplayground.log');
  await rm(logFile, { force: true });

  // A no-op xdg-open: the Playground tries to open a browser and exits when that fails.
  const binDir = path.join(workDir, '.pg-bin');
  await mkdir(binDir, { recursive: true });
  await writeFile(path.join(binDir, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  await chmod(path.join(binDir, 'xdg-open'), 0o755);

  // Parent-death watchdog preloaded into the Playground's node: if this test process dies without
  // calling stop() (SIGKILL, Ctrl-C of the runner), the Playground exits within a second.
  const watchdog = path.join(binDir, 'parent-watchdog.cjs');
  await writeFile(watchdog, 'const p = process.ppid;\nsetInterval(() => { if (process.ppid !== p) process.exit(0); }, 1000).unref();\n');

  if (await httpOk(`http://127.0.0.1:${opts.port}/`)) {
    throw new Error(`startPlayground: port ${opts.port} is already serving HTTP (another Playground?)`);
  }

  const proxy = opts.locale ? await startLocaleProxy(opts.botEndpoint, opts.locale) : undefined;
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'agentsplayground');
  if (!existsSync(bin)) throw new Error(`startPlayground: ${bin} not found (npm ci?)`);
  const args = ['start', '-e', proxy?.endpoint ?? opts.botEndpoint, '-c', 'msteams', '--dt', '-p', String(opts.port)];
  const child = spawn(bin, args, {
    cwd: workDir,
    env: {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(watchdog)}`.trim(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() can kill everything it started
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const killOnExit = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', killOnExit);

  let browser: PlaygroundSession | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await browser?.stop();
      await killGroup(child).catch(() => undefined);
      process.removeListener('exit', killOnExit);
      proxy?.close();
    })());

  const fail = async (why: string): Promise<never> => {
    const state =
      child.exitCode !== null || child.signalCode !== null
        ? `playground process exited (code ${child.exitCode}, signal ${child.signalCode})`
        : 'playground process was running';
    why = `${why} [${state}]`;
    const log = await tail(logFile);
    await stop();
    throw new Error(
      `startPlayground: ${why}\n--- ${logFile} (tail) ---\n${log}\n--- stderr (tail) ---\n${stderr.slice(-3000)}` +
        `\n--- stdout (tail) ---\n${stdout.slice(-2000)}`,
    );
  };

  // 1. Process ready: it says "Listening on <port>" and answers HTTP on that port.
  const url = `http://127.0.0.1:${opts.port}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`process exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    if (Date.now() - t0 > startTimeoutMs) return fail(`not listening after ${startTimeoutMs} ms`);
    const m = /Listening on (\d+)/.exec(stdout);
    if (m && Number(m[1]) !== opts.port) return fail(`port ${opts.port} was busy; it fell back to ${m[1]}`);
    if (m && (await httpOk(`${url}/`))) break;
    await sleep(200);
  }

  // 2. Browser + page, chat UI ready (message box visible and editable).
  try {
    browser = await openPlayground({ url, artifactsDir, viewport: opts.viewport, timeoutMs: Math.max(5_000, startTimeoutMs - (Date.now() - t0)) });
  } catch (err) {
    return fail(String(err));
  }
  return { ...browser, startupMs: Date.now() - t0, stop };
}

/** Options for {@link openPlayground}. */
export interface OpenPlaygroundOptions {
  /** Base URL of a running Playground, e.g. `http://127.0.0.1:56150`. */
  url: string;
  /** Directory for screenshots. Created if missing. */
  artifactsDir: string;
  /** Browser viewport (default 1400x900). */
  viewport?: { width: number; height: number } | undefined;
  /** Time limit for the chat UI to be ready, ms (default 60000). */
  timeoutMs?: number;
}

/** Open a Playground that is already running (its own or `npm run dev`'s) in headless Chromium; stop() closes only the browser. */
export async function openPlayground(opts: OpenPlaygroundOptions): Promise<PlaygroundSession> {
  const t0 = Date.now();
  const url = opts.url.replace(/\/$/, '');
  const startTimeoutMs = opts.timeoutMs ?? 60_000;
  const artifactsDir = path.resolve(opts.artifactsDir);
  await mkdir(artifactsDir, { recursive: true });
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (context) await withTimeout(context.close(), 10_000, 'browser close').catch(() => undefined);
      if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    })());
  const fail = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`openPlayground(${url}): ${why}`);
  };

  // The chat UI is ready when the message box is visible and editable.
  try {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'pg-chromium-'));
    context = await withTimeout(
      chromium.launchPersistentContext(profileDir, {
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: opts.viewport ?? { width: 1400, height: 900 },
        timeout: 30_000,
      }),
      35_000,
      'chromium launch',
    );
  } catch (err) {
    return fail(`Chromium did not start: ${String(err)}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  try {
    const left = Math.max(5_000, startTimeoutMs - (Date.now() - t0));
    await page.goto(`${url}/`, { waitUntil: 'domcontentloaded', timeout: left });
    await page.locator(EDITOR).waitFor({ state: 'visible', timeout: left });
    await page.locator(EDITOR).and(page.locator('[contenteditable="true"]')).waitFor({ timeout: 5_000 });
  } catch (err) {
    await page.screenshot({ path: path.join(artifactsDir, 'startup-failure.png') }).catch(() => undefined);
    return fail(`chat UI not ready: ${String(err)}`);
  }
  const startupMs = Date.now() - t0;

  const messages = (): Locator => page.locator(MESSAGE);
  /** The last rendered card containing `inner` (a page-relative locator, re-evaluated inside each card). */
  const lastCardWith = (inner: Locator): Locator => page.locator(CARD).filter({ has: inner }).last();

  const waitForInternal = (pathPart: string, timeoutMs: number): Promise<Response> =>
    page.waitForResponse((r) => r.url().includes('/_conversation/') && r.url().includes(pathPart) && r.request().method() === 'POST', {
      timeout: timeoutMs,
    });

  const session: PlaygroundSession = {
    page,
    url,
    serviceUrl: `http://localhost:${new URL(url).port}/_connector`,
    startupMs,

    async sendText(text) {
      const box = page.locator(EDITOR);
      await box.click();
      await box.fill(text);
      const sent = waitForInternal('/messages', 30_000);
      await box.press('Enter');
      const res = await sent;
      if (!res.ok()) throw new Error(`sendText(${JSON.stringify(text)}): Playground answered ${res.status()}`);
      // the box empties once the message is posted
      await page.waitForFunction(
        (sel) => {
          const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document;
          return (d.querySelector(sel)?.textContent ?? '').trim() === '';
        },
        EDITOR,
        { timeout: 5_000 },
      );
    },

    async waitForText(text, timeoutMs = 15_000, lastMessages = 10) {
      const pattern = typeof text === 'string' ? { s: text } : { re: text.source, flags: text.flags };
      try {
        await page.waitForFunction(
          ({ sel, pattern, n }) => {
            type El = { innerText: string };
            const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
            const all = Array.from(d.querySelectorAll(sel));
            const recent = all.slice(-n);
            const re = 're' in pattern && pattern.re !== undefined ? new RegExp(pattern.re, pattern.flags) : undefined;
            return recent.some((m) => (re ? re.test(m.innerText) : m.innerText.includes(pattern.s ?? '')));
          },
          { sel: MESSAGE, pattern, n: lastMessages },
          { timeout: timeoutMs, polling: 100 },
        );
      } catch (err) {
        const recent = await messages()
          .evaluateAll((els, n) => els.slice(-n).map((e) => (e as unknown as { innerText: string }).innerText), 3)
          .catch(() => []);
        throw new Error(
          `waitForText(${String(text)}) not seen in the last ${lastMessages} messages within ${timeoutMs} ms. ` +
            `Last messages:\n${recent.map((t) => `  > ${t.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n')}\n(${String(err).split('\n')[0]})`,
        );
      }
    },

    async clickCardButton(name) {
      const role = typeof name === 'string' ? { name, exact: true } : { name };
      // Action.OpenUrl buttons carry role="link"; all other actions role="button".
      const anyButton = (scope: Page | Locator): Locator => scope.getByRole('button', role).or(scope.getByRole('link', role));
      const button = anyButton(lastCardWith(anyButton(page))).last();
      await button.waitFor({ state: 'visible' });
      // Action.Execute -> POST /_conversation/v1/invoke, Action.Submit -> /v1/submit; others (OpenUrl...) send nothing.
      const posted = page
        .waitForRequest((r) => r.method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)/.test(r.url()), { timeout: 3_000 })
        .catch(() => undefined);
      await button.click();
      const req = await posted;
      const res = req ? await withTimeout(req.response(), 30_000, `clickCardButton(${String(name)}) invoke`) : undefined;
      if (res && !res.ok()) throw new Error(`clickCardButton(${String(name)}): Playground answered ${res.status()}`);
      // let the card re-render (progress bar on the card goes away)
      await page
        .locator('.fai-OutputCard [role="progressbar"]:visible')
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => undefined);
    },

    async chooseInCard(inputLabel, optionTitle) {
      // Compact ChoiceSets render as a Fluent combobox (an <input role="combobox"> named by the
      // card label via aria-labelledby); the options open in a popup listbox outside the card.
      const combo = lastCardWith(page.getByRole('combobox', { name: inputLabel }))
        .getByRole('combobox', { name: inputLabel })
        .last();
      await combo.click();
      const option = page.getByRole('option', { name: optionTitle, exact: true }).first();
      await option.waitFor({ state: 'visible', timeout: 5_000 });
      await option.click();
      const deadline = Date.now() + 5_000;
      while ((await combo.inputValue()) !== optionTitle) {
        if (Date.now() > deadline) {
          throw new Error(`chooseInCard(${String(inputLabel)}): shows ${JSON.stringify(await combo.inputValue())}, wanted ${JSON.stringify(optionTitle)}`);
        }
        await sleep(100);
      }
    },

    async screenshot(name) {
      const file = path.join(artifactsDir, `${safeName(name)}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 15_000 });
      return file;
    },

    stop,
  };
  return session;
}
