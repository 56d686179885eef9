import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../src/desk-config.js';
import { createLog } from '../../src/log.js';
import { checkPlatform } from '../../src/platform/contract-check.js';
import { signedHeaders } from '../../src/platform/signature.js';
import { SimulatedPlatform } from '../../src/platform/simulated-platform.js';
import { Simulation } from '../../src/platform/simulation.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SECRET = 'contract-check-secret-0123456789';
const log = createLog('silent');
const simulation = new Simulation({ desk: loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT), clock: () => new Date(), log });
const simulated = new SimulatedPlatform({ secret: SECRET, clock: () => new Date(), log, apply: (command) => simulation.apply(command) });
let simulatedUrl: string;

/** A careless platform: says yes to anything, signed or not, and never remembers an id. */
let careless: Server;
let carelessUrl: string;

beforeAll(async () => {
  simulatedUrl = await simulated.start();
  careless = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}'));
  });
  await new Promise<void>((resolve) => careless.listen(0, '127.0.0.1', resolve));
  carelessUrl = `http://127.0.0.1:${(careless.address() as { port: number }).port}`;
});
afterAll(async () => {
  await simulated.stop();
  await new Promise<void>((resolve) => careless.close(() => resolve()));
});

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(join(ROOT, 'node_modules/.bin/tsx'), ['src/platform-check.ts', ...args], { cwd: ROOT, env: { ...process.env, PLATFORM_COMMAND_SECRET: SECRET } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('the built-in platform serves POST /commands/batch (PLAT-4)', () => {
  const batch = async (body: unknown, sign = true) => {
    const text = JSON.stringify(body);
    const response = await fetch(`${simulatedUrl}/commands/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sign ? signedHeaders(SECRET, text, new Date()) : {}) },
      body: text,
    });
    return { status: response.status, body: (await response.json()) as { results?: Array<{ status: number; body: unknown }> } };
  };
  const state = (id: string, agentId: string, value: string) => ({ id, at: new Date().toISOString(), type: 'agent.state', agentId, state: value });

  it('PLAT-4: each command is answered as POST /commands would answer it alone, in order: accepted, duplicate, refused, malformed', async () => {
    const call = (id: string, type: string) => ({ id, at: new Date().toISOString(), type, agentId: 'a-batch', contactId: 'c-batch' });
    const first = await batch({ commands: [state('b-1', 'a-batch', 'Break'), call('b-h', 'contact.hold'), call('b-r', 'contact.resume')] });
    const accepted = { status: 202, body: { status: 'accepted' } };
    expect(first).toEqual({ status: 200, body: { results: [accepted, accepted, accepted] } });
    const mixed = await batch({
      commands: [state('b-2', 'a-batch', 'Available'), state('b-1', 'a-batch', 'Break'), call('b-3', 'contact.resume'), { id: 'b-4', type: 'agent.state' }],
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body.results!.map((r) => r.status)).toEqual([202, 200, 409, 400]);
    expect(mixed.body.results![1]!.body).toEqual({ status: 'duplicate' });
    expect(mixed.body.results![2]!.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    // The duplicate was carried out once: Break, then Available.
    expect(simulated.received.flatMap((c) => (c.type === 'agent.state' && c.agentId === 'a-batch' ? [c.state] : []))).toEqual(['Break', 'Available']);
  });

  it('PLAT-4: an unsigned batch is refused whole (401); an empty one, too big a one or one that is not a list is a 400', async () => {
    expect((await batch({ commands: [state('b-9', 'a-batch-2', 'Break')] }, false)).status).toBe(401);
    expect((await batch({ commands: [] })).status).toBe(400);
    expect((await batch({ commands: state('b-10', 'a-batch-2', 'Break') })).status).toBe(400);
    expect((await batch({ commands: Array.from({ length: 101 }, (_, n) => state(`b-x${n}`, 'a-batch-2', 'Break')) })).status).toBe(400);
    expect(simulated.received.some((c) => 'agentId' in c && c.agentId === 'a-batch-2')).toBe(false);
  });
});

describe('npm run platform:check: the contract check for integrators (PLAT-1, PLAT-2)', () => {
  it('PLAT-1: the built-in simulated platform passes every step', async () => {
    const steps = await checkPlatform({ url: simulatedUrl, secret: SECRET, timeoutMs: 3000, agentId: 'a-check', contactId: 'c-check' });
    expect(steps.filter((s) => !s.passed)).toEqual([]);
    expect(steps.map((s) => s.name)).toEqual([
      'a signed command is accepted (2xx)',
      'a retry with the same id is answered 200 duplicate',
      'an unsigned command is refused with 401',
      'a command signed with another secret is refused with 401',
      'a command signed an hour ago is refused with 401',
      'a command that does not fit the schema is refused with 400',
      'contact.hold of c-check is accepted',
      'contact.resume of c-check is accepted',
      'resuming a call not on hold is refused: 4xx with { error: { code, message } }',
      '/commands/batch (optional) answers each command, or 404, 405 or 501 when not served',
    ]);
    // The retry under the same id was applied once; refused and unsigned commands not at all.
    const states = simulated.received.flatMap((c) => (c.type === 'agent.state' && c.agentId === 'a-check' ? [c.state] : []));
    // The batch step's two commands leave the agent Available again.
    expect(states).toEqual(['Available', 'Idle', 'Available']);
    expect(simulation.model.agent('a-check')).toMatchObject({ state: 'Available' });
    expect(simulation.model.contact('c-check')).toMatchObject({ onHold: false, phase: 'connected' });
  });

  it('the script prints what passed and exits 0 against the simulated platform', async () => {
    const { code, stdout } = await cli(simulatedUrl);
    expect(code).toBe(0);
    expect(stdout).toContain('PASS  an unsigned command is refused with 401');
    expect(stdout).toMatch(/^10 passed, 0 failed$/m);
  });

  it('the script exits non-zero against a platform that accepts anything, naming each failed step', async () => {
    const { code, stdout } = await cli(carelessUrl, '--timeout', '2000');
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  an unsigned command is refused with 401: expected 401, got 202');
    expect(stdout).toContain('FAIL  a retry with the same id is answered 200 duplicate');
    expect(stdout).toContain('FAIL  a command that does not fit the schema is refused with 400');
    expect(stdout).toContain('FAIL  /commands/batch (optional) answers each command, or 404, 405 or 501 when not served');
    expect(stdout).toMatch(/^3 passed, 7 failed$/m);
  });

  it('the script explains itself and exits 2 without a URL or with a short secret', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli(simulatedUrl, '--secret', 'short')).code).toBe(2);
  });
});
