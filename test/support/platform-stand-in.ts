/**
 * A contact-center platform under the test's control, on loopback: it checks
 * each command's signature with the command secret, remembers the ids it
 * carried out (a retry is answered 200 duplicate, as the contract says), and
 * answers as the test scripts it: yes, a refusal, a 5xx, or silence. It does
 * not serve the optional `POST /commands/batch` (404), as a platform may not:
 * the desk then sends it every command alone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireCommand } from '../../src/platform/commands.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../src/platform/signature.js';

/** One request the stand-in received, and what it answered. */
export interface ReceivedCommand {
  command: WireCommand;
  /** The HMAC over timestamp and body matched the command secret. */
  signed: boolean;
  answered: number | 'silence';
}

/** What the stand-in answers the next command of a type with. */
export type ScriptedAnswer = { status: number; body?: unknown } | 'silence';

/** The stand-in platform: start it, point PLATFORM_URL at it, script its answers, read what it received. */
export class PlatformStandIn {
  readonly received: ReceivedCommand[] = [];
  /** Ids carried out, in order: what a real platform would have done. */
  readonly carriedOut: string[] = [];
  private server: Server | undefined;
  private url: string | undefined;
  private readonly script = new Map<string, ScriptedAnswer[]>();
  private readonly held: Array<{ res: ServerResponse; id: string }> = [];

  constructor(private readonly secret: string) {}

  /**
   * Listens on a free loopback port; resolves with its base URL (PLATFORM_URL).
   * Called again (a desk's options run before each test), it keeps the one server it has.
   */
  async start(): Promise<string> {
    if (this.url) return this.url;
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  /**
   * Forgets what it received, carried out and was scripted to answer, so each
   * test meets a platform that never heard of the desk before. Command ids are
   * derived from what a command is, so a fresh desk repeating an earlier test's
   * step sends an id this platform would otherwise answer as a duplicate.
   */
  reset(): void {
    this.release();
    this.received.length = 0;
    this.carriedOut.length = 0;
    this.script.clear();
  }

  /** Answers what it still holds and closes. */
  async stop(): Promise<void> {
    this.release();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.url = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next command of `type` gets `answer` (scripts queue up, one per command). */
  answerNext(type: WireCommand['type'], answer: ScriptedAnswer): void {
    this.script.set(type, [...(this.script.get(type) ?? []), answer]);
  }

  /** Where the received list stands now, to read what one action sent. */
  mark(): number {
    return this.received.length;
  }

  /** The commands received since a mark. */
  since(mark: number): ReceivedCommand[] {
    return this.received.slice(mark);
  }

  /** Answers every held (silenced) request now, late: the platform did carry them out. */
  release(): void {
    for (const { res, id } of this.held.splice(0)) {
      this.carriedOut.push(id);
      if (res.destroyed) continue;
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"accepted"}');
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    if (req.url !== '/commands') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFound","message":"Only POST /commands is served."}}');
      return;
    }
    const body = Buffer.concat(chunks);
    const header = (name: string) => (typeof req.headers[name.toLowerCase()] === 'string' ? (req.headers[name.toLowerCase()] as string) : undefined);
    // The desk runs on a test clock far from now: the signature is what is checked here, not the time window.
    const signed = verify(
      this.secret,
      { body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) },
      new Date(),
      Number.MAX_SAFE_INTEGER,
    ).ok;
    const command = JSON.parse(body.toString('utf8')) as WireCommand;
    const send = (status: number, answer: unknown) => {
      this.received.push({ command, signed, answered: status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    if (!signed) return send(401, { error: { code: 'Unauthorized', message: 'bad signature' } });
    if (this.carriedOut.includes(command.id)) return send(200, { status: 'duplicate' });
    const scripted = this.script.get(command.type)?.shift();
    if (scripted === 'silence') {
      this.received.push({ command, signed, answered: 'silence' });
      this.held.push({ res, id: command.id });
      return;
    }
    if (scripted && (scripted.status < 200 || scripted.status >= 300)) return send(scripted.status, scripted.body ?? {});
    this.carriedOut.push(command.id);
    send(scripted?.status ?? 202, scripted?.body ?? { status: 'accepted' });
  }
}
