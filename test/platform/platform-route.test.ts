import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { UNAVAILABLE } from '../../src/platform/platform-route.js';
import { postEvent, RecordingSink } from './recording-sink.js';

const SECRET = 'test-platform-secret-1234';
// The harness desk's clock: signatures are checked against it, not the wall clock.
const NOW = new Date('2026-11-20T09:00:00.000Z');
const STACK = /\n\s+at\s|\bat\s+\S+\s\(.*:\d+:\d+\)/;

const offered = (id = 'evt-1') => ({
  id,
  type: 'contact.offered',
  contact: {
    id: 'c-1',
    channel: 'voice',
    kind: 'inbound',
    queue: 'billing',
    from: '+4520123456',
    dnis: '+4570102030',
    variables: [
      { name: 'customerName', label: 'Customer', value: 'Mette Nielsen' },
      { name: 'cpr', label: 'National ID', value: '010190-1234', secure: true },
    ],
  },
});

let desk: DeskUnderTest;
let sink: RecordingSink;
const post = (body: unknown, options: Parameters<typeof postEvent>[2] = { secret: SECRET, at: NOW }) => postEvent(desk.url, body, options);

// A desk and a sink of its own for every test: what one test posted or logged, the next never sees.
beforeEach(async () => {
  sink = new RecordingSink();
  desk = await startDesk({ env: { PLATFORM_SECRET: SECRET }, overrides: { sink } });
});
afterEach(async () => {
  await desk.stop();
});

describe('POST /api/platform/events: accepted, duplicate and conflicting events', () => {
  it('a signed contact.offered is accepted with 202 and reaches the sink parsed, defaults filled in', async () => {
    const response = await post(offered());
    expect(response).toMatchObject({ status: 202, body: { status: 'accepted' } });
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]).toMatchObject({
      id: 'evt-1',
      contact: {
        id: 'c-1',
        variables: [
          { name: 'customerName', secure: false, editable: false },
          { name: 'cpr', secure: true },
        ],
      },
    });
  });

  it.each([
    { id: 'evt-2', type: 'contact.answered', contactId: 'c-1' },
    { id: 'evt-3', type: 'contact.ended', contactId: 'c-1', by: 'customer' },
    { id: 'evt-4', type: 'contact.noAnswer', contactId: 'c-1' },
    { id: 'evt-5', type: 'agent.deviceFailed', agentId: 'a0a0a0a0-0000-4000-8000-000000000001' },
  ])('$type is accepted with 202', async (event) => {
    expect(await post(event)).toMatchObject({ status: 202, body: { status: 'accepted' } });
    expect(sink.events).toEqual([event]);
  });

  it('a replayed event id answers 200 duplicate', async () => {
    expect(await post(offered('dup-evt-1'))).toMatchObject({ status: 200, body: { status: 'duplicate' } });
  });

  it("an event that does not fit the desk state answers 409 with the sink's code and reason", async () => {
    const response = await post({ id: 'conflict-1', type: 'contact.answered', contactId: 'c-404' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: { code: 'contact.unknown', message: 'No contact c-404 is on the desk.' } });
  });

  it('a desk too busy to apply an event answers 503 with Retry-After, never 500: nothing was applied and a retry is safe', async () => {
    const response = await post(offered('busy-1'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.body).toEqual({ error: { code: 'ServiceUnavailable', message: UNAVAILABLE } });
    expect(response.text).not.toMatch(STACK);
    expect(desk.logs.some((l) => l.includes('platform.failed'))).toBe(false);
  });

  it('an unexpected sink failure is a 500 without a stack, logged with event id and type but no customer data', async () => {
    const response = await post(offered('boom-1'));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'InternalError', message: 'The event could not be applied.' } });
    expect(response.text).not.toMatch(STACK);
    const line = desk.logs.find((l) => l.includes('platform.failed'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', eventId: 'boom-1', type: 'contact.offered' });
    expect(desk.logs.join('\n')).not.toMatch(/\+4520123456|Mette|010190/);
  });
});

describe('POST /api/platform/events: bodies that do not fit the schema get 400 with the offending fields', () => {
  const variables = offered().contact.variables;
  const cases: Array<[string, unknown, string[]]> = [
    ['an offered contact without an id', { ...offered(), contact: { ...offered().contact, id: undefined } }, ['contact.id']],
    ['channel "fax"', { ...offered(), contact: { ...offered().contact, channel: 'fax' } }, ['contact.channel']],
    [
      'a variable value over 256 characters',
      { ...offered(), contact: { ...offered().contact, variables: [{ ...variables[0], value: 'x'.repeat(257) }] } },
      ['contact.variables.0.value'],
    ],
    [
      'several problems at once',
      { ...offered(), contact: { ...offered().contact, id: '', channel: 'fax', queue: undefined } },
      ['contact.id', 'contact.channel', 'contact.queue'],
    ],
    ['an unknown event type', { id: 'evt-9', type: 'contact.teleported', contactId: 'c-1' }, ['type']],
    ['contact.ended without "by"', { id: 'evt-9', type: 'contact.ended', contactId: 'c-1' }, ['by']],
    ['an array body', [offered()], ['']],
    ['a string body', '"contact.offered"', ['']],
    ['null', 'null', ['']],
  ];
  it.each(cases)('%s', async (_name, body, paths) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadRequest');
    expect(response.body.error.fields.map((f: { path: string }) => f.path)).toEqual(paths);
    for (const field of response.body.error.fields) expect(field.message).toEqual(expect.any(String));
    expect(response.text).not.toMatch(STACK);
    expect(sink.events).toEqual([]);
  });

  it('malformed JSON (signed) is a 400 that says so', async () => {
    const response = await post('{"id": "evt-1", "type": ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'BadRequest', message: 'The body is not valid JSON.', fields: [] } });
    expect(sink.events).toEqual([]);
  });

  it('a body over 256 KiB is refused with 413 before anything else', async () => {
    const response = await post({ ...offered(), padding: 'x'.repeat(300_000) });
    expect(response.status).toBe(413);
    expect(sink.events).toEqual([]);
  });
});

describe('POST /api/platform/events: unsigned, forged or stale requests get 401', () => {
  const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
  const cases: Array<[string, unknown, Parameters<typeof postEvent>[2], RegExp]> = [
    ['no signature headers', offered(), {}, /headers are required/],
    ['only the timestamp', offered(), { headers: { 'X-Desk-Timestamp': String(NOW.getTime() / 1000) } }, /headers are required/],
    ['signed with another secret', offered(), { secret: 'not-the-platform-secret', at: NOW }, /does not match/],
    [
      'a timestamp changed after signing',
      offered(),
      { secret: SECRET, at: NOW, headers: { 'X-Desk-Timestamp': String(NOW.getTime() / 1000 + 1) } },
      /does not match/,
    ],
    ['a malformed signature header', offered(), { secret: SECRET, at: NOW, headers: { 'X-Desk-Signature': 'md5=abc' } }, /sha256=<64 hex digits>/],
    ['a timestamp 301 s in the past', offered(), { secret: SECRET, at: at(-301) }, /300 seconds/],
    ['a timestamp 301 s in the future', offered(), { secret: SECRET, at: at(301) }, /300 seconds/],
    ['malformed JSON without a signature (authentication comes first)', '{"id": ', {}, /headers are required/],
  ];
  it.each(cases)('%s', async (_name, body, options, message) => {
    const response = await post(body, options);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('Unauthorized');
    expect(response.body.error.message).toMatch(message);
    expect(sink.events).toEqual([]);
  });

  it('a tampered body is refused even though the headers were valid for the original', async () => {
    const original = JSON.stringify(offered());
    const { signedHeaders } = await import('../../src/platform/signature.js');
    const headers = signedHeaders(SECRET, original, NOW);
    const response = await postEvent(desk.url, original.replace('+4520123456', '+4599999999'), { headers });
    expect(response.status).toBe(401);
    expect(sink.events).toEqual([]);
  });

  it('a timestamp 299 s old is still accepted, measured on the desk clock', async () => {
    desk.setNow('2026-11-20T09:04:59.000Z');
    expect((await post(offered('evt-late'), { secret: SECRET, at: NOW })).status).toBe(202);
    desk.setNow('2026-11-20T09:05:01.000Z');
    expect((await post(offered('evt-later'), { secret: SECRET, at: NOW })).status).toBe(401);
  });
});

describe('POST /api/platform/events without PLATFORM_SECRET', () => {
  it('answers 503 and says why, even to a request that looks signed, and never reaches the sink', async () => {
    const offSink = new RecordingSink();
    const off = await startDesk({ overrides: { sink: offSink } });
    try {
      const response = await postEvent(off.url, offered(), { secret: SECRET, at: NOW });
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ error: { code: 'ServiceUnavailable', message: 'PLATFORM_SECRET is not set; the platform API is off' } });
      expect(offSink.events).toEqual([]);
    } finally {
      await off.stop();
    }
  });
});
