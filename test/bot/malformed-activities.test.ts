import { describe, expect, it } from 'vitest';
import { FAKE_SERVICE_URL } from '../support/bot-connector.js';
import { cardTexts, SOREN } from '../support/desk-harness.js';
import { OutageStore } from '../support/outage-store.js';
import { useDesk } from '../support/use-desk.js';

/** A well-formed activity from Søren; each case breaks one part of it. */
const activity = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  id: 'act-1',
  channelId: 'msteams',
  serviceUrl: FAKE_SERVICE_URL,
  from: { id: SOREN.id, name: SOREN.name, aadObjectId: SOREN.aadObjectId },
  recipient: { id: '28:agentdesk', name: 'AgentDesk' },
  conversation: { id: `personal-${SOREN.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
  ...extra,
});
const cardAction = (verb: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  activity('invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } }, ...extra });
const phoneSet = (extra: Record<string, unknown>) => cardAction('phone.set', { phone: '+4512345678' }, extra);
const message = (extra: Record<string, unknown>) => activity('message', { text: 'status', ...extra });

describe('SPEC 9: a malformed activity gets 400 naming the field, never a 5xx or a 200 carrying a 500', () => {
  const fx = useDesk();

  const cases: Array<[string, unknown, string]> = [
    ['ST-5: phone.set whose entities is a string', phoneSet({ entities: 'x' }), 'entities'],
    ['ST-5: phone.set whose entities holds null', phoneSet({ entities: [null] }), 'entities.0'],
    ['ST-5: phone.set whose clientInfo locale is a number', phoneSet({ entities: [{ type: 'clientInfo', locale: 7 }] }), 'entities.0.locale'],
    ['ST-5: phone.set whose locale is a number', phoneSet({ locale: 7 }), 'locale'],
    ['ST-5: phone.set whose locale is an object', phoneSet({ locale: { tag: 'da-DK' } }), 'locale'],
    ['ST-1: status.set whose entities is an object', cardAction('status.set', { state: 'Break' }, { entities: { type: 'clientInfo' } }), 'entities'],
    ['an invoke whose name is a number', activity('invoke', { name: 7, value: {} }), 'name'],
    ['an invoke without a name', activity('invoke', { value: {} }), 'name'],
    ['ST-1: a status message whose recipient name is a number', message({ recipient: { id: '28:agentdesk', name: 7 } }), 'recipient.name'],
    ['ST-1: a status message without a recipient', message({ recipient: undefined }), 'recipient'],
    [
      'ST-1: a status message whose conversation type is a boolean',
      message({ conversation: { id: `personal-${SOREN.id}`, conversationType: true } }),
      'conversation.conversationType',
    ],
    ['ST-1: a status message whose aadObjectId is a number', message({ from: { id: SOREN.id, aadObjectId: 7 } }), 'from.aadObjectId'],
    ['ST-1: a status message whose from.name is an object', message({ from: { id: SOREN.id, name: { first: 'S' } } }), 'from.name'],
    ['ST-1: a status message whose channelData is a string', message({ channelData: 'x' }), 'channelData'],
    ['ST-1: a status message whose serviceUrl is not a URL', message({ serviceUrl: 'not a url' }), 'serviceUrl'],
    ['ST-1: a status message whose id is 20,000 characters', message({ id: 'x'.repeat(20_000) }), 'id'],
    ['ST-1: a status message whose conversation id has a NUL', message({ conversation: { id: 'personal-\u0000' } }), 'conversation.id'],
    [
      'ST-1: a status message whose conversation id is not Latin-1 (it travels in a header)',
      message({ conversation: { id: 'personal-\u0100' } }),
      'conversation.id',
    ],
    [
      'ST-1: a status message whose conversation id holds an emoji (not Latin-1 either)',
      message({ conversation: { id: 'personal-\u{1F600}' } }),
      'conversation.id',
    ],
    ['ST-1: a status message whose sender id ends in DEL', message({ from: { id: `${SOREN.id}\u007f` } }), 'from.id'],
    [
      'ST-1: a message mentioning the bot whose text is null (the SDK strips the mention from the text)',
      message({ text: null, entities: [{ type: 'mention', mentioned: { id: '28:agentdesk', name: 'AgentDesk' }, text: '<at>AgentDesk</at>' }] }),
      'text',
    ],
    ['a conversationUpdate whose membersAdded holds a string', activity('conversationUpdate', { membersAdded: ['28:agentdesk'] }), 'membersAdded.0'],
  ];
  it.each(cases)('%s', async (_name, body, field) => {
    const response = await fx.desk.post(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'BadRequest', message: 'Not a valid activity.' });
    expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    for (const problem of response.body.error.fields) expect(problem.message).toEqual(expect.any(String));
  });

  it('ST-1: the locale "constructor" is an unknown language, answered in English', async () => {
    const response = await fx.desk.post(cardAction('status.show', {}, { locale: 'constructor' }));
    expect(response.status).toBe(200);
    expect(response.body.statusCode).toBe(200);
    expect(cardTexts(response.body.value)).toContain('Your status');
  });

  it('ST-1: a clientInfo locale of "constructor-DK" is English too', async () => {
    const response = await fx.desk.post(cardAction('status.show', {}, { entities: [{ type: 'clientInfo', locale: 'constructor-DK' }] }));
    expect(response.status).toBe(200);
    expect(cardTexts(response.body.value)).toContain('Your status');
  });

  it('ST-1: a message mentioning the bot without any text (a picture, say) is answered, not a failed turn', async () => {
    const logged = fx.desk.logs.length;
    const mention = { type: 'mention', mentioned: { id: '28:agentdesk', name: 'AgentDesk' }, text: '<at>AgentDesk</at>' };
    const response = await fx.desk.post(message({ text: undefined, entities: [mention] }));
    expect(response.status).toBe(200);
    expect(cardTexts(fx.lastCardFor(SOREN)).join('\n')).toMatch(/I did not understand/);
    expect(fx.desk.logs.slice(logged).filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it('ST-1: text with control characters is just text the bot does not understand', async () => {
    const response = await fx.desk.post(message({ text: 'sta\u0000tus\u0007' }));
    expect(response.status).toBe(200);
    expect(cardTexts(fx.lastCardFor(SOREN)).join('\n')).toMatch(/I did not understand/);
  });

  it('CON-3: a message-extension query whose text is an object with its own toString is no query, not a failure', async () => {
    const value = { commandId: 'searchExperts', parameters: [{ name: 'query', value: { toString: 1 } }] };
    const response = await fx.desk.post(activity('invoke', { name: 'composeExtension/query', value }));
    expect(response.status).toBe(200);
    expect(response.body.composeExtension).toMatchObject({ type: 'message', text: expect.stringMatching(/Type a first name, role/) });
  });

  it('CON-3: a malformed message-extension query or pick gets 400 with the reason', async () => {
    const query = await fx.desk.post(activity('invoke', { name: 'composeExtension/query', value: { commandId: 7 } }));
    expect(query.status).toBe(400);
    expect(query.body.error.message).toMatch(/Not a valid message-extension query/);
    const pick = await fx.desk.post(activity('invoke', { name: 'composeExtension/selectItem', value: { expertId: ['x'] } }));
    expect(pick.status).toBe(400);
    expect(pick.body.error.message).toMatch(/Not a valid pick/);
  });

  it('CON-3: a sign-in state that cannot be verified gets 412 with the reason', async () => {
    const response = await fx.desk.post(activity('invoke', { name: 'signin/verifyState', value: {} }));
    expect(response.status).toBe(412);
    expect(response.body.failureDetail).toMatch(/could not be verified/);
  });

  it('an unknown invoke name keeps the SDK answer 501, with no body', async () => {
    for (const name of ['task/fetch', 'toString', '__proto__', 'constructor']) {
      const response = await fx.desk.post(activity('invoke', { name, value: {} }));
      expect(response.status, name).toBe(501);
    }
  });
});

describe('only a failure on the desk side is a 5xx (SPEC 9)', () => {
  let store = new OutageStore();
  const outage = useDesk(() => {
    store = new OutageStore();
    return { store };
  });

  it('ST-1: while the store is down a card action is answered 503 on the card, saying to try again; afterwards it works', async () => {
    store.down = true;
    const failed = await outage.desk.invoke('status.set', { state: 'Break' }, { locale: 'da-DK' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ statusCode: 503, type: 'application/vnd.microsoft.error', value: { code: 'ServiceUnavailable' } });
    expect(failed.body.value.message).toBe('AgentDesk kan ikke gemme lige nu. Prøv igen om et øjeblik.');
    store.down = false;
    const saved = await outage.desk.invoke('status.set', { state: 'Break' });
    expect(saved.body.statusCode).toBe(200);
    expect((await outage.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Break');
  });
});
