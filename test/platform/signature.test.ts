import { describe, expect, it } from 'vitest';
import { sign, signedHeaders, verify, type SignedRequest } from '../../src/platform/signature.js';

const SECRET = 'platform-secret-0123456789';
const NOW = new Date('2026-11-20T09:00:00.000Z');
const BODY = '{"id":"evt-1","type":"contact.answered","contactId":"c-1"}';

/** A request as a platform signs it `offsetSeconds` away from NOW. */
function signed(offsetSeconds = 0, secret = SECRET, body = BODY): SignedRequest {
  const headers = signedHeaders(secret, body, new Date(NOW.getTime() + offsetSeconds * 1000));
  return { body, timestamp: headers['X-Desk-Timestamp'], signature: headers['X-Desk-Signature'] };
}

describe('platform request signatures (HMAC-SHA256 over "timestamp.body")', () => {
  it('a request signed with the shared secret just now passes', () => {
    expect(verify(SECRET, signed(), NOW)).toEqual({ ok: true });
  });

  it('the signature is sha256=<hex HMAC of timestamp + "." + body>, as the README shows', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update(`1795165200.${BODY}`).digest('hex');
    expect(sign(SECRET, 1795165200, BODY)).toBe(`sha256=${expected}`);
    expect(signedHeaders(SECRET, BODY, NOW)).toEqual({ 'X-Desk-Timestamp': '1795165200', 'X-Desk-Signature': `sha256=${expected}` });
  });

  it('bytes and the same text sign alike, so the raw body can be checked as received', () => {
    expect(sign(SECRET, 1, Buffer.from('{"name":"Søren"}', 'utf8'))).toBe(sign(SECRET, 1, '{"name":"Søren"}'));
  });

  it.each([
    ['signed with another secret', { ...signed(0, 'another-secret-0123456789') }, 'mismatch'],
    ['a tampered body', { ...signed(), body: BODY.replace('c-1', 'c-2') }, 'mismatch'],
    ['a timestamp changed after signing', { ...signed(), timestamp: String(Number(signed().timestamp) + 1) }, 'mismatch'],
    ['no signature header', { ...signed(), signature: undefined }, 'missing'],
    ['no timestamp header', { ...signed(), timestamp: undefined }, 'missing'],
    ['an empty signature header', { ...signed(), signature: '' }, 'missing'],
    ['a signature without the sha256= prefix', { ...signed(), signature: signed().signature!.slice(7) }, 'malformed'],
    ['a truncated signature', { ...signed(), signature: signed().signature!.slice(0, -2) }, 'malformed'],
    ['a signature that is not hex', { ...signed(), signature: `sha256=${'z'.repeat(64)}` }, 'malformed'],
    ['a timestamp in milliseconds as ISO text', { ...signed(), timestamp: NOW.toISOString() }, 'malformed'],
    ['a negative timestamp', { ...signed(), timestamp: '-5' }, 'malformed'],
    ['a timestamp 301 s in the past', signed(-301), 'stale'],
    ['a timestamp 301 s in the future', signed(301), 'stale'],
  ])('%s is refused', (_name, request, reason) => {
    expect(verify(SECRET, request, NOW)).toEqual({ ok: false, reason });
  });

  it.each([-299, 299, -300, 300])('a timestamp %i s away is still inside the 300 s window', (offset) => {
    expect(verify(SECRET, signed(offset), NOW)).toEqual({ ok: true });
  });
});
