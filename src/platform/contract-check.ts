import { randomUUID } from 'node:crypto';
import { COMMAND_BATCH_PATH, refusalSchema, type WireCommand } from './commands.js';
import { sign, SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER } from './signature.js';

/** What the check needs: the platform's base URL, the command secret, and what it may touch. */
export interface ContractCheckOptions {
  url: string;
  secret: string;
  /** How long each request may take (the desk's PLATFORM_COMMAND_TIMEOUT_MS). */
  timeoutMs: number;
  /** A live test call the check may hold and resume; default a made-up id, for platforms that take unknown contacts. */
  contactId?: string;
  /** The agent the commands name; default a made-up id. */
  agentId?: string;
  clock?: () => Date;
  fetch?: typeof fetch;
}

/** One step of the check and how it went. */
export interface CheckStep {
  name: string;
  passed: boolean;
  detail: string;
}

interface Answer {
  status: number | 'timeout' | 'unreachable';
  body: unknown;
}

/**
 * A short conformance check of a platform's command endpoint (PLAT-1,
 * PLAT-2): `POST {url}/commands` signed as the desk signs them is accepted;
 * unsigned, badly signed and stale ones are refused with 401; a retry under
 * the same id is answered 200 duplicate; a schema-invalid body gets 400; a
 * refusal is a 4xx with `{ error: { code, message } }`; the optional batch
 * path answers one result per command, or says it is not served. Every step runs, so
 * the report lists everything that failed.
 */
export async function checkPlatform(options: ContractCheckOptions): Promise<CheckStep[]> {
  const clock = options.clock ?? (() => new Date());
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.url.replace(/\/+$/, '');
  const run = `check-${randomUUID().slice(0, 8)}`;
  const agentId = options.agentId ?? `${run}-agent`;
  const contactId = options.contactId ?? `${run}-contact`;
  let n = 0;
  const command = (body: Record<string, unknown>): WireCommand => ({ id: `${run}-${++n}`, at: clock().toISOString(), agentId, ...body }) as WireCommand;

  const post = async (body: string, headers: Record<string, string>, path = '/commands'): Promise<Answer> => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.timeoutMs);
    try {
      const response = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: abort.signal,
      });
      const text = await response.text();
      return { status: response.status, body: parse(text) };
    } catch {
      return { status: abort.signal.aborted ? 'timeout' : 'unreachable', body: undefined };
    } finally {
      clearTimeout(timer);
    }
  };
  const signed = (body: string) => post(body, signedHeaders(options.secret, body, clock()));

  const steps: CheckStep[] = [];
  const step = (name: string, passed: boolean, answer: Answer, expected: string) =>
    steps.push({
      name,
      passed,
      detail: passed ? `${answer.status}` : `expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body) ?? ''}`.trim(),
    });
  const is2xx = (a: Answer) => typeof a.status === 'number' && a.status >= 200 && a.status < 300;

  const state = JSON.stringify(command({ type: 'agent.state', state: 'Available', phone: '+4512345678' }));
  const first = await signed(state);
  step('a signed command is accepted (2xx)', is2xx(first), first, '2xx');
  const retry = await signed(state);
  step(
    'a retry with the same id is answered 200 duplicate',
    retry.status === 200 && (retry.body as { status?: string })?.status === 'duplicate',
    retry,
    '200 {"status":"duplicate"}',
  );

  const fresh = () => JSON.stringify(command({ type: 'agent.state', state: 'Idle', code: 'lunch' }));
  const unsigned = await post(fresh(), {});
  step('an unsigned command is refused with 401', unsigned.status === 401, unsigned, '401');
  const wrong = fresh();
  const badlySigned = await post(wrong, signedHeaders(`${options.secret}-not-it`, wrong, clock()));
  step('a command signed with another secret is refused with 401', badlySigned.status === 401, badlySigned, '401');
  const stale = fresh();
  const then = Math.floor(clock().getTime() / 1000) - 3600;
  const staleAnswer = await post(stale, { [TIMESTAMP_HEADER]: String(then), [SIGNATURE_HEADER]: sign(options.secret, then, stale) });
  step('a command signed an hour ago is refused with 401', staleAnswer.status === 401, staleAnswer, '401');

  const invalid = await signed(JSON.stringify({ id: `${run}-invalid`, at: clock().toISOString(), type: 'contact.hold', agentId }));
  step('a command that does not fit the schema is refused with 400', invalid.status === 400, invalid, '400');

  const hold = await signed(JSON.stringify(command({ type: 'contact.hold', contactId })));
  step(`contact.hold of ${contactId} is accepted`, is2xx(hold), hold, '2xx');
  const resume = await signed(JSON.stringify(command({ type: 'contact.resume', contactId })));
  step(`contact.resume of ${contactId} is accepted`, is2xx(resume), resume, '2xx');
  const again = await signed(JSON.stringify(command({ type: 'contact.resume', contactId })));
  const refused = typeof again.status === 'number' && again.status >= 400 && again.status < 500 && refusalSchema.safeParse(again.body).success;
  step('resuming a call not on hold is refused: 4xx with { error: { code, message } }', refused, again, '4xx {"error":{"code","message"}}');

  // Optional: told commands several at once. Not serving the path is fine; serving it wrongly is not.
  const pair = [command({ type: 'agent.state', state: 'Idle', code: 'lunch' }), command({ type: 'agent.state', state: 'Available', phone: '+4512345678' })];
  const batchBody = JSON.stringify({ commands: pair });
  const batch = await post(batchBody, signedHeaders(options.secret, batchBody, clock()), COMMAND_BATCH_PATH);
  const results = (batch.body as { results?: Array<{ status?: unknown }> } | undefined)?.results;
  const answered = batch.status === 200 && Array.isArray(results) && results.length === pair.length && results.every((r) => typeof r?.status === 'number');
  step(
    `${COMMAND_BATCH_PATH} (optional) answers each command, or 404, 405 or 501 when not served`,
    answered || batch.status === 404 || batch.status === 405 || batch.status === 501,
    batch,
    `200 {"results":[${pair.length} x {"status","body"}]} or 404, 405, 501`,
  );
  return steps;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
}
