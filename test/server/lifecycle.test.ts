import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Starts `src/main.ts` from source as `npm run dev` does (node with tsx's loader: one process, so a signal
 * reaches the bot itself and not a relaying parent), with its own data file and port.
 */
function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const args = ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

// A busy 2-core machine takes 20 s and more to start the desk from source.
async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the process (src/main.ts)', () => {
  it('serves /healthz, handles a turn, and on SIGTERM finishes, flushes the store and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-proc-'));
    const dataFile = join(dir, 'desk.json');
    const run = startProcess({ PORT: '0', DATA_FILE: dataFile, LOG_LEVEL: 'info' });
    try {
      await waitFor(() => run.output().includes('desk.started'), 60_000);
      const url = JSON.parse(
        run
          .output()
          .split('\n')
          .find((l) => l.includes('desk.started'))!,
      ).url.replace('/api/messages', '');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      const invoke = fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          from: { id: '29:p', aadObjectId: 'proc-agent', name: 'Proc Agent' },
          recipient: { id: '28:bot' },
          conversation: { id: 'c-proc' },
          value: { action: { type: 'Action.Execute', verb: 'status.set', data: { state: 'Break' } } },
        }),
      });
      expect((await invoke).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('desk.stopped');
      const stored = JSON.parse(await readFile(dataFile, 'utf8'));
      expect(stored.records['agent/proc-agent'].value.state).toBe('Break');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 90_000);

  it('LOG_FORMAT=pretty writes readable lines (npm run dev) instead of JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-proc-'));
    const run = startProcess({ PORT: '0', DATA_FILE: join(dir, 'desk.json'), LOG_FORMAT: 'pretty' });
    try {
      await waitFor(() => run.output().includes('desk.started'), 60_000);
      const line = run
        .output()
        .split('\n')
        .find((l) => l.includes('desk.started'))!;
      expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: desk\.started \{"url":"http:\/\/127\.0\.0\.1:\d+\/api\/messages"/);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 90_000);

  it('an invalid setting stops start-up with one line and exit code 1', async () => {
    const run = startProcess({ PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(
      run
        .output()
        .trim()
        .split('\n')
        .filter((l) => !l.includes('nodedir')),
    ).toEqual(['AgentDesk cannot start: PORT: must be a port number from 0 to 65535 (0 picks a free port) (got "eighty")']);
  }, 30_000);

  it('a corrupted data file stops start-up with one line and is left as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-proc-'));
    const dataFile = join(dir, 'desk.json');
    await writeFile(dataFile, '{"records": {');
    const run = startProcess({ PORT: '0', DATA_FILE: dataFile });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/^AgentDesk cannot start: DATA_FILE .*desk\.json: cannot be read as a desk store/m);
    expect(await readFile(dataFile, 'utf8')).toBe('{"records": {');
  }, 30_000);
});
