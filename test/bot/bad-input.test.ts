import { beforeEach, describe, expect, it } from 'vitest';
import { SOREN } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const fx = useDesk();
const snapshot = async () => (await fx.desk.app.store.read([`agent/${SOREN.aadObjectId}`])).get(`agent/${SOREN.aadObjectId}`);
beforeEach(async () => {
  // A known agent whose record must survive every bad request untouched.
  await fx.desk.invoke('phone.set', { phone: '+4512345678' });
  await fx.desk.invoke('status.set', { state: 'Break' });
  expect((await snapshot())?.value).toMatchObject({ state: 'Break' });
});

const STACK = /\n\s+at\s|\bat\s+\S+\s\(.*:\d+:\d+\)/;
const base = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'https://smba.test.example/amer/',
  from: { id: SOREN.id, aadObjectId: SOREN.aadObjectId },
  recipient: { id: '28:agentdesk' },
  conversation: { id: 'personal-x' },
  text: 'status',
};

describe('malformed requests to /api/messages get a 4xx, never a crash or a stack', () => {
  const cases: Array<[string, unknown, number, RegExp]> = [
    ['malformed JSON', '{"type": "message", ', 400, /Invalid JSON/],
    ['an array body', [1, 2, 3], 400, /body/],
    ['a string body', '"hello"', 400, /body/],
    ['a number body', '42', 400, /body/],
    ['null', 'null', 400, /body/],
    ['an activity without from', { ...base, from: undefined }, 400, /"path":"from"/],
    ['an activity whose from has no id', { ...base, from: { name: 'x' } }, 400, /from\.id/],
    ['an activity without conversation', { ...base, conversation: undefined }, 400, /"path":"conversation"/],
    ['an activity without type', { ...base, type: undefined }, 400, /type/],
    ['an activity with a non-string text', { ...base, text: { evil: true } }, 400, /text/],
    ['an activity with an object as conversation id', { ...base, conversation: { id: { $gt: '' } } }, 400, /conversation\.id/],
  ];
  it.each(cases)('%s is refused', async (_name, body, status, message) => {
    const before = await snapshot();
    const response = await fx.desk.post(body);
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body)).toMatch(message);
    expect(JSON.stringify(response.body)).not.toMatch(STACK);
    expect(await snapshot()).toEqual(before);
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const response = await fx.desk.post({ ...base, text: 'x'.repeat(1_100_000) });
    expect(response.status).toBe(413);
  });

  it('an unknown route is a 404 and GET on /api/messages is a 405', async () => {
    expect((await fetch(`${fx.desk.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${fx.desk.url}/api/messages`)).status).toBe(405);
  });
});

describe('bad card actions get a localized error, never a crash', () => {
  const invoke = (value: unknown, locale = 'en-US') => fx.desk.post({ ...base, type: 'invoke', name: 'adaptiveCard/action', value, locale });

  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'status.explode', data: {} } }, /not supported by this version/],
    ['status.set without a state', { action: { type: 'Action.Execute', verb: 'status.set', data: {} } }, /incomplete data/],
    ['status.set with a number as state', { action: { type: 'Action.Execute', verb: 'status.set', data: { state: 7 } } }, /incomplete data/],
    ['phone.set without a phone', { action: { type: 'Action.Execute', verb: 'phone.set', data: {} } }, /incomplete data/],
    ['a value without an action', { trigger: 'manual' }, /incomplete data/],
    ['no value at all', undefined, /incomplete data/],
    ['an Action.Submit instead of Action.Execute', { action: { type: 'Action.Submit', verb: 'status.set', data: { state: 'Available' } } }, /incomplete data/],
    ['a huge state name', { action: { type: 'Action.Execute', verb: 'status.set', data: { state: 'A'.repeat(5000) } } }, /incomplete data/],
  ];
  it.each(cases)('%s -> 400 error response', async (_name, value, message) => {
    const before = await snapshot();
    const response = await invoke(value);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(response.body.value.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("the error is in the user's language", async () => {
    const response = await invoke({ action: { type: 'Action.Execute', verb: 'status.explode' } }, 'nb-NO');
    expect(response.body.value.message).toBe('Denne knappen støttes ikke av denne versjonen av AgentDesk.');
  });

  it('an unknown state is refused on the status card and changes nothing', async () => {
    const before = await snapshot();
    const response = await invoke({ action: { type: 'Action.Execute', verb: 'status.set', data: { state: 'Sleeping' } } });
    expect(JSON.stringify(response.body.value)).toContain('\\"Sleeping\\" is not a status you can choose.');
    expect(await snapshot()).toEqual(before);
  });

  it('an invoke the bot does not implement is answered 501 Not Implemented, without a body', async () => {
    const response = await fx.desk.post({ ...base, type: 'invoke', name: 'task/fetch', value: {} });
    expect(response.status).toBe(501);
    expect(response.body).toBeUndefined();
  });
});
