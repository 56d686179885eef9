import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import { messageId, type Broadcast, type LeadMessage } from '../../src/engine/lead-model.js';
import type { DeskState } from '../../src/engine/model.js';
import { logoutTimerId } from '../../src/engine/timers.js';
import { agent, policy, stateWith, T0, T1 } from './fixtures.js';

const decide = createDecide(policy);
const lead1 = { id: 'lead1', name: 'Lene Lead' };
const lead2 = { id: 'lead2', name: 'Lars Lead' };
// a1, a2 in support (lead1); a3 in sales (lead2); a9 listed nowhere: the default team general (lead2).
const roster = ['a1', 'a2', 'a3', 'a9', 'lead1'];
const desk = (extra: Partial<DeskState> = {}): DeskState => ({
  ...stateWith([agent('Available'), agent('Break', { id: 'a2', name: 'Bo Ek' }), agent('Idle', { id: 'a3', name: 'Cai', code: 'lunch' })]),
  roster,
  broadcasts: new Map(),
  messages: new Map(),
  ...extra,
});
const post = (actor: { id: string; name: string }, audience: Extract<Command, { type: 'message.post' }>['audience'], text = 'Huddle at 10', id = 'b1') =>
  ({ type: 'message.post', actor, broadcastId: id, audience, text, importance: 'normal' }) as const;

describe('team-lead messages (MSG-1)', () => {
  const audiences: Array<[string, Command, string[]]> = [
    ['MSG-1: one agent of the lead’s team', post(lead1, { kind: 'agent', id: 'a2' }), ['a2']],
    ['MSG-1: a team the lead leads', post(lead1, { kind: 'team', id: 'support' }), ['a1', 'a2']],
    ['MSG-1: a queue’s agents are the agents of the lead’s teams that serve it', post(lead2, { kind: 'queue', id: 'billing' }), ['a3', 'a9']],
    ['MSG-1: everyone the lead leads, with the default team’s agents listed nowhere', post(lead2, { kind: 'led' }), ['a3', 'a9']],
    ['MSG-1: the default team’s lead reaches agents no team lists', post(lead2, { kind: 'team', id: 'general' }), ['a9']],
  ];
  it.each(audiences)('%s', (_name, cmd, recipients) => {
    const result = decide(desk(), cmd, T0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const broadcast = result.value.state.broadcasts?.get('b1');
    expect(broadcast).toMatchObject({ kind: 'message', leadId: cmd.type === 'message.post' ? cmd.actor.id : '', recipients: recipients.length });
    expect([...(result.value.changes.messages ?? [])].sort()).toEqual(recipients.map((r) => messageId('b1', r)).sort());
    expect(result.value.effects).toContainEqual({ type: 'deliverMessage', broadcastId: 'b1', recipients: expect.arrayContaining(recipients) });
    // Nothing an agent's own turn writes is written by a post: no agent record changes except the lead's own registration.
    expect([...result.value.changes.agents].filter((id) => !id.startsWith('lead'))).toEqual([]);
  });

  const refused: Array<[string, Command, string]> = [
    ['MSG-1: someone who leads no team may not post', post({ id: 'a1', name: 'Åsa' }, { kind: 'led' }), 'lead.notALead'],
    ['MSG-1: a lead may not post to another lead’s team', post(lead1, { kind: 'team', id: 'sales' }), 'lead.notYourTeam'],
    ['MSG-1: a lead may not post to an agent of another lead’s team', post(lead1, { kind: 'agent', id: 'a3' }), 'lead.notYourAgent'],
    ['MSG-1: a lead may not post to a queue none of their teams serves', post(lead2, { kind: 'queue', id: 'nowhere' }), 'lead.queueNotServed'],
    ['MSG-1: a blank message is refused', post(lead1, { kind: 'led' }, '   '), 'message.empty'],
    ['MSG-1: more than 2,000 characters are refused with the count', post(lead1, { kind: 'led' }, 'å'.repeat(2001)), 'message.tooLong'],
  ];
  it.each(refused)('%s', (_name, cmd, code) => {
    const result = decide(desk(), cmd, T0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    if (code === 'message.tooLong') expect(result.error.details).toEqual({ count: 2001, max: 2000 });
  });

  it('MSG-1: exactly 2,000 characters (counted as a person counts them, emoji included) are accepted', () => {
    expect(decide(desk(), post(lead1, { kind: 'led' }, '🙂'.repeat(2000)), T0).ok).toBe(true);
  });

  it('MSG-2: pressing Send twice (or Teams retrying the invoke) creates one broadcast: the second changes nothing', () => {
    const first = decide(desk(), post(lead1, { kind: 'team', id: 'support' }), T0);
    if (!first.ok) throw new Error('refused');
    const again = decide(
      desk({ broadcasts: first.value.state.broadcasts!, messages: first.value.state.messages! }),
      post(lead1, { kind: 'team', id: 'support' }),
      T1,
    );
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.changes.broadcasts?.size ?? 0).toBe(0);
    expect(again.value.changes.messages?.size ?? 0).toBe(0);
    expect(again.value.effects.filter((e) => e.type === 'deliverMessage')).toEqual([]);
  });
});

describe('acknowledgements (MSG-1)', () => {
  const broadcast: Broadcast = {
    id: 'b1',
    kind: 'message',
    leadId: 'lead1',
    leadName: 'Lene Lead',
    audience: { kind: 'team', id: 'support' },
    text: 'Huddle',
    importance: 'urgent',
    createdAt: T0.toISOString(),
    recipients: 2,
  };
  const copy = (id: string): LeadMessage => ({ id: messageId('b1', id), broadcastId: 'b1', recipientId: id, createdAt: T0.toISOString() });
  const state = () => desk({ broadcasts: new Map([['b1', broadcast]]), messages: new Map([[copy('a1').id, copy('a1')]]) });

  it('MSG-1: an agent acknowledges: only their own copy is written, and the lead’s report is asked to update', () => {
    const result = decide(state(), { type: 'message.ack', actor: { id: 'a1', name: 'Åsa Lind' }, broadcastId: 'b1' }, T1);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.state.messages?.get(copy('a1').id)?.ackedAt).toBe(T1.toISOString());
    expect([...(result.value.changes.messages ?? [])]).toEqual([copy('a1').id]);
    expect(result.value.changes.broadcasts?.size ?? 0).toBe(0);
    expect(result.value.effects).toContainEqual({ type: 'showReport', broadcastId: 'b1', leadId: 'lead1' });
  });

  it('MSG-1: someone without a copy cannot acknowledge it', () => {
    const result = decide(state(), { type: 'message.ack', actor: { id: 'a3', name: 'Cai' }, broadcastId: 'b1' }, T1);
    expect(result.ok ? 'ok' : result.error.code).toBe('message.unknown');
  });
});

describe('platform switch (ST-8)', () => {
  const at = '2026-11-20T10:00:00.000Z';
  it('ST-8: a lead announces a switch: a notice now, the final notice at the switch, a logout deadline for each agent after the grace', () => {
    const result = decide(desk(), { type: 'switch.announce', actor: lead1, broadcastId: 's1', at, text: '' }, T0);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.effects).toContainEqual({ type: 'showNotice', broadcastId: 's1', to: ['a1', 'a2'], at });
    expect(result.value.state.messages?.get(messageId('s1', 'a1'))?.logoutAt).toBe('2026-11-20T10:10:00.000Z');
  });

  it('ST-8: the platform announces a switch to every agent; a time already past is refused', () => {
    const result = decide(desk(), { type: 'switch.platform', broadcastId: 's2', at, text: 'New platform' }, T0);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.state.broadcasts?.get('s2')).toMatchObject({ kind: 'switch', importance: 'urgent', recipients: 4, switchAt: at });
    const past = decide(desk(), { type: 'switch.platform', broadcastId: 's3', at: '2026-11-20T08:00:00.000Z', text: '' }, T0);
    expect(past.ok ? 'ok' : past.error.code).toBe('switch.timeInPast');
  });

  const deadline = '2026-11-20T10:10:00.000Z';
  const notice = (recipientId: string): LeadMessage => ({
    id: messageId('s1', recipientId),
    broadcastId: 's1',
    recipientId,
    createdAt: T0.toISOString(),
    logoutAt: deadline,
  });
  const fire = (state: DeskState, recipientId: string, when = deadline) =>
    decide(state, { type: 'timer.fire', timerId: logoutTimerId(messageId('s1', recipientId)), at: when }, new Date(deadline));

  it('ST-8: at the deadline an agent still logged in is logged out, and their status card says so', () => {
    const result = fire(stateWith([agent('Available')]), 'a1');
    const state = { ...stateWith([agent('Available')]), messages: new Map([[notice('a1').id, notice('a1')]]) };
    const fired = fire(state, 'a1');
    expect(result.ok).toBe(true);
    if (!fired.ok) throw new Error(fired.error.code);
    expect(fired.value.state.agents.get('a1')?.state).toBe('LoggedOut');
    expect(fired.value.state.messages?.get(notice('a1').id)?.logoutAt).toBeUndefined();
    expect(fired.value.effects).toContainEqual({ type: 'showStatus', agentId: 'a1' });
  });

  it('ST-8: an agent on an interaction keeps working; the deadline waits and checks again', () => {
    const state = { ...stateWith([agent('Engaged', { active: ['c1'] })]), messages: new Map([[notice('a1').id, notice('a1')]]) };
    const fired = fire(state, 'a1');
    if (!fired.ok) throw new Error(fired.error.code);
    expect(fired.value.state.agents.get('a1')?.state).toBe('Engaged');
    expect(fired.value.state.messages?.get(notice('a1').id)?.logoutAt).toBe('2026-11-20T10:11:00.000Z');
  });

  it('ST-8: a deadline that moved since it was scheduled changes nothing', () => {
    const state = { ...stateWith([agent('Available')]), messages: new Map([[notice('a1').id, notice('a1')]]) };
    const fired = fire(state, 'a1', '2026-11-20T10:05:00.000Z');
    if (!fired.ok) throw new Error(fired.error.code);
    expect(fired.value.changes.agents.size).toBe(0);
  });
});
