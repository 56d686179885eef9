import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import type { Agent } from '../../src/engine/model.js';
import { agent, indexed, policy, routableIds, stateWith, T0, T1 } from './fixtures.js';

const decide = createDecide(policy);
const actor = { id: 'a1', name: 'Åsa Lind' };
type SetStatus = Extract<AgentCommand, { type: 'status.set' }>;
const set = (state: string, code?: string): SetStatus => ({ type: 'status.set', actor, state, ...(code ? { code } : {}) });
const run = (current: Agent | undefined, cmd: SetStatus) => decide(stateWith(current ? [current] : []), cmd, T1);

describe('agent status transitions', () => {
  const allowed: Array<[string, Agent, SetStatus, Partial<Agent>]> = [
    ['ST-1: LoggedOut -> Available', agent('LoggedOut'), set('Available'), { state: 'Available' }],
    ['ST-1: Available -> WorkingOffline', agent('Available'), set('WorkingOffline'), { state: 'WorkingOffline' }],
    ['ST-1: Available -> Break', agent('Available'), set('Break'), { state: 'Break' }],
    ['ST-1: Break -> LoggedOut', agent('Break'), set('LoggedOut'), { state: 'LoggedOut' }],
    ['ST-4: Available -> Idle with a known code', agent('Available'), set('Idle', 'lunch'), { state: 'Idle', code: 'lunch' }],
    ['ST-4: Idle(lunch) -> Idle(meeting) changes the code', agent('Idle', { code: 'lunch' }), set('Idle', 'meeting'), { state: 'Idle', code: 'meeting' }],
    ['ST-4: leaving Idle drops the code', agent('Idle', { code: 'lunch' }), set('Available'), { state: 'Available', code: undefined }],
    ['ST-4: a code sent with a state that takes none is ignored', agent('Available'), set('Break', 'lunch'), { state: 'Break', code: undefined }],
    ['ST-6: RONA -> Available', agent('RONA'), set('Available'), { state: 'Available' }],
    [
      'ST-5: a chat-only agent goes Available without a phone',
      agent('LoggedOut', { id: 'chat-only', phone: undefined }),
      set('Available'),
      { state: 'Available' },
    ],
  ];
  it.each(allowed)('%s', (_name, current, cmd, expected) => {
    const result = run(current, { ...cmd, actor: { id: current.id, name: current.name } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const next = result.value.state.agents.get(current.id)!;
    const { code: expectedCode, ...rest } = expected;
    expect(next).toMatchObject({ ...rest, stateSince: T1.toISOString() });
    expect(next.code).toBe(expectedCode);
    expect(result.value.effects).toContainEqual({
      type: 'notify',
      event: expect.objectContaining({ kind: 'agent.statusChanged', from: current.state, to: expected.state }),
    });
    // The agent's own choice is answered on the card they pressed: no separate status-card update.
    expect(result.value.effects).not.toContainEqual({ type: 'showStatus', agentId: current.id });
    // ANS-1: the router's index lists exactly the Available agents.
    expect(routableIds(indexed(result.value.state.agents.values(), []))).toEqual(expected.state === 'Available' ? [current.id] : []);
  });

  const refused: Array<[string, Agent, SetStatus, string]> = [
    ['ST-1: RONA is set by the system only', agent('Available'), set('RONA'), 'status.systemOnly'],
    ['ST-1: Engaged is set by the system only', agent('Available'), set('Engaged'), 'status.systemOnly'],
    ['ST-1: WrapUp is set by the system only', agent('Available'), set('WrapUp'), 'status.systemOnly'],
    ['ST-1: an unknown state name is refused', agent('Available'), set('Sleeping'), 'status.unknownState'],
    ['ST-1: Engaged blocks status changes', agent('Engaged'), set('Break'), 'status.busy'],
    ['ST-1: WrapUp must be finished first', agent('WrapUp'), set('Available'), 'status.wrapUpPending'],
    ['ST-4: Idle without a code is refused', agent('Available'), set('Idle'), 'status.codeRequired'],
    ['ST-4: Idle with a blank code is refused', agent('Available'), set('Idle', '   '), 'status.codeRequired'],
    ['ST-4: Idle with a code the admin never defined is refused', agent('Available'), set('Idle', 'nap'), 'status.unknownCode'],
    ['ST-5: Available needs a registered phone for voice', agent('LoggedOut', { phone: undefined }), set('Available'), 'status.phoneRequired'],
    ['ST-6: only Available leaves RONA', agent('RONA'), set('Idle', 'lunch'), 'status.ronaOnlyAvailable'],
    ['ST-6: RONA cannot log out directly', agent('RONA'), set('LoggedOut'), 'status.ronaOnlyAvailable'],
  ];
  it.each(refused)('%s', (_name, current, cmd, code) => {
    const result = run(current, cmd);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('ST-3: choosing the current state again keeps the timer running', () => {
    const result = run(agent('Idle', { code: 'lunch' }), set('Idle', 'lunch'));
    expect(result.ok && result.value.state.agents.get('a1')?.stateSince).toBe(T0.toISOString());
    expect(result.ok && result.value.effects).toEqual([]);
  });

  it('ST-3: a state change restarts the timer at the decision time', () => {
    const result = run(agent('Available'), set('Break'));
    expect(result.ok && result.value.state.agents.get('a1')?.stateSince).toBe(T1.toISOString());
  });

  it('ST-1: an agent the desk has never seen starts logged out, then changes state', () => {
    const result = run(undefined, set('Break'));
    expect(result.ok && result.value.state.agents.get('a1')).toMatchObject({ id: 'a1', name: 'Åsa Lind', state: 'Break' });
  });

  it('ST-1: a refused change leaves the state object untouched', () => {
    const before = stateWith([agent('Available')]);
    const frozen = structuredClone(before);
    decide(before, set('Idle'), T1);
    expect(before).toEqual(frozen);
  });
});

describe('phone registration (ST-5)', () => {
  const phone = (value: string) => ({ type: 'phone.set' as const, actor, phone: value });
  it.each([
    ['+45 12 34 56 78', '+4512345678'],
    ['+1 (425) 555-0100', '+14255550100'],
    ['sip:asa.lind@contoso.com', 'sip:asa.lind@contoso.com'],
    ['SIPS:agent7@pbx.contoso.com:5061', 'sips:agent7@pbx.contoso.com:5061'],
  ])('ST-5: %s is stored as %s', (input, stored) => {
    const result = decide(stateWith([agent('LoggedOut', { phone: undefined })]), phone(input), T1);
    expect(result.ok && result.value.state.agents.get('a1')?.phone).toBe(stored);
  });

  it.each(['12345678', '+0123456789', '+45 12ab5678', 'sip:nobody', 'tel:+4512345678', '', '+1234', `+${'1'.repeat(16)}`])(
    'ST-5: %j is refused as invalid',
    (input) => {
      const result = decide(stateWith([agent('LoggedOut', { phone: undefined })]), phone(input), T1);
      expect(result).toMatchObject({ ok: false, error: { code: 'phone.invalid' } });
    },
  );

  it('ST-5: after registering a phone the agent can go Available', () => {
    const start = stateWith([agent('LoggedOut', { phone: undefined })]);
    const registered = decide(start, phone('+4512345678'), T1);
    if (!registered.ok) throw new Error('registration refused');
    const available = decide(registered.value.state, set('Available'), T1);
    expect(available.ok && available.value.state.agents.get('a1')?.state).toBe('Available');
  });
});
