import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { refusalSchema, type WireCommand } from './commands.js';
import { signedHeaders } from './signature.js';

/** What the platform answered a command: yes, a refusal with its reason, no answer in time, or not reachable. */
export type CommandOutcome =
  | { ok: true; status: number }
  | { ok: false; kind: 'refused'; status: number; code: string; message: string }
  | { ok: false; kind: 'timeout' }
  | { ok: false; kind: 'unavailable'; status?: number; message: string };

/** Sends one signed command to the platform (PLAT-1). */
export interface PlatformCommander {
  send(command: WireCommand, timeoutMs: number): Promise<CommandOutcome>;
}

/** Where and how commands go: the platform's base URL (read at each send), the command secret, the clock. */
export interface HttpCommanderOptions {
  url: () => string;
  secret: string;
  clock: () => Date;
}

// A failure this fast leaves time for one more try with the same id inside the caller's limit.
const RETRY_IF_LEFT_MS = 500;
// Connections kept open to the platform: as many as commands go out at once (the outbox sends 16 at a time, plus confirmations).
const MAX_SOCKETS = 32;
// An answer larger than this is not a refusal we could show: it is cut off and read as no reason given.
const MAX_ANSWER = 64 * 1024;

/** A status line and the first MAX_ANSWER bytes of the body. */
interface Answer {
  status: number;
  text: string;
}

/**
 * Commands out over HTTP: `POST {url}/commands` with the JSON body signed
 * like events in (`X-Desk-Timestamp`, `X-Desk-Signature`, HMAC-SHA256 with the
 * command secret over `timestamp + "." + body`). A 2xx is yes; a 4xx is a
 * refusal whose `error.code` and `error.message` the desk shows; anything
 * else, or silence past the limit, is not an answer. A quick failure is tried
 * once more with the same id (the platform dedupes on it), which also covers a
 * kept-alive connection the platform closed just as a command went out on it.
 *
 * Sent with node:http on kept-alive connections rather than fetch: every
 * status change tells the platform (PLAT-4), and fetch's request and stream
 * objects cost more CPU than the rest of the command's delivery together.
 */
export class HttpCommander implements PlatformCommander {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  constructor(private readonly options: HttpCommanderOptions) {}

  async send(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    const deadline = Date.now() + timeoutMs;
    let outcome = await this.once(command, timeoutMs);
    const left = deadline - Date.now();
    if (!outcome.ok && outcome.kind === 'unavailable' && left > RETRY_IF_LEFT_MS) outcome = await this.once(command, left);
    return outcome;
  }

  /** Closes the kept-alive connections; a later send opens new ones. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }

  private async once(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    const body = JSON.stringify(command);
    let answer: Answer | 'timeout';
    try {
      answer = await this.post(new URL(`${this.options.url().replace(/\/+$/, '')}/commands`), body, timeoutMs);
    } catch (error) {
      return { ok: false, kind: 'unavailable', message: (error as Error).message };
    }
    if (answer === 'timeout') return { ok: false, kind: 'timeout' };
    const { status, text } = answer;
    if (status >= 200 && status < 300) return { ok: true, status };
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      const refusal = refusalSchema.safeParse(parseJson(text));
      return refusal.success
        ? { ok: false, kind: 'refused', status, code: refusal.data.error.code, message: refusal.data.error.message }
        : { ok: false, kind: 'refused', status, code: `http.${status}`, message: 'The platform refused the command.' };
    }
    return { ok: false, kind: 'unavailable', status, message: `The platform answered ${status}.` };
  }

  /** One POST: its answer, 'timeout' when none came in time, or a rejection when the platform could not be reached. */
  private post(url: URL, body: string, timeoutMs: number): Promise<Answer | 'timeout'> {
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const payload = Buffer.from(body);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: Answer | 'timeout' | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const headers = {
        'content-type': 'application/json',
        'content-length': String(payload.length),
        ...signedHeaders(this.options.secret, body, this.options.clock()),
      };
      const options = { method: 'POST', headers, agent: https ? this.#https : this.#http };
      const req = (https ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => settle({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_ANSWER)) }));
        res.on('error', (error) => settle(error));
        // Closed before its end: the answer was cut off (after the end this changes nothing).
        res.on('close', () => settle(new Error('the answer was cut off')));
      });
      const timer = setTimeout(() => {
        settle('timeout');
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => settle(error));
      req.end(payload);
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
