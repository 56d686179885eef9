import { describe, expect, it } from 'vitest';
import { cardActions, cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
/** The lead of the shipped configuration's default team (every agent not listed elsewhere is theirs). */
const LEAD = 'b1f2c3d4-0000-4000-8000-000000000005';
const ASTRID: TestUser = { id: '29:astrid', aadObjectId: 'a0a0a0a0-0000-4000-8000-000000000002', name: 'Astrid Lindgren' };

const fx = useDesk({ env: { PLATFORM_SECRET: SECRET } });
let seq = 0;

/** Calls the tab's API as a development identity (local anonymous mode). */
async function tab(path: string, as: string, body?: unknown, locale = 'en-US'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fx.desk.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-agentdesk-dev-user': as, 'accept-language': locale, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const press = (as: TestUser, verb: string, data: Record<string, unknown>, locale?: string) => tab('/api/tab/action', as.aadObjectId, { verb, data }, locale);
const statusCard = (user: TestUser) => fx.lastCardFor(user, (card) => cardTexts(card).includes('Your status'));

/** Scene: Søren has the bot and his status card in the chat; he is Logged out. */
const installed = async () => {
  await fx.desk.install({ user: SOREN });
  await fx.desk.message('status', { user: SOREN });
  expect(cardTexts(statusCard(SOREN))).toContain('Logged out');
};
/** Scene: Søren saved his phone in the tab. */
const withPhone = async () => {
  await installed();
  expect((await press(SOREN, 'phone.set', { phone: '+45 12 34 56 78' })).body.ok).toBe(true);
};
/** Scene: Søren is Available, set from the tab. */
const available = async () => {
  await withPhone();
  expect((await press(SOREN, 'status.set', { state: 'Available' })).body).toMatchObject({ ok: true, desk: { status: { state: 'Available' } } });
};
/** Scene: the lead's team has Søren (Available) and Astrid (Idle, lunch) on the board (STAT-1). */
const team = async () => {
  await available();
  await fx.desk.install({ user: ASTRID });
  expect((await press(ASTRID, 'status.set', { state: 'Idle', code: 'lunch' })).body.ok).toBe(true);
  const board = await tab('/api/tab/board', LEAD);
  expect(board.body.agents.map((a: any) => a.id)).toEqual(expect.arrayContaining([SOREN.aadObjectId, ASTRID.aadObjectId]));
};

/** Reads server-sent events from the tab's stream until `until` says enough (or the time runs out). */
async function events(
  view: string,
  as: string,
  lastEventId: string | undefined,
  until: (seen: Array<{ event: string; id: string; data: any }>) => boolean,
  act?: () => Promise<unknown>,
) {
  const controller = new AbortController();
  const response = await fetch(`${fx.desk.url}/api/tab/events?view=${view}`, {
    headers: { 'x-agentdesk-dev-user': as, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: Array<{ event: string; id: string; data: any }> = [];
  let buffer = '';
  let acted = false;
  const deadline = setTimeout(() => controller.abort(), 15_000);
  try {
    while (!until(seen)) {
      if (!acted && seen.length > 0 && act) {
        acted = true;
        await act();
      }
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => /^(\w+): ?(.*)$/gm.exec(block) && [...block.matchAll(/^(\w+): ?(.*)$/gm)].find((m) => m[1] === name)?.[2];
        if (field('event')) seen.push({ event: field('event')!, id: field('id') ?? '', data: JSON.parse(field('data') ?? 'null') });
      }
    }
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return seen;
}

describe('the Desk tab for an agent (local anonymous mode, development identity)', () => {
  it('ST-1: the tab shows the status the chat shows, with the same choices', async () => {
    await fx.desk.install({ user: SOREN });
    await fx.desk.message('status', { user: SOREN });
    const desk = await tab('/api/tab/desk', SOREN.aadObjectId);
    expect(desk.status).toBe(200);
    expect(desk.body.me).toEqual({ id: SOREN.aadObjectId, name: SOREN.name });
    expect(desk.body.status).toMatchObject({ state: 'LoggedOut', label: 'Logged out' });
    expect(desk.body.status.actions.map((a: any) => [a.state, a.enabled])).toEqual([
      ['Available', true],
      ['Idle', true],
      ['WorkingOffline', true],
      ['Break', true],
      ['LoggedOut', false],
    ]);
  });

  it('ST-4: a press in the tab is the engine command the card sends: Idle without a code is refused in the reader’s language, nothing changes', async () => {
    await installed();
    const answer = await press(SOREN, 'status.set', { state: 'Idle' }, 'da-DK');
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.error).toMatch(/inaktiv/i);
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('LoggedOut');
  });

  it('ST-1, ST-4: Idle with a code from the tab changes the status, and the status card in the chat is updated in place', async () => {
    await installed();
    const before = fx.connector.calls.length;
    const answer = await press(SOREN, 'status.set', { state: 'Idle', code: 'training' });
    expect(answer.body).toMatchObject({ ok: true, desk: { status: { state: 'Idle', codeLabel: 'Training' } } });
    expect(await fx.desk.app.service.agent(SOREN.aadObjectId)).toMatchObject({ state: 'Idle', code: 'training' });
    await expect.poll(() => fx.connector.calls.slice(before).some((c) => c.method === 'PUT')).toBe(true);
    expect(cardTexts(statusCard(SOREN))).toEqual(expect.arrayContaining(['Idle', 'Training']));
  });

  it('ST-5: the phone saved in the tab is the phone the chat card shows', async () => {
    await installed();
    const answer = await press(SOREN, 'phone.set', { phone: '+45 12 34 56 78' });
    expect(answer.body.desk.status.phone).toBe('+4512345678');
    await expect.poll(() => cardTexts(statusCard(SOREN)).join(' ')).toContain('+4512345678');
  });

  it('PO-3, CAD-1, WRAP-1: requests, the interaction (secure values masked) and wrap-up are our card templates, and their buttons work from the tab', async () => {
    await withPhone();
    await press(SOREN, 'status.set', { state: 'Available' });
    const offered = await fx.desk.event(
      {
        id: `evt-${++seq}`,
        type: 'contact.offered',
        contact: {
          id: 'tab-chat-1',
          channel: 'chat',
          kind: 'inbound',
          queue: 'tech',
          from: 'Jane Doe',
          variables: [
            { name: 'customerName', label: 'Customer', value: 'Jane Doe' },
            { name: 'cpr', label: 'National ID', value: '010203-1234', secure: true },
            { name: 'notes', label: 'Notes', value: '', editable: true },
          ],
        },
      },
      SECRET,
    );
    expect(offered.status).toBe(202);
    const desk = (await tab('/api/tab/desk', SOREN.aadObjectId)).body;
    expect(desk.requests.type).toBe('AdaptiveCard');
    expect(cardActions(desk.requests).map((a) => [a.verb, a.data.contactId])).toContainEqual(['requests.accept', 'tab-chat-1']);

    const accepted = await press(SOREN, 'requests.accept', { contactId: 'tab-chat-1' });
    expect(accepted.body.ok).toBe(true);
    const [interaction] = accepted.body.desk.interactions;
    const texts = cardTexts(interaction).join('\n');
    expect(texts).toContain('Jane Doe');
    expect(JSON.stringify(interaction)).not.toContain('010203-1234');
    // Consult and transfer stay on the chat card: no expert search or target lists in the tab.
    expect(cardActions(interaction).map((a) => a.verb)).not.toContain('consult.search');

    const saved = await press(SOREN, 'variables.save', { contactId: 'tab-chat-1', versions: { notes: 0 }, var_notes: 'Wants a callback' });
    expect(saved.body.ok).toBe(true);
    const [contact] = await fx.desk.app.service.contacts(['tab-chat-1']);
    expect(contact?.variables.find((v) => v.name === 'notes')).toMatchObject({ value: 'Wants a callback', version: 1 });

    const ended = await press(SOREN, 'contact.end', { contactId: 'tab-chat-1' });
    expect(ended.body.desk.status.state).toBe('WrapUp');
    expect(cardActions(ended.body.desk.wrapUps[0]).map((a) => a.verb)).toContain('wrapUp.submit');
    const done = await press(SOREN, 'wrapUp.submit', { contactId: 'tab-chat-1', code: 'resolved' });
    expect(done.body).toMatchObject({ ok: true, desk: { status: { state: 'Available' }, wrapUps: [] } });
  });

  it('bad input gets a 400 with a reason and changes nothing: unknown verbs, bad data, bad JSON', async () => {
    await available();
    expect((await press(SOREN, 'consult.search', { contactId: 'x' })).status).toBe(400);
    expect((await tab('/api/tab/action', SOREN.aadObjectId, { verb: 'status.set', data: { state: 42 } })).status).toBe(400);
    expect((await tab('/api/tab/action', SOREN.aadObjectId, { verb: '__proto__', data: {} })).status).toBe(400);
    const broken = await tab('/api/tab/action', SOREN.aadObjectId, '{"verb":');
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.ts/);
    expect((await tab('/api/tab/events?view=elsewhere', SOREN.aadObjectId)).status).toBe(400);
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Available');
  });

  it('STYLE 12: a development identity must look like an Entra object id; any string is a valid agent id on the board', async () => {
    for (const id of ['__proto__', 'toString', 'constructor', '', 'a'.repeat(300)]) {
      expect((await tab('/api/tab/desk', id)).status).toBe(401);
    }
    for (const id of ['__proto__', 'toString', 'constructor']) {
      expect((await tab('/api/tab/board/favourite', LEAD, { agentId: id, on: true })).status).toBe(204);
      expect((await tab('/api/tab/board/viewed', LEAD, { agentId: id })).status).toBe(204);
    }
    const board = await tab('/api/tab/board', LEAD);
    expect(board.status).toBe(200);
    expect(board.body.agents.map((a: any) => a.id)).not.toContain('__proto__');
  });

  it('only leads see the board: an agent gets 403 and no data', async () => {
    await installed();
    expect(await tab('/api/tab/board', SOREN.aadObjectId)).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect((await tab('/api/tab/events?view=board', SOREN.aadObjectId)).status).toBe(403);
  });
});

describe('the Desk tab for a lead: the live board (STAT-1)', () => {
  it('STAT-1: the board lists the agents with state and idle code, and the queues with waiting contacts and the longest wait', async () => {
    await available();
    await fx.desk.install({ user: ASTRID });
    await press(ASTRID, 'status.set', { state: 'Idle', code: 'lunch' });
    // Nobody serves social right now: the message waits in its queue.
    await press(SOREN, 'status.set', { state: 'Break', code: 'lunch' });
    expect(
      (
        await fx.desk.event(
          {
            id: `evt-${++seq}`,
            type: 'contact.offered',
            contact: { id: 'tab-social-1', channel: 'social', kind: 'inbound', queue: 'tech', from: '@jane', variables: [] },
          },
          SECRET,
        )
      ).status,
    ).toBe(202);
    const board = await tab('/api/tab/board', LEAD, undefined, 'sv-SE');
    expect(board.status).toBe(200);
    expect(board.body.teams).toEqual(['Customer Support']);
    const astrid = board.body.agents.find((a: any) => a.id === ASTRID.aadObjectId);
    expect(astrid).toMatchObject({ name: ASTRID.name, state: 'Idle', stateLabel: 'Inaktiv', codeLabel: 'Lunch' });
    expect(board.body.queues.find((q: any) => q.id === 'tech')).toEqual({
      id: 'tech',
      name: 'Technical Support',
      waiting: 1,
      oldestSince: '2026-11-20T09:00:00.000Z',
    });
    expect(JSON.stringify(board.body)).not.toContain('@jane');
  });

  it('STAT-1: a favourite sorts first and stays so for the lead; a viewed agent is marked recent', async () => {
    await team();
    const before = (await tab('/api/tab/board', LEAD)).body.agents.map((a: any) => a.id);
    const last = before.at(-1);
    expect((await tab('/api/tab/board/favourite', LEAD, { agentId: last, on: true })).status).toBe(204);
    expect((await tab('/api/tab/board/viewed', LEAD, { agentId: SOREN.aadObjectId })).status).toBe(204);
    const after = (await tab('/api/tab/board', LEAD)).body.agents;
    expect(after[0]).toMatchObject({ id: last, favourite: true });
    expect(after.find((a: any) => a.id === SOREN.aadObjectId)).toMatchObject({ recent: true });
    expect((await tab('/api/tab/board/favourite', SOREN.aadObjectId, { agentId: last, on: true })).status).toBe(403);
  });

  it('STAT-1: the lead’s live stream tells of an agent’s state change at once, and a reconnect with Last-Event-ID resumes', async () => {
    await team();
    // Connected: a change of one of the lead's agents arrives as a `changed` event.
    const first = await events(
      'board',
      LEAD,
      undefined,
      (seen) => seen.some((e) => e.event === 'changed'),
      () => press(ASTRID, 'status.set', { state: 'Break', code: 'lunch' }),
    );
    expect(first[0]).toMatchObject({ event: 'ready', data: { missed: true } });
    const changed = first.find((e) => e.event === 'changed')!;
    expect(Number(changed.id)).toBeGreaterThan(Number(first[0]!.id));

    // Back with the last id and nothing happened meanwhile: nothing to reload.
    const resumed = await events('board', LEAD, changed.id, (seen) => seen.length > 0);
    expect(resumed[0]).toMatchObject({ event: 'ready', data: { missed: false } });

    // Away while an agent changed: the stream says so at once on return.
    await press(ASTRID, 'status.set', { state: 'Available' }).catch(() => undefined);
    await press(ASTRID, 'phone.set', { phone: '+4587654321' });
    const missed = await events('board', LEAD, changed.id, (seen) => seen.length > 0);
    expect(missed[0]).toMatchObject({ event: 'ready', data: { missed: true } });
  });

  it('an agent’s stream is not told of other agents’ changes', async () => {
    await team();
    const seen = await events(
      'desk',
      SOREN.aadObjectId,
      undefined,
      (list) => list.length >= 2,
      async () => {
        await press(ASTRID, 'status.set', { state: 'Break', code: 'lunch' });
        await press(SOREN, 'status.set', { state: 'Idle', code: 'lunch' });
      },
    );
    expect(seen.map((e) => e.event)).toEqual(['ready', 'changed']);
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('Idle');
  });
});
