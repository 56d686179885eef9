import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/platform/signature.js';
import { ARTIFACTS, goAvailable, ROOT } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

const SECRET = 'built-e2e-platform-secret-012345';
const TOKEN = 'built-e2e-metrics-token-0123456';
const AGENT: PlaygroundUser = {
  id: 'pg-agent-ingrid',
  name: 'Ingrid Berg',
  aadObjectId: '3c1b2a4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  givenName: 'Ingrid',
  surname: 'Berg',
  email: 'ingrid.berg@contoso.example',
  userPrincipalName: 'ingrid.berg@contoso.example',
};

let bot: ChildProcess;
let base = '';
let dir = '';
let stdout = '';
let stderr = '';
let teams: PlaygroundSession;

beforeAll(async () => {
  // dist/ is built by the test run's global setup (npm run build); this is `npm start`'s command, run as a process manager would.
  dir = await mkdtemp(join(tmpdir(), 'agentdesk-built-'));
  const port = await freePort();
  const [, ...args] = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts.start.split(' ');
  bot = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_FILE: join(dir, 'desk.json'), PLATFORM_SECRET: SECRET, METRICS_TOKEN: TOKEN, LOG_FORMAT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (chunk) => (stdout += chunk));
  bot.stderr!.on('data', (chunk) => (stderr += chunk));
  base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > end || bot.exitCode !== null) throw new Error(`the built bot did not become ready:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  teams = await startPlayground({
    botEndpoint: `${base}/api/messages`,
    port: await freePort(),
    user: AGENT,
    workDir: join(dir, 'playground'),
    artifactsDir: join(ARTIFACTS, 'built'),
  });
});

afterAll(async () => {
  await teams?.stop();
  bot?.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the production build (node dist/main.js) in Teams (Agents Playground)', () => {
  it('PO-1: an agent goes Available and a contact offered through the platform API pops up; the operations surface saw it all', async () => {
    await teams.waitForText('Welcome to AgentDesk', 30_000);
    await goAvailable(teams, '+47 22 33 44 55');
    const body = JSON.stringify({
      id: 'built-evt-1',
      type: 'contact.offered',
      contact: { id: 'built-c-1', channel: 'email', kind: 'inbound', queue: 'billing', from: 'kari@example.com', variables: [] },
    });
    const offered = await fetch(`${base}/api/platform/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body, new Date()) },
      body,
    });
    expect(offered.status).toBe(202);
    await teams.waitForText('Contact requests');
    await teams.waitForText('Email · Billing');
    await teams.screenshot('01-request-from-the-build');

    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(metrics).toMatch(/^agentdesk_turns_total\{kind="message",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^agentdesk_turns_total\{kind="invoke\/adaptiveCard\/action",outcome="ok"\} [1-9]/m);
    expect(metrics).toContain('agentdesk_platform_events_total{status="202"} 1');
    expect(metrics).toMatch(/^agentdesk_card_deliveries_total\{outcome="ok"\} [1-9]/m);
    expect(metrics).toContain('agentdesk_agents{state="Available"} 1');

    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; turn?: string });
    const routed = lines.find((l) => l.event === 'contact.routed');
    expect(routed?.turn).toMatch(/^[\w-]{8}$/);
    expect(lines.find((l) => l.event === 'platform.event')?.turn).toBe(routed?.turn);
    expect(stdout).not.toContain('kari@example.com');
    expect(stderr).toBe('');
  });
});
