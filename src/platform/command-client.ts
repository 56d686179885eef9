import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { COMMAND_BATCH_PATH, commandBatchAnswerSchema, MAX_BATCH, refusalSchema, type WireCommand } from './commands.js';
import { parseJson } from '../parse-json.js';
import { signedHeaders } from './signature.js';

/** What the platform answered a command: yes, a refusal with its reason, no answer in time, or not reachable. */
export type CommandOutcome =
  | { ok: true; status: number }
  | { ok: false; kind: 'refused'; status: number; code: string; message: string }
  | { ok: false; kind: 'timeout' }
  | { ok: false; kind: 'unavailable'; status?: number; message: string };

/** Sends signed commands to the platform (PLAT-1). */
export interface PlatformCommander {
  /** One command, alone, at once: a confirmation (PLAT-2) waits for it. */
  send(command: WireCommand, timeoutMs: number): Promise<CommandOutcome>;
  /**
   * A told command (PLAT-3, PLAT-4): it may leave in one request with the
   * others told in the same moment (the outbox works a round of them at once).
   * Its outcome is its own, as if it had been sent alone.
   */
  tell(command: WireCommand, timeoutMs: number): Promise<CommandOutcome>;
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

// A batch's body stays under this many characters: under 192 KB however it encodes (a platform's body limit is often 256 KB).
const MAX_BATCH_CHARS = 64 * 1024;
/** A told command waiting to leave, and who waits for its outcome. */
interface Told {
  command: WireCommand;
  timeoutMs: number;
  resolve(outcome: CommandOutcome): void;
}

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
 * For the same reason, told commands that leave in the same moment go in one
 * request to `/commands/batch` when the platform serves it (see `tell`).
 */
export class HttpCommander implements PlatformCommander {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  /** Told commands waiting for the end of this moment, to leave together. */
  #told: Told[] = [];
  /** False once the platform answered a batch with anything but a result per command: it takes commands one by one. */
  #batches = true;

  constructor(private readonly options: HttpCommanderOptions) {}

  send(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    return this.sendText(JSON.stringify(command), timeoutMs);
  }

  tell(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      this.#told.push({ command, timeoutMs, resolve });
      // Everything told before the current work yields goes in the same request.
      if (this.#told.length === 1) queueMicrotask(() => this.flushTold());
    });
  }

  /** Closes the kept-alive connections; a later send opens new ones. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }

  /** Sends what was told in this moment: in batches of at most MAX_BATCH commands and MAX_BATCH_CHARS, or alone. */
  private flushTold(): void {
    const told = this.#told;
    this.#told = [];
    const leave = (group: Told[], texts: string[]) => {
      if (group.length === 0) return;
      const sent = group.length > 1 && this.#batches ? this.sendBatch(group, texts) : Promise.all(group.map((t, k) => this.sendText(texts[k]!, t.timeoutMs)));
      // Every teller hears back, whatever happened: an outbox delivery waiting forever would hold its stream.
      void sent.then(
        (outcomes) => {
          for (const [k, t] of group.entries()) t.resolve(outcomes[k]!);
        },
        (error: unknown) => {
          for (const t of group) t.resolve({ ok: false, kind: 'unavailable', message: (error as Error).message });
        },
      );
    };
    let group: Told[] = [];
    let texts: string[] = [];
    let chars = 0;
    for (const t of told) {
      const text = JSON.stringify(t.command);
      if (group.length === MAX_BATCH || (group.length > 0 && chars + text.length > MAX_BATCH_CHARS)) {
        leave(group, texts);
        group = [];
        texts = [];
        chars = 0;
      }
      group.push(t);
      texts.push(text);
      chars += text.length + 1;
    }
    leave(group, texts);
  }

  /**
   * Several told commands in one `POST {url}/commands/batch`; each gets the
   * outcome its own result says. Silence, a 408, 429 or 5xx is no answer for
   * any of them (the outbox tries again). Any other answer that is not one
   * result per command means the platform does not serve batches: these
   * commands, and from then on every command, go one by one. A batch that
   * failed fast goes one by one too (the platform dedupes by id, so a command
   * it did take is not carried out twice).
   */
  private async sendBatch(group: readonly Told[], texts: readonly string[]): Promise<CommandOutcome[]> {
    const timeoutMs = Math.min(...group.map((t) => t.timeoutMs));
    const deadline = Date.now() + timeoutMs;
    const oneByOne = () => {
      const left = Math.max(deadline - Date.now(), RETRY_IF_LEFT_MS);
      return Promise.all(texts.map((text) => this.sendText(text, left)));
    };
    let answer: Answer | 'timeout';
    try {
      answer = await this.post(this.endpoint(COMMAND_BATCH_PATH), `{"commands":[${texts.join(',')}]}`, timeoutMs);
    } catch (error) {
      if (deadline - Date.now() > RETRY_IF_LEFT_MS) return oneByOne();
      return group.map(() => ({ ok: false, kind: 'unavailable', message: (error as Error).message }));
    }
    if (answer === 'timeout') return group.map(() => ({ ok: false, kind: 'timeout' }));
    const { status, text } = answer;
    if (status >= 500 || status === 408 || status === 429) return group.map(() => outcomeOf(status, text));
    const parsed = status === 200 ? commandBatchAnswerSchema.safeParse(parseJson(text)) : undefined;
    if (!parsed?.success || parsed.data.results.length !== group.length) {
      this.#batches = false;
      return oneByOne();
    }
    return parsed.data.results.map((result) => outcomeOf(result.status, result.body));
  }

  /** One command's JSON to `/commands`; a quick failure is tried once more with the same id. */
  private async sendText(body: string, timeoutMs: number): Promise<CommandOutcome> {
    const deadline = Date.now() + timeoutMs;
    let outcome = await this.once(body, timeoutMs);
    const left = deadline - Date.now();
    if (!outcome.ok && outcome.kind === 'unavailable' && left > RETRY_IF_LEFT_MS) outcome = await this.once(body, left);
    return outcome;
  }

  private async once(body: string, timeoutMs: number): Promise<CommandOutcome> {
    let answer: Answer | 'timeout';
    try {
      answer = await this.post(this.endpoint('/commands'), body, timeoutMs);
    } catch (error) {
      return { ok: false, kind: 'unavailable', message: (error as Error).message };
    }
    if (answer === 'timeout') return { ok: false, kind: 'timeout' };
    return outcomeOf(answer.status, answer.text);
  }

  private endpoint(path: string): URL {
    return new URL(`${this.options.url().replace(/\/+$/, '')}${path}`);
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

/** What an answer to one command says: a 2xx is yes, a 4xx but 408 and 429 a refusal, anything else no answer. */
function outcomeOf(status: number, body: string | unknown): CommandOutcome {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const refusal = refusalSchema.safeParse(typeof body === 'string' ? parseJson(body) : body);
    return refusal.success
      ? { ok: false, kind: 'refused', status, code: refusal.data.error.code, message: refusal.data.error.message }
      : { ok: false, kind: 'refused', status, code: `http.${status}`, message: 'The platform refused the command.' };
  }
  return { ok: false, kind: 'unavailable', status, message: `The platform answered ${status}.` };
}
