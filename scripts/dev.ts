/**
 * `npm run dev`: the bot on its embedded defaults with the contact simulator on,
 * Microsoft 365 Agents Playground pointed at it, one short block saying what to
 * do first, and Ctrl+C stops both. Settings the bot reads from the environment
 * still apply (SIMULATOR_INTERVAL_SECONDS, LOG_LEVEL, DATA_FILE, PORT); the app
 * registration and platform ones are cleared: the Playground talks to an
 * anonymous bot, and the built-in simulators play the contact-center platform.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '..');
const READY_MS = 90_000;
// The bot finishes in-flight turns (up to 10 s) and flushes its store before it exits.
const STOP_MS = 12_000;

const botPort = Number(process.env.PORT || 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT || 56150);
const intervalSeconds = Number(process.env.SIMULATOR_INTERVAL_SECONDS || 20);
const endpoint = `http://127.0.0.1:${botPort}/api/messages`;
const workDir = join(root, 'data', 'playground');
// If this runner is killed outright, its children notice within a second and stop as if sent SIGTERM.
const watchdog = join(root, 'scripts', 'parent-watchdog.cjs');

const children: ChildProcess[] = [];
let stopping = false;

/** Stops both children (SIGTERM, then SIGKILL after STOP_MS) and exits with `code`. */
async function stop(code: number): Promise<never> {
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))));
  for (const child of running) child.kill('SIGTERM');
  await Promise.race([exited, sleep(STOP_MS)]);
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  process.exit(code);
}

function watch(child: ChildProcess, name: string, output: () => string): void {
  children.push(child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.\n${output()}`);
    void stop(1);
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_MS;
  while (!(await ready())) {
    if (stopping) await new Promise(() => {});
    if (Date.now() > deadline) {
      process.stderr.write(`${what} did not start within ${READY_MS / 1000} s.\n`);
      await stop(1);
    }
    await sleep(200);
  }
}

function startBot(): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: '',
    MicrosoftAppTenantId: '',
    DIRECTORY_SOURCE: '',
    SSO_CONNECTION_NAME: '',
    LOCAL_SIGNIN: '',
    // The built-in simulated platform takes the desk's commands; the contact simulator signs with a throwaway secret.
    PLATFORM_URL: '',
    PLATFORM_COMMAND_SECRET: '',
    PLATFORM_SECRET: '',
    // One local instance on its own lowdb file, whatever store a .env names.
    STORE: '',
    DATABASE_URL: '',
    HOST: '127.0.0.1',
    PORT: String(botPort),
    SIMULATOR: 'on',
    SIMULATOR_INTERVAL_SECONDS: String(intervalSeconds),
    LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    // Made-up contacts pile up while nobody is Available: keep them out of the desk's real data file.
    DATA_FILE: process.env.DATA_FILE || 'data/dev.json',
  };
  const args = ['--import', 'tsx', '--disable-warning=DEP0111', '--require', watchdog, 'src/main.ts'];
  watch(spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] }), 'The bot', () => '');
}

/** Starts the Playground; resolves with the port it really listens on (it moves to a random one when the port is taken). */
async function startPlayground(): Promise<number> {
  await mkdir(workDir, { recursive: true });
  const path = [process.env.PATH ?? ''];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    // No desktop to open a browser on: the Playground exits when xdg-open fails, so give it one that does nothing.
    const bin = join(workDir, '.bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
    await chmod(join(bin, 'xdg-open'), 0o755);
    path.unshift(bin);
  }
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const args = [cli, 'start', '-e', endpoint, '-c', 'msteams', '--dt', '-p', String(playgroundPort)];
  const child = spawn(process.execPath, args, {
    cwd: workDir,
    env: { ...process.env, PATH: path.join(delimiter), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(watchdog)}`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  watch(child, 'The Playground', () => `${output}\n(its log: ${join(workDir, 'devTools', 'm365agentsplayground.log')})\n`);
  let port = 0;
  await waitFor('The Playground', async () => {
    port = Number(/Listening on (\d+)/.exec(output)?.[1] ?? 0);
    return port > 0 && (await answers(`http://127.0.0.1:${port}/`));
  });
  return port;
}

function banner(port: number): string {
  const line = '─'.repeat(72);
  return [
    '',
    line,
    '  AgentDesk is running, with made-up contacts from the built-in simulator.',
    '',
    `  1. Open http://localhost:${port} (Microsoft 365 Agents Playground, Teams' local emulator).`,
    '  2. Type  status  and press Enter. On the card, save any phone number',
    '     (for example +45 20 30 40 50), then press Available.',
    `  3. Contact requests arrive within about ${intervalSeconds} seconds once you are Available.`,
    '',
    '  Ctrl+C stops the bot and the Playground.',
    line,
    '',
  ].join('\n');
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

startBot();
const port = await startPlayground();
await waitFor('The bot', () => answers(`http://127.0.0.1:${botPort}/healthz`));
process.stdout.write(banner(port));
