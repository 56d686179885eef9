import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../src/platform/signature.js';
import { journalOf } from '../../src/store/lowdb-store.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const COMMAND_SECRET = 'command-secret-0123456789abcdef';

/** A stand-in platform that can be down (503) and records every command it accepted, checking the signature. */
class StandInPlatform {
  down = true;
  readonly accepted: Array<{ id: string; type: string; agentId: string; state?: string; phone?: string }> = [];
  readonly refusedWhileDown: string[] = [];
  readonly badSignatures: string[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      // It serves the optional batch path too: the commands that pile up while it is down come back several at once.
      const batch = req.url === '/commands/batch';
      const parsed = JSON.parse(body.toString('utf8'));
      const commands: Array<{ id: string; type: string; agentId: string }> = batch ? parsed.commands : [parsed];
      if (this.down) {
        this.refusedWhileDown.push(...commands.map((c) => c.id));
        res.writeHead(503).end();
        return;
      }
      const header = (name: string) => req.headers[name.toLowerCase()] as string | undefined;
      if (!verify(COMMAND_SECRET, { body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }, new Date()).ok) {
        this.badSignatures.push(...commands.map((c) => c.id));
        res.writeHead(401).end();
        return;
      }
      const answers = commands.map((command) => {
        const duplicate = this.accepted.some((c) => c.id === command.id);
        if (!duplicate) this.accepted.push(command);
        return duplicate ? { status: 200, body: { status: 'duplicate' } } : { status: 202, body: { status: 'accepted' } };
      });
      const answer = batch ? { status: 200, body: { results: answers } } : answers[0]!;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** What the lowdb store has on disk: the data file and its journal. */
async function onDisk(file: string): Promise<string> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => '');
  return (await read(file)) + (await read(journalOf(file)));
}

/** `src/main.ts` as `npm start` runs it, with only the settings given (no developer .env: DESK_CONFIG and a throwaway root). */
function startDesk(env: Record<string, string>): { child: ChildProcess; output: () => string; url: () => Promise<string> } {
  let output = '';
  // node itself runs the desk (tsx as a loader, not a wrapper process), so a SIGKILL kills the desk and leaves nothing behind.
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    url: async () => {
      await waitFor(
        async () => output.includes('desk.started'),
        30_000,
        () => output,
      );
      const line = output.split('\n').find((l) => l.includes('desk.started'))!;
      return (JSON.parse(line.slice(line.indexOf('{'))) as { url: string }).url.replace('/api/messages', '');
    },
  };
}

/** One card action by one agent, as Teams would send it (local anonymous mode). */
async function press(url: string, agentId: string, verb: string, data: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: `29:${agentId}`, aadObjectId: agentId, name: agentId },
      recipient: { id: '28:bot' },
      conversation: { id: `c-${agentId}` },
      value: { action: { type: 'Action.Execute', verb, data } },
    }),
  });
  await response.text();
  return response.status;
}

describe('PLAT-4: nothing lost', () => {
  const platform = new StandInPlatform();
  let dir: string;
  beforeAll(async () => {
    await platform.start();
    dir = await mkdtemp(join(tmpdir(), 'agentdesk-plat4-'));
  });
  afterAll(async () => {
    await platform.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('PLAT-4: a platform down for a while receives every told command, in order per agent, once, after it returns, across a SIGKILL of the desk', async () => {
    const env = {
      DATA_FILE: join(dir, 'desk.json'),
      PLATFORM_URL: platform.url,
      PLATFORM_COMMAND_SECRET: COMMAND_SECRET,
      OUTBOX_RETRY_MAX_SECONDS: '1',
    };
    // First life: the platform is down; two agents change state four times each.
    const first = startDesk(env);
    const url = await first.url();
    const steps: Array<[string, Record<string, unknown>]> = [
      ['phone.set', { phone: '+4512345678' }],
      ['status.set', { state: 'Available' }],
      ['status.set', { state: 'Break' }],
      ['status.set', { state: 'Available' }],
    ];
    for (const [verb, data] of steps) {
      expect(await press(url, 'agent-a', verb, data)).toBe(200);
      expect(await press(url, 'agent-b', verb, data)).toBe(200);
    }
    // The outbox tried and was refused, and keeps the commands on disk.
    await waitFor(() => platform.refusedWhileDown.length >= 2, 10_000);
    await waitFor(async () => (await onDisk(env.DATA_FILE)).includes('"lane":"command"'), 5000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(platform.accepted).toEqual([]);

    // Second life on the same file; the platform is back.
    platform.down = false;
    const second = startDesk(env);
    try {
      await second.url();
      // The first life's items stay leased to it for 30 s from their write: the second life takes them after that.
      await waitFor(() => platform.accepted.length >= 8, 60_000, second.output);
      await new Promise((r) => setTimeout(r, 1500));
      const of = (agentId: string) => platform.accepted.filter((c) => c.agentId === agentId).map((c) => `${c.state}${c.phone ? ` ${c.phone}` : ''}`);
      for (const agentId of ['agent-a', 'agent-b']) {
        expect(of(agentId)).toEqual(['LoggedOut +4512345678', 'Available +4512345678', 'Break +4512345678', 'Available +4512345678']);
      }
      expect(platform.accepted.every((c) => c.type === 'agent.state')).toBe(true);
      expect(new Set(platform.accepted.map((c) => c.id)).size).toBe(platform.accepted.length);
      expect(platform.badSignatures).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
    // Delivered items left the outbox: the file a clean stop leaves (the journal folded in) holds none.
    expect(await readFile(env.DATA_FILE, 'utf8')).not.toContain('"lane":"command"');
  }, 120_000);
});
