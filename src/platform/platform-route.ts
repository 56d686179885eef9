import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { errorFields, type Log } from '../log.js';
import { StoreUnavailableError } from '../store/store-port.js';
import { platformEventSchema, type ApplyOutcome, type PlatformEvent, type PlatformSink } from './events.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS, verify, type SignatureFailure } from './signature.js';
import type { ErrorBody } from './wire-answers.js';

/** A restify handler for `POST /api/platform/events`; it reads the raw body itself. */
export type PlatformEndpoint = (req: Request, res: Response) => Promise<void>;

/** What the platform endpoint needs: the shared secret (unset = API off), where events go, the clock. */
export interface PlatformEndpointDeps {
  secret: string | undefined;
  sink: PlatformSink;
  clock: () => Date;
  log: Log;
}

/** The message of the 503 answered while PLATFORM_SECRET is unset. */
export const PLATFORM_OFF = 'PLATFORM_SECRET is not set; the platform API is off';

/** The message of the 503 answered when the store is down or too busy to apply an event now. */
export const UNAVAILABLE = 'The desk cannot apply the event right now; nothing was applied. Send it again after Retry-After seconds.';
const RETRY_AFTER_SECONDS = 1;

// An event is a few KB even with 50 variables of 256 characters; this still stops a flood.
const MAX_EVENT_BYTES = 256 * 1024;

const UNAUTHORIZED: Record<SignatureFailure, string> = {
  missing: `The ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required.`,
  malformed: `${TIMESTAMP_HEADER} must be unix seconds and ${SIGNATURE_HEADER} must be sha256=<64 hex digits>.`,
  mismatch: 'The signature does not match the body.',
  stale: `The timestamp is more than ${TOLERANCE_SECONDS} seconds away from the desk's clock.`,
};

/** Builds the handler: 503 while off, then 413, 401, 400, and the sink's answer as 202, 200 or 409 (503 when busy or the store is down). */
export function createPlatformEndpoint({ secret, sink, clock, log }: PlatformEndpointDeps): PlatformEndpoint {
  return async (req, res) => {
    if (!secret) return fail(res, 503, 'ServiceUnavailable', PLATFORM_OFF);

    const body = await readBody(req);
    if (!body) return fail(res, 413, 'PayloadTooLarge', `The body is larger than ${MAX_EVENT_BYTES} bytes.`);

    const check = verify(secret, { body, timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) }, clock());
    if (!check.ok) {
      log.warn('platform.unauthorized', { reason: check.reason });
      return fail(res, 401, 'Unauthorized', UNAUTHORIZED[check.reason]);
    }

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return fail(res, 400, 'BadRequest', 'The body is not valid JSON.', []);
    }
    const parsed = platformEventSchema.safeParse(json);
    if (!parsed.success) {
      const fields = fieldsOf(parsed.error);
      log.warn('platform.badRequest', { fields: fields.map((f) => f.path) });
      return fail(res, 400, 'BadRequest', 'The event does not fit the schema.', fields);
    }
    await deliver(parsed.data, sink, res, log);
  };
}

async function deliver(event: PlatformEvent, sink: PlatformSink, res: Response, log: Log): Promise<void> {
  // Ids and type only: `from`, names and variables are the customer's.
  const about = { eventId: event.id, type: event.type };
  let answer: ApplyOutcome;
  try {
    answer = await sink.apply(event);
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      // Busy or the store is down: nothing was applied, and the same event a moment later is safe.
      log.warn('platform.unavailable', { ...about, ...errorFields(error) });
      res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return fail(res, 503, 'ServiceUnavailable', UNAVAILABLE);
    }
    log.error('platform.failed', { ...about, ...errorFields(error) });
    return fail(res, 500, 'InternalError', 'The event could not be applied.');
  }
  log.info('platform.event', { ...about, outcome: answer.outcome });
  if (answer.outcome === 'accepted') res.send(202, { status: 'accepted' });
  else if (answer.outcome === 'duplicate') res.send(200, { status: 'duplicate' });
  else fail(res, 409, answer.code, answer.reason);
}

/** One offending field of a refused event: dotted path (empty for the body itself) and what is wrong. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Flattens zod issues to `{ path: 'contact.variables.0.value', message }`; never echoes values. */
export function fieldsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function fail(res: Response, status: number, code: string, message: string, fields?: FieldProblem[]): void {
  res.send(status, { error: { code, message, ...(fields ? { fields } : {}) } } satisfies ErrorBody);
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** The raw body bytes, or undefined when over the cap (the rest is drained, not kept). */
async function readBody(req: Request): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_EVENT_BYTES) chunks.push(chunk);
  }
  return size > MAX_EVENT_BYTES ? undefined : Buffer.concat(chunks);
}
