import { describe, expect, it } from 'vitest';
import shipped from '../../config/desk.json' with { type: 'json' };
import { parseDeskConfig } from '../../src/desk-config.js';
import { cardActions, cardTexts, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const LEAD: TestUser = { id: '29:lene', aadObjectId: 'c0c0c0c0-0000-4000-8000-00000000000a', name: 'Lene Lead' };
const OTHER_LEAD: TestUser = { id: '29:lars', aadObjectId: 'c0c0c0c0-0000-4000-8000-00000000000b', name: 'Lars Lead' };
const AGENT: TestUser = { id: '29:aino', aadObjectId: 'c0c0c0c0-0000-4000-8000-00000000000c', name: 'Aino Agent' };
const NEVER_INSTALLED = 'c0c0c0c0-0000-4000-8000-00000000000d';
const desk = parseDeskConfig(
  {
    ...shipped,
    teams: [
      { id: 'support', name: 'Support', channels: ['chat'], members: [AGENT.aadObjectId, NEVER_INSTALLED], leads: [LEAD.aadObjectId] },
      { id: 'sales', name: 'Sales', channels: ['email'], members: [], leads: [OTHER_LEAD.aadObjectId] },
    ],
    defaultTeam: 'sales',
  },
  'test',
);

const fx = useDesk({ overrides: { desk } });

const invokeCard = async (verb: string, data: Record<string, unknown>, user: TestUser) => {
  const response = await fx.desk.invoke(verb, data, { user });
  expect(response.status).toBe(200);
  expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return response.body.value as Record<string, unknown>;
};
const factsOf = (card: unknown) => new Map(cardTexts(card).flatMap((t) => (t.includes(': ') ? [t.split(': ') as [string, string]] : [])));
const composeDraft = async (user: TestUser) => {
  await fx.desk.message('post', { user });
  const card = fx.lastCardFor(user);
  return cardActions(card).find((a) => a.verb === 'message.send')?.data.draftId as string;
};

describe('team-lead messages in Teams (MSG-1, MSG-2)', () => {
  it('MSG-1: a lead posts to their team; the agent gets an urgent card, acknowledges it in place; the report shows sent, not installed and 1 acknowledged', async () => {
    await fx.desk.install({ user: LEAD });
    await fx.desk.install({ user: AGENT });
    const draftId = await composeDraft(LEAD);
    expect(draftId).toBeTruthy();
    const report = await invokeCard('message.send', { draftId, audience: 'team:support', text: 'Huddle at 10 in room 4', importance: 'urgent' }, LEAD);
    expect(cardTexts(report)).toContain('Delivery report');
    expect(factsOf(report).get('Recipients')).toBe('2');
    await fx.desk.app.outbox.drain();

    const message = fx.lastCardFor(AGENT, (card) => cardTexts(card).includes('Huddle at 10 in room 4'));
    expect(cardTexts(message)).toContain('URGENT');
    const ack = cardActions(message).find((a) => a.verb === 'message.ack');
    expect(ack?.title).toBe('Acknowledge');
    const acknowledged = await invokeCard('message.ack', ack!.data, AGENT);
    expect(cardActions(acknowledged).some((a) => a.verb === 'message.ack')).toBe(false);
    expect(cardTexts(acknowledged).some((t) => t.startsWith('Acknowledged'))).toBe(true);

    const refreshed = await invokeCard('report.refresh', { broadcastId: ack!.data.broadcastId }, LEAD);
    const facts = factsOf(refreshed);
    expect(facts.get('Sent')).toBe('1');
    expect(facts.get('Not installed')).toBe('1');
    expect(facts.get('Pending')).toBe('0');
    expect(facts.get('Acknowledged')).toBe('1 / 2');
    // On request, who has not acknowledged: the member who never installed the app.
    const pending = await invokeCard('report.refresh', { broadcastId: ack!.data.broadcastId, pending: true }, LEAD);
    expect(cardTexts(pending)).toContain('Not acknowledged yet (1)');
    expect(cardTexts(pending)).toContain(NEVER_INSTALLED);

    // The agent's list: newest first, acknowledged.
    await fx.desk.message('messages', { user: AGENT });
    const list = fx.lastCardFor(AGENT);
    expect(cardTexts(list)).toContain('All acknowledged');
    expect(cardTexts(list)).toContain('Huddle at 10 in room 4');
  });

  it('MSG-2: pressing Send twice (a retried invoke) creates one broadcast and one message per recipient', async () => {
    await fx.desk.install({ user: LEAD });
    await fx.desk.install({ user: AGENT });
    const draftId = await composeDraft(LEAD);
    const data = { draftId, audience: `agent:${AGENT.aadObjectId}`, text: 'Only once, please', importance: 'normal' };
    await invokeCard('message.send', data, LEAD);
    await invokeCard('message.send', data, LEAD);
    await fx.desk.app.outbox.drain();
    const sent = fx.connector.calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Only once, please'));
    expect(sent).toHaveLength(1);
    expect((await fx.desk.app.store.scan('broadcast')).filter((r) => (r.value as { text: string }).text === 'Only once, please')).toHaveLength(1);
  });

  it('MSG-1: refusals are localized and nothing is sent: not a lead, another lead’s team, too long (with the count)', async () => {
    await fx.desk.install({ user: AGENT });
    await fx.desk.message('post', { user: AGENT, locale: 'da-DK' });
    expect(cardTexts(fx.lastCardFor(AGENT))).toContain('Kun teamledere kan gøre dette. Bed din administrator om at gøre dig til leder af et team.');

    const before = (await fx.desk.app.store.scan('broadcast')).length;
    const draftId = await composeDraft(LEAD);
    const other = await invokeCard('message.send', { draftId, audience: 'team:sales', text: 'Hello sales' }, LEAD);
    expect(cardTexts(other)).toContain('You do not lead that team: you can post only to your own teams.');
    const long = await invokeCard('message.send', { draftId, audience: 'team:support', text: 'x'.repeat(2001) }, LEAD);
    expect(cardTexts(long)).toContain('The message has 2001 characters; at most 2000 are allowed.');
    const notLead = await invokeCard('message.send', { draftId: 'd-agent', audience: 'led', text: 'Hi' }, AGENT);
    expect(cardTexts(notLead).join('\n')).toContain('Only team leads can do this.');
    expect((await fx.desk.app.store.scan('broadcast')).length).toBe(before);
  });
});

describe('the leads’ board card (STAT-1)', () => {
  it('STAT-1: the board shows the lead’s agents with state, time in state and code, and the queues their teams serve; a status change shows on refresh', async () => {
    await fx.desk.install({ user: LEAD });
    await fx.desk.install({ user: AGENT });
    await fx.desk.invoke('status.set', { state: 'Idle', code: 'lunch' }, { user: AGENT });
    const board = await invokeCard('board.show', {}, LEAD);
    const texts = cardTexts(board);
    expect(texts).toContain('Team board');
    expect(texts).toContain('Aino Agent');
    expect(texts).toContain('Idle');
    expect(texts.some((t) => t.includes('Lunch') && t.includes('in state'))).toBe(true);
    expect(board.refresh).toMatchObject({ action: { verb: 'board.refresh' }, userIds: [LEAD.id] });

    await fx.desk.invoke('status.set', { state: 'Break' }, { user: AGENT });
    const after = await invokeCard('board.refresh', {}, LEAD);
    expect(cardTexts(after)).toContain('Break');

    // A favourite sorts first and keeps its star.
    const starred = await invokeCard('board.favourite', { agentId: AGENT.aadObjectId, on: true }, LEAD);
    expect(cardActions(starred).find((a) => a.verb === 'board.favourite')?.title).toBe('★');
  });

  it('STAT-1: someone who leads no team gets a refusal, not a board', async () => {
    const card = await invokeCard('board.show', {}, AGENT);
    expect(cardTexts(card).join('\n')).toContain('Only team leads can do this.');
  });
});

describe('a platform switch (ST-8)', () => {
  it('ST-8: a lead announces a switch; agents get the notice; after the final notice and the grace an agent still logged in is logged out by the persisted deadline', async () => {
    await fx.desk.install({ user: LEAD });
    await fx.desk.install({ user: AGENT });
    await fx.desk.invoke('status.set', { state: 'Break' }, { user: AGENT });
    const draftId = await composeDraft(LEAD);
    await invokeCard('switch.announce', { draftId, switchMinutes: 30, switchText: 'Moving to the new platform' }, LEAD);
    await fx.desk.app.outbox.drain();
    const notice = fx.lastCardFor(AGENT, (card) => cardTexts(card).includes('Moving to the new platform'));
    expect(cardTexts(notice).join('\n')).toMatch(/10 (minutes|minutter)/);
    // 30 minutes to the switch, 10 minutes of grace: the deadline is persisted in the due index.
    const due = await fx.desk.app.store.scan('due');
    const logout = due.find((r) => r.key.includes('logout:'));
    expect(logout?.sort).toBe('2026-11-20T09:40:00.000Z');
    fx.desk.setNow('2026-11-20T09:40:01.000Z');
    await fx.desk.app.service.execute({ type: 'timer.fire', timerId: (logout!.value as { id: string }).id, at: logout!.sort });
    expect((await fx.desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('LoggedOut');
  });
});
