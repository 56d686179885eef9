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
  fetch?: typeof fetch;
}

// A failure this fast leaves time for one more try with the same id inside the caller's limit.
const RETRY_IF_LEFT_MS = 500;

/**
 * Commands out over HTTP: `POST {url}/commands` with the JSON body signed
 * like events in (`X-Desk-Timestamp`, `X-Desk-Signature`, HMAC-SHA256 with the
 * command secret over `timestamp + "." + body`). A 2xx is yes; a 4xx is a
 * refusal whose `error.code` and `error.message` the desk shows; anything
 * else, or silence past the limit, is not an answer. A quick failure is tried
 * once more with the same id (the platform dedupes on it).
 */
export class HttpCommander implements PlatformCommander {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpCommanderOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async send(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    const deadline = Date.now() + timeoutMs;
    let outcome = await this.once(command, timeoutMs);
    const left = deadline - Date.now();
    if (!outcome.ok && outcome.kind === 'unavailable' && left > RETRY_IF_LEFT_MS) outcome = await this.once(command, left);
    return outcome;
  }

  private async once(command: WireCommand, timeoutMs: number): Promise<CommandOutcome> {
    const body = JSON.stringify(command);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await this.fetch(`${this.options.url().replace(/\/+$/, '')}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(this.options.secret, body, this.options.clock()) },
        body,
        signal: abort.signal,
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        const refusal = refusalSchema.safeParse(parseJson(text));
        return refusal.success
          ? { ok: false, kind: 'refused', status: response.status, code: refusal.data.error.code, message: refusal.data.error.message }
          : { ok: false, kind: 'refused', status: response.status, code: `http.${response.status}`, message: 'The platform refused the command.' };
      }
      return { ok: false, kind: 'unavailable', status: response.status, message: `The platform answered ${response.status}.` };
    } catch (error) {
      if (abort.signal.aborted) return { ok: false, kind: 'timeout' };
      return { ok: false, kind: 'unavailable', message: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
