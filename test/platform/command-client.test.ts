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
