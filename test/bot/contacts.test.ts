import { describe, expect, it } from 'vitest';
import { cardActions, cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';

const fx = useDesk({ env: { PLATFORM_SECRET: SECRET } });

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;
const chat = (id: string, extra: Record<string, unknown> = {}) => ({
  id: nextId('evt'),
  type: 'contact.offered',
  contact: {
    id,
    channel: 'chat',
    kind: 'inbound',
    queue: 'tech',
    from: 'Jane Doe',
    variables: [
      { name: 'customerName', label: 'Customer', value: 'Jane Doe' },
      { name: 'accountNumber', label: 'Account', value: 'AC-7781' },
      { name: 'cpr', label: 'National ID', value: '010203-1234', secure: true },
      { name: 'notes', label: 'Notes', value: '', editable: true },
    ],
    ...extra,
  },
});
/** The last card the connector received for a conversation, whether posted or updated in place. */
const cardFor = (user: TestUser, match?: (card: any) => boolean) => fx.lastCardFor(user, match);
const requestsCard = (user: TestUser) => cardFor(user, (card) => cardTexts(card).includes('Contact requests'));
const agentReady = async (user: TestUser) => {
  await fx.desk.install({ user });
  await fx.desk.invoke('phone.set', { phone: '+4512345678' }, { user });
  const card = await fx.desk.invoke('status.set', { state: 'Available' }, { user });
  expect(cardTexts(card.body.value)).toContain('Available');
};
/** Scene: Søren is Available and the chat chat-1 from Jane Doe is offered to him (PO-1). */
const offered = async () => {
  await agentReady(SOREN);
  expect((await fx.desk.event(chat('chat-1'))).status).toBe(202);
};
/** Scene: Søren accepted chat-1 and is chatting with Jane Doe. */
const accepted = async () => {
  await offered();
  expect((await fx.desk.invoke('requests.accept', { contactId: 'chat-1' })).body.statusCode).toBe(200);
};
/** Scene: Jane Doe ended chat-1; Søren is in wrap-up (WRAP-1). */
const endedByCustomer = async () => {
  await accepted();
  expect((await fx.desk.event({ id: nextId('evt'), type: 'contact.ended', contactId: 'chat-1', by: 'customer' })).status).toBe(202);
};

describe('a chat from offer to wrap-up, through the signed platform API and proactive cards', () => {
  it("PO-1, PO-4: an offered chat pops up in the agent's chat with its variables, never the secure one", async () => {
    await agentReady(SOREN);
    const response = await fx.desk.event(chat('chat-1'));
    expect(response).toEqual({ status: 202, body: { status: 'accepted' } });
    const card = requestsCard(SOREN);
    const texts = cardTexts(card).join('\n');
    expect(texts).toContain('Chat · Technical Support');
    // Admin labels, not the platform's (PO-4).
    expect(texts).toContain('Account number: AC-7781');
    expect(JSON.stringify(fx.connector.calls)).not.toContain('010203-1234');
    expect(fx.desk.logs.join('\n')).not.toContain('010203-1234');
    // PO-1: the connect notice and the request arrive in one message (one Bot Connector call, issue 10's send budget).
    const sends = fx.connector.calls.filter((c) => decodeURIComponent(c.path).includes(`personal-${SOREN.id}`) && c.method !== 'DELETE');
    const connecting = sends.filter((c) => JSON.stringify(c.body).includes('Connecting: a new chat request'));
    expect(connecting).toHaveLength(1);
    expect(cardTexts((connecting[0]!.body as any).attachments[0].content).join('\n')).toContain('Chat · Technical Support');
  });

  it('ST-7: the agent cannot log out while the popover is pending', async () => {
    await offered();
    const card = await fx.desk.invoke('status.set', { state: 'LoggedOut' });
    expect(cardTexts(card.body.value)).toContain('Act on your pending contact requests first.');
  });

  it('PO-1: Accept shows the interaction card; the popover is updated in place, not re-sent', async () => {
    await offered();
    const postsBefore = fx.connector.calls.filter((c) => c.method === 'POST').length;
    const accepted = await fx.desk.invoke('requests.accept', { contactId: 'chat-1' });
    expect(cardTexts(accepted.body.value)).toContain('No pending requests.');
    const interaction = cardFor(SOREN, (card) => cardTexts(card).includes('Chat with Jane Doe'));
    expect(cardTexts(interaction)).toContain('Connected');
    expect(JSON.stringify(interaction)).not.toContain('010203-1234');
    expect(cardTexts(interaction).join('\n')).toContain('National ID: •••••• (hidden)');
    // One new message (the interaction card); the requests card was a PUT to its own id.
    expect(fx.connector.calls.filter((c) => c.method === 'POST').length).toBe(postsBefore + 1);
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Engaged');
  });

  it('CAD-1: an edited variable is saved and a stale second save is told it was not saved', async () => {
    await accepted();
    const saved = await fx.desk.invoke('variables.save', { contactId: 'chat-1', versions: { notes: 0 }, var_notes: 'Wants a refund' });
    expect(saved.body.value.body.some((e: any) => e.id === 'var_notes' && e.value === 'Wants a refund')).toBe(true);
    const stale = await fx.desk.invoke('variables.save', { contactId: 'chat-1', versions: { notes: 0 }, var_notes: 'Something else' });
    expect(cardTexts(stale.body.value).join('\n')).toContain('Not saved: someone else changed Notes first');
    expect(JSON.stringify(stale.body.value)).toContain('Wants a refund');
  });

  it('CAD-1: a value over 256 characters is refused by the server too', async () => {
    await accepted();
    const response = await fx.desk.invoke('variables.save', { contactId: 'chat-1', versions: { notes: 0 }, var_notes: 'x'.repeat(300) });
    expect(cardTexts(response.body.value).join('\n')).toContain('Notes may be at most 256 characters.');
  });

  it('WRAP-1: the customer ends the chat: the interaction message turns into the wrap-up in place, saying how it ended', async () => {
    await accepted();
    const postsBefore = fx.connector.calls.filter((c) => c.method === 'POST').length;
    expect((await fx.desk.event({ id: nextId('evt'), type: 'contact.ended', contactId: 'chat-1', by: 'customer' })).status).toBe(202);
    const wrapUp = cardFor(SOREN, (card) => cardTexts(card).includes('Wrap-up'));
    expect(cardTexts(wrapUp).join(' ')).toContain('Ended by the customer');
    // One message per contact: an update in place, no new message.
    expect(fx.connector.calls.filter((c) => c.method === 'POST').length).toBe(postsBefore);
    const codes = wrapUp.body.find((e: any) => e.type === 'Input.ChoiceSet');
    expect(codes).toMatchObject({ id: 'code', style: 'filtered', isRequired: true });
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('WrapUp');
  });

  it('WRAP-1: a wrap-up code returns the agent to Available', async () => {
    await endedByCustomer();
    const missing = await fx.desk.invoke('wrapUp.submit', { contactId: 'chat-1' });
    expect(cardTexts(missing.body.value)).toContain('Choose a wrap-up code.');
    const done = await fx.desk.invoke('wrapUp.submit', { contactId: 'chat-1', code: 'resolved' });
    expect(cardTexts(done.body.value)).toContain('Wrapped up: Resolved.');
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Available');
  });
});

describe("a handled contact's cost in Bot Connector calls (issue 10: a tenant's send budget)", () => {
  it('PO-1, WRAP-1: a chat offered, accepted, ended by the customer and wrapped up costs at most 4 sends with the status card in the chat', async () => {
    await agentReady(SOREN);
    const before = fx.connector.calls.length;
    expect((await fx.desk.event(chat('chat-1'))).status).toBe(202);
    expect((await fx.desk.invoke('requests.accept', { contactId: 'chat-1' })).body.statusCode).toBe(200);
    expect((await fx.desk.event({ id: nextId('evt'), type: 'contact.ended', contactId: 'chat-1', by: 'customer' })).status).toBe(202);
    const done = await fx.desk.invoke('wrapUp.submit', { contactId: 'chat-1', code: 'resolved' });
    expect(cardTexts(done.body.value)).toContain('Wrapped up: Resolved.');
    await fx.desk.app.outbox.drain();
    const sends = fx.connector.calls.slice(before);
    // Every post, update and delete counts against Teams' per-tenant rate.
    expect(sends.map((c) => c.method).length).toBeLessThanOrEqual(4);
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Available');
  });
});

describe('stacked requests (PO-3)', () => {
  const LINE: TestUser = { id: '29:line', aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000007', name: 'Line Berg' };

  it('PO-3: seven requests show "1-5 of 7" in channel order, and "Accept 7 requests" accepts them all', async () => {
    await agentReady(LINE);
    const channels = ['voice', 'chat', 'social', 'email', 'chat', 'email', 'social', 'chat'];
    const ids: string[] = [];
    for (const [i, channel] of channels.entries()) {
      const id = `stack-${i}`;
      ids.push(id);
      const queue = channel === 'voice' ? 'billing' : 'tech';
      expect((await fx.desk.event(chat(id, { channel, queue, from: `Customer ${i}` }))).status).toBe(202);
    }
    const card = requestsCard(LINE);
    const texts = cardTexts(card);
    expect(texts).toContain('1-5 of 8');
    const headings = texts.filter((t) => / · (Technical Support|Billing)$/.test(t));
    expect(headings).toEqual([
      'Email · Technical Support',
      'Email · Technical Support',
      'Social message · Technical Support',
      'Social message · Technical Support',
      'Chat · Technical Support',
    ]);
    const acceptAll = cardActions(card).find((a) => a.verb === 'requests.acceptAll');
    expect(acceptAll?.title).toBe('Accept 7 requests');

    const page2 = await fx.desk.invoke('requests.page', { page: 1 }, { user: LINE });
    expect(cardTexts(page2.body.value)).toContain('6-8 of 8');
    expect(cardTexts(page2.body.value).join('\n')).toContain('Ringing');

    const accepted = await fx.desk.invoke('requests.acceptAll', { contactIds: acceptAll!.data.contactIds }, { user: LINE });
    expect(accepted.status).toBe(200);
    const agent = await fx.desk.app.service.agent(LINE.aadObjectId);
    expect(agent?.active).toHaveLength(7);
    expect(agent?.offers).toEqual(['stack-0']);
    expect(cardTexts(accepted.body.value).join('\n')).toContain('Call · Billing');
  });
});

describe('the platform API answers as specified', () => {
  /** Every record of the desk's collections, as stored. */
  const everything = async () => {
    const collections = ['agent', 'contact', 'event', 'ready', 'waiting', 'call', 'due', 'present'];
    return Promise.all(collections.map((name) => fx.desk.app.store.scan(name)));
  };

  it('SPEC 10: replaying an event id is answered 200 and changes nothing', async () => {
    const event = {
      id: 'evt-replay',
      type: 'contact.offered',
      contact: { id: 'replay-1', channel: 'email', kind: 'inbound', queue: 'tech', from: 'a@b.example' },
    };
    expect((await fx.desk.event(event)).status).toBe(202);
    const before = await fx.desk.app.service.contacts(['replay-1']);
    expect(await fx.desk.event(event)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await fx.desk.app.service.contacts(['replay-1'])).toEqual(before);
  });

  it('SPEC 10: an event that does not fit the state is 409 with the reason, and the store is unchanged', async () => {
    // Something to leave untouched: a waiting email.
    await fx.desk.event({
      id: 'evt-waiting',
      type: 'contact.offered',
      contact: { id: 'waiting-1', channel: 'email', kind: 'inbound', queue: 'tech', from: 'a@b.example' },
    });
    const before = await everything();
    expect(before.flat().length).toBeGreaterThan(0);
    const response = await fx.desk.event({ id: 'evt-409', type: 'contact.answered', contactId: 'no-such-contact' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('contact.unknown');
    expect(await everything()).toEqual(before);
    // A refused id is not remembered: the platform may send a corrected event with it later.
    expect((await fx.desk.app.store.read(['event/evt-409'])).size).toBe(0);
  });
});
