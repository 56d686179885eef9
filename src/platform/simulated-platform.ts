import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../log.js';
import { COMMAND_BATCH_PATH, MAX_BATCH, platformCommandSchema, type WireCommand } from './commands.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from './signature.js';
import type { ErrorBody } from './wire-answers.js';

/** What the simulated platform answers a command with: yes, or a refusal with a code and a reason. */
export type PlatformAnswer = { ok: true } | { ok: false; code: string; message: string };

/** The platform's side of a command, given the simulator's model of its contacts. */
export type CommandApplier = (command: WireCommand) => PlatformAnswer;

const MAX_BODY = 256 * 1024;
// Ids the platform remembers to answer a retry as a duplicate; older ones are forgotten first.
const REMEMBERED_IDS = 10_000;

/**
 * The built-in platform's command endpoint (PLAT-1): `POST /commands` on its
 * own loopback port, checked exactly as a real platform would (signature,
 * time window, schema), deduplicated by command id, and applied to the
 * simulator's model. It speaks the same signed HTTP as a real platform, and
 * serves the optional `POST /commands/batch` too (told commands several at once).
 */
export class SimulatedPlatform {
  private server: Server | undefined;
  private readonly seen = new Map<string, PlatformAnswer>();
  /** The latest commands accepted, in order (for tests and the contract check). */
  readonly received: WireCommand[] = [];

  constructor(private readonly options: { secret: string; clock: () => Date; log: Log; apply: CommandApplier }) {}

  /** Starts listening on a free loopback port; resolves with its base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const batch = req.url === COMMAND_BATCH_PATH;
    if (req.method !== 'POST' || (req.url !== '/commands' && !batch))
      return refusal(404, 'NotFound', 'Only POST /commands and POST /commands/batch are served.');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    }
    if (size > MAX_BODY) return refusal(413, 'PayloadTooLarge', `The body is larger than ${MAX_BODY} bytes.`);
    const body = Buffer.concat(chunks);
    const header = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return typeof value === 'string' ? value : undefined;
    };
    const check = verify(this.options.secret, { body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }, this.options.clock());
    if (!check.ok) return refusal(401, 'Unauthorized', `The command's signature was refused (${check.reason}).`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return refusal(400, 'BadRequest', 'The body is not valid JSON.');
    }
    if (!batch) return this.answer(json);
    const commands = (json as { commands?: unknown } | null)?.commands;
    if (!Array.isArray(commands) || commands.length === 0 || commands.length > MAX_BATCH)
      return refusal(400, 'BadRequest', `The body must be {"commands": [...]} with 1 to ${MAX_BATCH} commands.`);
    // Each command is answered as POST /commands would answer it alone, in the order given.
    return { status: 200, body: { results: commands.map((command) => this.answer(command)) } };
  }

  /** One command's answer: a schema check, then a repeat's earlier answer or the model's. */
  private answer(json: unknown): { status: number; body: unknown } {
    const parsed = platformCommandSchema.safeParse(json);
    if (!parsed.success) return refusal(400, 'BadRequest', 'The command does not fit the schema.');
    const command = parsed.data;
    const earlier = this.seen.get(command.id);
    if (earlier) return earlier.ok ? { status: 200, body: { status: 'duplicate' } } : refusal(409, earlier.code, earlier.message);
    const answer = this.options.apply(command);
    this.seen.set(command.id, answer);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.keys().next().value!);
    this.options.log.debug('simulator.command', { commandId: command.id, type: command.type, ok: answer.ok });
    if (!answer.ok) return refusal(409, answer.code, answer.message);
    this.received.push(command);
    if (this.received.length > REMEMBERED_IDS) this.received.shift();
    return { status: 202, body: { status: 'accepted' } };
  }
}

function refusal(status: number, code: string, message: string): { status: number; body: ErrorBody } {
  return { status, body: { error: { code, message } } };
}
