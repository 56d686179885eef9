import { describe, expect, it } from 'vitest';
import { cardTexts, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const fx = useDesk({ env: { PLATFORM_SECRET: SECRET } });

/** Names of built-in object members: valid ids that must behave like any other (STYLE 12). */
const BUILT_INS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'];
describe('platform API: built-in member names as ids (STYLE 12)', () => {
  it.each(BUILT_INS)('%s works as a contact id and a queue name like any other: offered, answered, ended', async (name) => {
    // Each case has its own agent (whose id is the name too), so no case depends on another.
    const agent: TestUser = { id: `29:${name}`, aadObjectId: name, name: `Agent ${name}` };
    await fx.desk.install({ user: agent });
    await fx.desk.invoke('phone.set', { phone: '+4512345678' }, { user: agent });
    await fx.desk.invoke('status.set', { state: 'Available' }, { user: agent });
    const offered = await fx.desk.event({
      id: `named-${name}`,
      type: 'contact.offered',
      contact: { id: name, channel: 'voice', kind: 'inbound', queue: 'tech', from: 'Jane', agentId: name },
    });
    expect(offered.status).toBe(202);
    const unknownQueue = await fx.desk.event({
      id: `queue-${name}`,
      type: 'contact.offered',
      contact: { id: `q-${name}`, channel: 'chat', kind: 'inbound', queue: name, from: 'Jane' },
    });
    expect(unknownQueue).toMatchObject({ status: 409, body: { error: { code: 'queue.unknown' } } });
    const ended = await fx.desk.event({ id: `end-${name}`, type: 'contact.ended', contactId: `never-offered-${name}`, by: 'customer' });
    expect(ended).toMatchObject({ status: 409, body: { error: { code: 'contact.unknown' } } });
    const [contact] = await fx.desk.app.service.contacts([name]);
    expect(contact).toMatchObject({ id: name, status: 'offered', agentId: name });
    expect((await fx.desk.event({ id: `answer-${name}`, type: 'contact.answered', contactId: name })).status).toBe(202);
    expect(cardTexts(fx.lastCardFor(agent, (card) => cardTexts(card).includes('Call with Jane')))).toContain('Connected');
    expect((await fx.desk.event({ id: `hangup-${name}`, type: 'contact.ended', contactId: name, by: 'customer' })).status).toBe(202);
    const wrapped = await fx.desk.invoke('wrapUp.submit', { contactId: name, code: 'resolved' }, { user: agent });
    expect(wrapped.status).toBe(200);
    expect((await fx.desk.app.service.agent(name))?.state).toBe('Available');
  });

  it('NUL and control characters in ids are refused with the field named, not stored', async () => {
    const response = await fx.desk.event({ id: 'nul-1', type: 'contact.ended', contactId: 'a\u0000b', by: 'customer' });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain('contactId');
    expect((await fx.desk.app.store.scan('contact')).filter((r) => r.key.includes('\u0000'))).toEqual([]);
  });
});
