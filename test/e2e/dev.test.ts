import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, goAvailable, ROOT } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { openPlayground, type PlaygroundSession } from './playground.js';
import { waitFor } from '../support/wait-for.js';

/** Every process below `pid`, found through /proc (the test runs on Linux). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (in parentheses) may contain spaces: the parent pid is the second field after it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone between readdir and read.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0 until its parent reaps it; it runs nothing any more.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('npm run dev (the README’s first command)', () => {
  let teams: PlaygroundSession | undefined;
  let dir = '';
  afterAll(async () => {
    await teams?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts the bot and the Playground, a person going Available gets a simulated contact request, and Ctrl+C leaves no process behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdesk-dev-'));
    const [botPort, playgroundPort] = [await freePort(), await freePort()];
    const started = Date.now();
    let output = '';
    const dev = spawn('npm', ['run', 'dev'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(botPort),
        PLAYGROUND_PORT: String(playgroundPort),
        DATA_FILE: join(dir, 'dev.json'),
        SIMULATOR_INTERVAL_SECONDS: '2',
        // A machine without a desktop, as in CI: the Playground must not try to open a browser.
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, like a terminal's foreground job: Ctrl+C goes to every process in it.
      detached: true,
    });
    dev.stdout!.on('data', (chunk) => (output += chunk));
    dev.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((done) => dev.on('exit', () => done()));
    try {
      await waitFor(() => /Ctrl\+C stops the bot and the Playground/.test(output), 120_000, `the printed block; output so far:\n${output}`);
      const url = /Open (http:\/\/localhost:\d+) /.exec(output)?.[1];
      expect(url).toBe(`http://localhost:${playgroundPort}`);
      expect(output).toContain('Type  status  and press Enter');
      expect(output).toContain('Contact requests arrive within about 2 seconds once you are Available');
      // Readable lines, not JSON, with a turn id.
      expect(output).toMatch(/INFO: desk\.started/);

      teams = await openPlayground({ url: url!, artifactsDir: join(ARTIFACTS, 'dev') });
      await teams.waitForText('Welcome to AgentDesk', 30_000);
      await goAvailable(teams, '+45 20 30 40 50');
      await teams.waitForText('Contact requests', 30_000);
      await teams.screenshot('01-first-contact-request');
      process.stdout.write(`npm run dev: first contact-request card ${((Date.now() - started) / 1000).toFixed(1)} s after the command\n`);
      expect(output).toMatch(/INFO: platform\.event \{"turn":"[\w-]{8}"/);

      const tree = [dev.pid!, ...descendants(dev.pid!)];
      // npm, its shell, the runner, the bot and the Playground at least.
      expect(tree.length).toBeGreaterThanOrEqual(5);
      process.kill(-dev.pid!, 'SIGINT');
      await exited;
      await waitFor(() => tree.every((pid) => !alive(pid)), 20_000, `every process to end: ${tree.filter(alive).join(', ')}`);
      expect(output).toContain('desk.stopped');
      expect(await fetch(`http://127.0.0.1:${botPort}/healthz`).catch(() => undefined)).toBeUndefined();
      expect(await fetch(`${url}/`).catch(() => undefined)).toBeUndefined();
    } finally {
      for (const pid of [dev.pid!, ...descendants(dev.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
