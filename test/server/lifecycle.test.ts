import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startDeskProcess } from '../support/desk-process.js';

/** A data folder for one test, removed when the test ends. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agentdesk-proc-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('the process (src/main.ts)', () => {
  it('serves /healthz, handles a turn, and on SIGTERM finishes, flushes the store and exits 0', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'desk.json');
    const run = startDeskProcess({ PORT: '0', DATA_FILE: dataFile, LOG_LEVEL: 'info' });
    try {
      const url = await run.started();
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

  it('an invalid setting stops start-up with one line and exit code 1', async () => {
    const run = startDeskProcess({ PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(
      run
        .output()
        .trim()
        .split('\n')
        .filter((l) => !l.includes('nodedir')),
    ).toEqual(['AgentDesk cannot start: PORT: must be a port number from 0 to 65535 (0 picks a free port) (got "eighty")']);
  }, 90_000);

  it('a corrupted data file stops start-up with one line and is left as it was', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'desk.json');
    await writeFile(dataFile, '{"records": {');
    const run = startDeskProcess({ PORT: '0', DATA_FILE: dataFile });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/^AgentDesk cannot start: DATA_FILE .*desk\.json: cannot be read as a desk store/m);
    expect(await readFile(dataFile, 'utf8')).toBe('{"records": {');
  }, 90_000);
});
