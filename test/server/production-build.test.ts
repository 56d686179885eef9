import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'build-metrics-token-0123456789';

describe('the production build (npm run build, npm start)', () => {
  it('is one bundle in dist/ that needs no tsx, and tsx is a development dependency only', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.scripts.start).toMatch(/^node .*dist\/main\.js$/);
    const bundle = await readFile(join(ROOT, 'dist/main.js'), 'utf8');
    expect(bundle).not.toMatch(/from "tsx|import\("tsx/);
    // Card templates and strings travel inside the bundle; the admin's files are read from the project root.
    expect(bundle).toContain('requestsTitle: "Contact requests"');
  });

  it('npm start serves /healthz, /readyz, /metrics and a turn with JSON log lines and no warning, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-dist-'));
    let stdout = '';
    let stderr = '';
    // The start script's own command, as a process manager runs it (npm itself does not wait for its child on SIGTERM).
    const [command, ...args] = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts.start.split(' ');
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_FILE: join(dir, 'desk.json'), LOG_LEVEL: 'info', LOG_FORMAT: '', METRICS_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await waitFor(() => stdout.includes('desk.started'), 60_000, 'desk.started');
      const started = JSON.parse(stdout.split('\n').find((l) => l.includes('desk.started'))!);
      const base = started.url.replace('/api/messages', '');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
      // SUP-1: the customer page's script and stylesheet travel inside the bundle too.
      for (const asset of ['page.js', 'page.css']) expect((await fetch(`${base}/support/assets/${asset}`)).status).toBe(200);

      const invoke = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          from: { id: '29:dist', aadObjectId: 'dist-agent', name: 'Dist Agent' },
          recipient: { id: '28:bot' },
          conversation: { id: 'c-dist' },
          value: { action: { type: 'Action.Execute', verb: 'status.set', data: { state: 'Break' } } },
        }),
      });
      expect(invoke.status).toBe(200);
      // The card strings come out of the bundle: the answer is a rendered status card.
      expect(JSON.stringify(await invoke.json())).toContain('Your status');
      const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(metrics).toContain('agentdesk_turns_total{kind="invoke/adaptiveCard/action",outcome="ok"} 1');
      expect(metrics).toContain('agentdesk_agents{state="Break"} 1');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
      expect(lines.map((l) => JSON.parse(l).event)).toEqual(expect.arrayContaining(['desk.started', 'agent.statusChanged', 'desk.stopped']));
      const stored = JSON.parse(await readFile(join(dir, 'desk.json'), 'utf8'));
      expect(stored.records['agent/dist-agent'].value.state).toBe('Break');
      expect(stdout.split('\n').filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]);
      expect(JSON.parse(lines.find((l) => l.includes('agent.statusChanged'))!).turn).toMatch(/^[\w-]{8}$/);
      // No deprecation or other warning from our dependencies at start-up (restify's DEP0111 is silenced by the start script).
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
