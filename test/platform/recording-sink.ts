import type { ApplyOutcome, PlatformEvent, PlatformSink } from '../../src/platform/events.js';
import { signedHeaders } from '../../src/platform/signature.js';
import { DeskBusyError } from '../../src/store/store-port.js';

/** A sink that records what reached it and answers by event id prefix: `dup-`, `conflict-`, `boom-` (throws), `busy-` (the desk too busy), else accepted. */
export class RecordingSink implements PlatformSink {
  readonly events: PlatformEvent[] = [];

  async apply(event: PlatformEvent): Promise<ApplyOutcome> {
    this.events.push(event);
    if (event.id.startsWith('dup-')) return { outcome: 'duplicate' };
    if (event.id.startsWith('conflict-')) return { outcome: 'conflict', code: 'contact.unknown', reason: 'No contact c-404 is on the desk.' };
    if (event.id.startsWith('boom-')) throw new Error('store connection reset');
    if (event.id.startsWith('busy-')) throw new DeskBusyError('contact.offered: lost the write race 50 times');
    return { outcome: 'accepted' };
  }
}

/** How a test platform posts: `secret` signs at `at`; `headers` replace or add to the signed ones. */
export interface PostOptions {
  secret?: string;
  at?: Date;
  headers?: Record<string, string | undefined>;
}

/** Posts to `/api/platform/events` as a platform does (signed over the exact bytes sent) and returns status and JSON. */
export async function postEvent(
  baseUrl: string,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signed = options.secret ? signedHeaders(options.secret, raw, options.at ?? new Date()) : {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...signed, ...options.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetch(`${baseUrl}/api/platform/events`, { method: 'POST', headers, body: raw });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}
