import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the unix time (seconds) the platform signed the request at. */
export const TIMESTAMP_HEADER = 'X-Desk-Timestamp';

/** Header carrying `sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`. */
export const SIGNATURE_HEADER = 'X-Desk-Signature';

/** How far (seconds, either direction) a request's timestamp may be from the desk's clock. */
export const TOLERANCE_SECONDS = 300;

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Why a request's signature was refused. */
export type SignatureFailure = 'missing' | 'malformed' | 'mismatch' | 'stale';

/** The outcome of checking a request's signature. */
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

/** Signs `timestamp + "." + body` with the shared secret: returns the `X-Desk-Signature` value. */
export function sign(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

/** The two headers a platform sends with `body` at time `now`. */
export function signedHeaders(secret: string, body: string | Uint8Array, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, body) };
}

/** What `verify` looks at: the raw body bytes and the two header values as received. */
export interface SignedRequest {
  body: Uint8Array | string;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Checks a request's signature (constant-time) and that its timestamp is within
 * TOLERANCE_SECONDS of `now`. Pure: the clock value comes in.
 */
export function verify(secret: string, request: SignedRequest, now: Date, toleranceSeconds = TOLERANCE_SECONDS): SignatureCheck {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  const given = SIGNATURE.exec(signature.trim());
  if (!TIMESTAMP.test(timestamp.trim()) || !given) return { ok: false, reason: 'malformed' };

  const expected = Buffer.from(sign(secret, timestamp.trim(), request.body).slice('sha256='.length), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given[1]!, 'hex'))) return { ok: false, reason: 'mismatch' };
  // Checked after the signature so only an authentic sender learns that its clock is off.
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp.trim()));
  return skew > toleranceSeconds ? { ok: false, reason: 'stale' } : { ok: true };
}
