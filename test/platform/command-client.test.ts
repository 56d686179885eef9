import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpCommander } from '../../src/platform/command-client.js';
import type { WireCommand } from '../../src/platform/commands.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../src/platform/signature.js';

const SECRET = 'command-secret-0123456789';
const NOW = new Date('2026-11-20T09:00:00.000Z');

/** What the test platform does with one request. */
type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A platform on loopback that counts the connections it was opened on and answers as the test says. */
async function platform(answer: Answer): Promise<{ url: string; connections: () => number; bodies: string[]; signed: boolean[]; server: Server }> {
  let connections = 0;
  const bodies: string[] = [];
  const signed: boolean[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      const header = (name: string) => req.headers[name.toLowerCase()] as string | undefined;
      signed.push(verify(SECRET, { body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }, NOW).ok);
      answer(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, bodies, signed, server };
}

const servers: Server[] = [];
const commanders: HttpCommander[] = [];
afterEach(async () => {
  for (const commander of commanders.splice(0)) commander.close();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
});

const commander = (url: string) => {
  const made = new HttpCommander({ url: () => url, secret: SECRET, clock: () => NOW });
  commanders.push(made);
  return made;
};
const command = (n: number): WireCommand => ({
  id: `cmd_${n}`,
  at: NOW.toISOString(),
  type: 'agent.state',
  agentId: 'a-1',
  state: n % 2 ? 'Available' : 'Break',
});
const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('PLAT-1: commands out over signed HTTP', () => {
  it('PLAT-1: commands one after the other go signed, in order, on one kept-alive connection', async () => {
    const p = await platform(json(202, { status: 'accepted' }));
    const desk = commander(p.url);
    for (let n = 1; n <= 5; n++) expect(await desk.send(command(n), 1000)).toEqual({ ok: true, status: 202 });
    expect(p.bodies.map((body) => (JSON.parse(body) as WireCommand).id)).toEqual(['cmd_1', 'cmd_2', 'cmd_3', 'cmd_4', 'cmd_5']);
    expect(p.signed).toEqual([true, true, true, true, true]);
    expect(p.connections()).toBe(1);
  });

  it('PLAT-1: a kept-alive connection the platform closed is not an answer: the command goes again, with the same id, and is carried out', async () => {
    // The platform closes its side after every answer, as one with a short keep-alive timeout may.
    const p = await platform((_req, res) => {
      res.writeHead(202, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"status":"accepted"}');
    });
    const desk = commander(p.url);
    for (let n = 1; n <= 3; n++) expect(await desk.send(command(n), 1000)).toEqual({ ok: true, status: 202 });
    expect(new Set(p.bodies.map((body) => (JSON.parse(body) as WireCommand).id))).toEqual(new Set(['cmd_1', 'cmd_2', 'cmd_3']));
  });

  it('PLAT-1: a socket destroyed mid-answer is tried once more with the same id', async () => {
    let first = true;
    const p = await platform((req, res) => {
      if (first) {
        first = false;
        req.socket.destroy();
        return;
      }
      json(202, { status: 'accepted' })(req, res);
    });
    expect(await commander(p.url).send(command(1), 2000)).toEqual({ ok: true, status: 202 });
    expect(p.bodies.map((body) => (JSON.parse(body) as WireCommand).id)).toEqual(['cmd_1', 'cmd_1']);
  });

  it('PLAT-2: a 4xx with a reason is a refusal with its code and message; a 5xx is not an answer; silence is a timeout', async () => {
    const refused = await platform(json(409, { error: { code: 'contact.gone', message: 'The customer already hung up.' } }));
    expect(await commander(refused.url).send(command(1), 1000)).toEqual({
      ok: false,
      kind: 'refused',
      status: 409,
      code: 'contact.gone',
      message: 'The customer already hung up.',
    });
    const bare = await platform((_req, res) => {
      res.writeHead(403);
      res.end('no');
    });
    expect(await commander(bare.url).send(command(1), 1000)).toMatchObject({ ok: false, kind: 'refused', status: 403, code: 'http.403' });
    const failing = await platform(json(503, {}));
    expect(await commander(failing.url).send(command(1), 300)).toEqual({ ok: false, kind: 'unavailable', status: 503, message: 'The platform answered 503.' });
    const silent = await platform(() => {});
    expect(await commander(silent.url).send(command(1), 200)).toEqual({ ok: false, kind: 'timeout' });
  });

  it('PLAT-1: a platform that cannot be reached is unavailable, not a crash', async () => {
    const p = await platform(json(202, {}));
    const url = p.url;
    p.server.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await commander(url).send(command(1), 300)).toMatchObject({ ok: false, kind: 'unavailable' });
  });
});

describe('PLAT-4: told commands leave together, each with its own outcome', () => {
  /** A platform serving /commands/batch: each command answered by `each`, as /commands would answer it alone. */
  const batching = (each: (command: WireCommand) => { status: number; body: unknown }) =>
    platform((req, res, body) => {
      if (req.url === '/commands/batch') return json(200, { results: (JSON.parse(body) as { commands: WireCommand[] }).commands.map(each) })(req, res);
      const answer = each(JSON.parse(body) as WireCommand);
      json(answer.status, answer.body)(req, res);
    });
  const paths = (p: { bodies: string[] }) => p.bodies.map((body) => ((JSON.parse(body) as { commands?: unknown[] }).commands ? 'batch' : 'single'));

  it('PLAT-4: commands told in the same moment go in one signed POST /commands/batch, and each gets the answer given for it', async () => {
    const p = await batching((c) =>
      c.id === 'cmd_2'
        ? { status: 409, body: { error: { code: 'agent.unknown', message: 'No such agent.' } } }
        : c.id === 'cmd_3'
          ? { status: 200, body: { status: 'duplicate' } }
          : { status: 202, body: { status: 'accepted' } },
    );
    const desk = commander(p.url);
    const outcomes = await Promise.all([1, 2, 3, 4].map((n) => desk.tell(command(n), 1000)));
    expect(outcomes).toEqual([
      { ok: true, status: 202 },
      { ok: false, kind: 'refused', status: 409, code: 'agent.unknown', message: 'No such agent.' },
      { ok: true, status: 200 },
      { ok: true, status: 202 },
    ]);
    expect(paths(p)).toEqual(['batch']);
    expect((JSON.parse(p.bodies[0]!) as { commands: WireCommand[] }).commands.map((c) => c.id)).toEqual(['cmd_1', 'cmd_2', 'cmd_3', 'cmd_4']);
    expect(p.signed).toEqual([true]);
  });

  it('PLAT-4: a command told alone goes to /commands as before', async () => {
    const p = await batching(() => ({ status: 202, body: { status: 'accepted' } }));
    const desk = commander(p.url);
    expect(await desk.tell(command(1), 1000)).toEqual({ ok: true, status: 202 });
    expect(await desk.tell(command(2), 1000)).toEqual({ ok: true, status: 202 });
    expect(paths(p)).toEqual(['single', 'single']);
  });

  it('PLAT-4: a platform without the batch path (404) gets the same commands one by one, and every later one too', async () => {
    const p = await platform((req, res) => (req.url === '/commands' ? json(202, { status: 'accepted' })(req, res) : json(404, { error: 'no' })(req, res)));
    const desk = commander(p.url);
    expect(await Promise.all([1, 2, 3].map((n) => desk.tell(command(n), 1000)))).toEqual([1, 2, 3].map(() => ({ ok: true, status: 202 })));
    expect(await Promise.all([4, 5].map((n) => desk.tell(command(n), 1000)))).toEqual([4, 5].map(() => ({ ok: true, status: 202 })));
    // One batch tried, then each command alone: none lost, none refused for the platform's lack of the path.
    expect(paths(p)).toEqual(['batch', 'single', 'single', 'single', 'single', 'single']);
  });

  it('PLAT-4: a platform that sends the batch to its single-command handler (400 for the body) is not read as refusing the commands', async () => {
    const p = await platform((req, res, body) =>
      (JSON.parse(body) as { commands?: unknown }).commands
        ? json(400, { error: { code: 'BadRequest', message: 'Not a command.' } })(req, res)
        : json(202, {})(req, res),
    );
    const desk = commander(p.url);
    expect(await Promise.all([1, 2].map((n) => desk.tell(command(n), 1000)))).toEqual([1, 2].map(() => ({ ok: true, status: 202 })));
  });

  it('PLAT-4: a batch answered 503 or not at all is no answer for any of its commands (the outbox tries them again), and batching goes on', async () => {
    let fail = true;
    const p = await batching(() => ({ status: 202, body: { status: 'accepted' } }));
    p.server.removeAllListeners('request');
    p.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        if (fail) return json(503, {})(req, res);
        json(200, {
          results: [
            { status: 202, body: {} },
            { status: 202, body: {} },
          ],
        })(req, res);
      });
    });
    const desk = commander(p.url);
    expect(await Promise.all([1, 2].map((n) => desk.tell(command(n), 1000)))).toEqual(
      [1, 2].map(() => ({ ok: false, kind: 'unavailable', status: 503, message: 'The platform answered 503.' })),
    );
    fail = false;
    expect(await Promise.all([1, 2].map((n) => desk.tell(command(n), 1000)))).toEqual([1, 2].map(() => ({ ok: true, status: 202 })));
    const silent = await platform(() => {});
    const quiet = commander(silent.url);
    expect(await Promise.all([1, 2].map((n) => quiet.tell(command(n), 200)))).toEqual([
      { ok: false, kind: 'timeout' },
      { ok: false, kind: 'timeout' },
    ]);
  });

  it('PLAT-4: more than 100 commands, or a body over 64 KB of text, leave in several batches, each within both limits', async () => {
    const p = await batching(() => ({ status: 202, body: { status: 'accepted' } }));
    const desk = commander(p.url);
    const many = Array.from({ length: 230 }, (_, n) => command(n));
    expect((await Promise.all(many.map((c) => desk.tell(c, 2000)))).every((o) => o.ok)).toBe(true);
    expect(p.bodies.map((b) => (JSON.parse(b) as { commands: unknown[] }).commands.length)).toEqual([100, 100, 30]);
    p.bodies.splice(0);
    const big = (n: number): WireCommand => ({
      id: `big_${n}`,
      at: NOW.toISOString(),
      type: 'variables.save',
      agentId: 'a-1',
      contactId: 'c-1',
      values: Array.from({ length: 50 }, (_, k) => ({ name: `v${k}`, value: 'x'.repeat(256) })),
    });
    expect((await Promise.all([1, 2, 3, 4, 5, 6].map((n) => desk.tell(big(n), 2000)))).every((o) => o.ok)).toBe(true);
    expect(p.bodies.length).toBeGreaterThan(1);
    expect(p.bodies.every((b) => b.length <= 64 * 1024 + 20)).toBe(true);
    expect(p.bodies.flatMap((b) => (JSON.parse(b) as { commands?: WireCommand[] }).commands?.map((c) => c.id) ?? [(JSON.parse(b) as WireCommand).id])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `big_${n}`),
    );
  });
});
