import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import type { Contact, DeskState } from '../../src/engine/model.js';
import type { Effect } from '../../src/engine/effects.js';
import { agent, policy, run, stateWith, T0, timersIn, waitingIds } from './fixtures.js';

const decide = createDecide(policy);
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const a1 = { id: 'a1', name: 'Åsa Lind' };
const a2 = { id: 'a2', name: 'Bo Ek' };

/** a1 on a connected call v1 (queue tech); a2 Available, joined later. */
function onCall(): DeskState {
  return run(stateWith([agent('Available')]), [
    [{ type: 'contact.offered', contact: { id: 'v1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', dnis: '', variables: [] } }, at(1)],
    [{ type: 'contact.answered', contactId: 'v1' }, at(2)],
    [{ type: 'phone.set', actor: a2, phone: '+4511111111' }, at(3)],
    [{ type: 'status.set', actor: a2, state: 'Available' }, at(3)],
  ]).state;
}
const steps = (state: DeskState, ...commands: Command[]) =>
  run(
    state,
    commands.map((c, i) => [c, at(10 + i)] as [Command, Date]),
  );
const dialConsult: Command = { type: 'consult.start', actor: a1, contactId: 'v1', target: { kind: 'dialNumber', id: '+4722998877', name: 'Partner NOC' } };
const agentConsult: Command = { type: 'consult.start', actor: a1, contactId: 'v1', target: { kind: 'agent', id: 'a2', name: 'Bo Ek' } };
const blindToNumber: Command = { type: 'transfer.blind', actor: a1, contactId: 'v1', target: { kind: 'dialNumber', id: '+4722998877', name: '' } };
const blindToAgent: Command = { type: 'transfer.blind', actor: a1, contactId: 'v1', target: { kind: 'agent', id: 'a2', name: 'Bo Ek' } };
const blindToQueue: Command = { type: 'transfer.blind', actor: a1, contactId: 'v1', target: { kind: 'queue', id: 'billing', name: 'Billing' } };
const event = {
  consultFailed: (reason: 'declined' | 'noAnswer' = 'noAnswer'): Command => ({ type: 'consult.failed', contactId: 'v1', reason }),
  transferFailed: { type: 'transfer.failed', contactId: 'v1' } as Command,
  held: { type: 'contact.holdChanged', contactId: 'v1', onHold: true } as Command,
  resumed: { type: 'contact.holdChanged', contactId: 'v1', onHold: false } as Command,
  recording: (state: 'on' | 'paused' | 'off', until?: string): Command => ({ type: 'recording.changed', contactId: 'v1', state, ...(until ? { until } : {}) }),
  conference: { type: 'conference.joined', contactId: 'v1' } as Command,
};
const refusal = (state: DeskState, cmd: Command) => {
  const result = decide(state, cmd, at(60));
  return result.ok ? 'ok' : result.error.code;
};

interface Case {
  name: string;
  given: () => DeskState;
  when: Command;
  contact: Partial<Contact>;
  effects?: Effect[];
  absent?: Array<keyof Contact>;
}

const accepted: Case[] = [
  {
    name: 'CON-7: a dialled consult nobody answers: the requester gets the consult-failed notice; the customer stays on hold',
    given: () => steps(onCall(), dialConsult).state,
    when: event.consultFailed('noAnswer'),
    contact: { status: 'connected', onHold: true, consultFailed: { reason: 'noAnswer', name: 'Partner NOC' } },
    effects: [{ type: 'showInteraction', contactId: 'v1' }],
    absent: ['consult'],
  },
  {
    name: 'CON-7: a consulted agent whose phone declines: the same notice, reason declined',
    given: () => steps(onCall(), agentConsult).state,
    when: event.consultFailed('declined'),
    contact: { consultFailed: { reason: 'declined', name: 'Bo Ek' } },
    effects: [{ type: 'showConsultRequest', contactId: 'v1', to: ['a2'] }],
    absent: ['consult'],
  },
  {
    name: 'XFER-1: a blind transfer to a number that did not answer: the call is back in its queue and the sender is told',
    given: () => steps(onCall(), blindToNumber).state,
    when: event.transferFailed,
    contact: { status: 'queued', transferFailed: { name: '+4722998877' }, transferredFrom: ['a1'], declinedBy: ['a1'] },
    effects: [{ type: 'showInteraction', contactId: 'v1', agentId: 'a1' }, { type: 'routeWaiting' }],
    absent: ['agentId', 'endedAt', 'endedBy'],
  },
  {
    name: 'XFER-1: a blind transfer to an agent the platform could not reach: the offer is withdrawn and the sender told',
    given: () => steps(onCall(), blindToAgent).state,
    when: event.transferFailed,
    contact: { status: 'queued', transferFailed: { name: 'Bo Ek' } },
    effects: [
      { type: 'showInteraction', contactId: 'v1', agentId: 'a1' },
      { type: 'showRequests', agentId: 'a2' },
    ],
    absent: ['agentId', 'ronaAt'],
  },
  {
    name: 'XFER-2: a queue transfer the platform gave up on waits in the queue; the sender is told',
    given: () => steps(onCall(), blindToQueue).state,
    when: event.transferFailed,
    contact: { status: 'queued', queue: 'billing', transferFailed: { name: 'Billing' } },
    effects: [{ type: 'showConsultRequest', contactId: 'v1', to: ['a2'] }],
    absent: ['consult'],
  },
  {
    name: 'HOLD-1: the platform put the customer on hold: the card says on hold (End disabled)',
    given: onCall,
    when: event.held,
    contact: { onHold: true },
    effects: [{ type: 'showInteraction', contactId: 'v1' }],
  },
  {
    name: 'HOLD-1: and took them off hold',
    given: () => steps(onCall(), { type: 'contact.hold', actor: a1, contactId: 'v1' }).state,
    when: event.resumed,
    contact: { onHold: false },
  },
  {
    name: 'REC-1: the platform paused the recording until a time: the Privacy Shield deadline is kept (it resumes by itself)',
    given: onCall,
    when: event.recording('paused', at(90).toISOString()),
    contact: { recording: { on: true, pausedUntil: at(90).toISOString() } },
  },
  {
    name: "REC-1: paused without a time: the admin's Privacy Shield time",
    given: onCall,
    when: event.recording('paused'),
    contact: { recording: { on: true, pausedUntil: at(60 + policy.privacyShieldSeconds).toISOString() } },
  },
  {
    name: 'REC-1: the platform stopped recording the call',
    given: onCall,
    when: event.recording('off'),
    contact: { recording: { on: false } },
  },
  {
    name: 'CON-8: the consulted party joined a conference made at the platform',
    given: () => steps(onCall(), agentConsult, { type: 'consult.accept', actor: a2, contactId: 'v1' }).state,
    when: event.conference,
    contact: { onHold: false, consult: expect.objectContaining({ state: 'conference', party: 'a2' }) },
    effects: [{ type: 'showConsultRequest', contactId: 'v1', to: ['a2'] }],
  },
];

describe('PLAT-2: outcomes the platform reports later', () => {
  it.each(accepted)('$name', ({ given, when, contact, effects = [], absent = [] }) => {
    const result = decide(given(), when, at(60));
    if (!result.ok) throw new Error(`refused: ${result.error.code}`);
    const after = result.value.state.contacts.get('v1')!;
    expect(after).toMatchObject(contact);
    for (const field of absent) expect(after[field]).toBeUndefined();
    for (const effect of effects) expect(result.value.effects).toContainEqual(effect);
    // Events are facts already done at the platform: the desk never asks it to confirm them again.
    expect(result.value.effects.filter((e) => e.type === 'platform' && e.confirm)).toEqual([]);
  });

  it('XFER-1: the call back from a number routes on to an Available agent, never back to the sender', () => {
    const failed = steps(onCall(), blindToNumber, event.transferFailed).state;
    expect(waitingIds(failed, 'tech')).toEqual(['v1']);
    const { state } = run(failed, [[{ type: 'route.next' }, at(30)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'offered', agentId: 'a2' });
    // The sender still owes the wrap-up of their part of the call.
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['v1'] });
  });

  it('REC-1: a pause reported by the platform still resumes by itself at its deadline', () => {
    const paused = steps(onCall(), event.recording('paused', at(90).toISOString())).state;
    expect(timersIn(paused).get('privacyShield:v1')?.at).toBe(at(90).toISOString());
  });

  it('an event that changes nothing writes nothing (a repeat of the same hold)', () => {
    const held = steps(onCall(), event.held).state;
    const result = decide(held, event.held, at(60));
    expect(result.ok && [...result.value.changes.contacts]).toEqual([]);
  });

  const refused: Array<[string, () => DeskState, Command, string]> = [
    ['consult.failed without a consult', onCall, event.consultFailed(), 'consult.none'],
    [
      'consult.failed after someone accepted',
      () => steps(onCall(), agentConsult, { type: 'consult.accept', actor: a2, contactId: 'v1' }).state,
      event.consultFailed(),
      'consult.taken',
    ],
    ['transfer.failed of a call nobody transferred', onCall, event.transferFailed, 'transfer.none'],
    [
      'transfer.failed after a consulted transfer the party took',
      () =>
        steps(onCall(), agentConsult, { type: 'consult.accept', actor: a2, contactId: 'v1' }, { type: 'consult.transfer', actor: a1, contactId: 'v1' }).state,
      event.transferFailed,
      'transfer.none',
    ],
    ['contact.held during a consult (its own Resume decides)', () => steps(onCall(), agentConsult).state, event.held, 'consult.inProgress'],
    ['contact.held of a call that ended', () => steps(onCall(), { type: 'contact.ended', contactId: 'v1', by: 'customer' }).state, event.held, 'contact.ended'],
    ['recording.changed of an unknown contact', () => stateWith([agent('Available')]), event.recording('off'), 'contact.unknown'],
    ['conference.joined before the accept', () => steps(onCall(), agentConsult).state, event.conference, 'consult.notAccepted'],
    ['conference.joined without a consult', onCall, event.conference, 'consult.none'],
  ];
  it.each(refused)('refused with a reason the platform reads: %s', (_name, given, cmd, code) => {
    expect(refusal(given(), cmd)).toBe(code);
  });
});

describe('OUT-1: the dialled call comes back as an outdial contact', () => {
  const withOutdial = createDecide({ ...policy, outdialQueue: 'tech' });
  const dialRefusal = (state: DeskState, cmd: Command) => {
    const result = withOutdial(state, cmd, at(60));
    return result.ok ? 'ok' : result.error.code;
  };
  const outdial = (agentId: string): Command => ({
    type: 'contact.offered',
    contact: { id: 'o1', channel: 'voice', kind: 'outdial', queue: 'tech', from: '+4520304050', dnis: '', variables: [], agentId },
  });

  it('OUT-1: it rings the phone of the agent who dialled, even when Idle, with no RONA deadline (the platform reports the outcome)', () => {
    const idle = stateWith([agent('Idle', { code: 'lunch' })]);
    const { state, effects } = run(idle, [[outdial('a1'), at(1)]]);
    expect(state.contacts.get('o1')).toMatchObject({ status: 'offered', agentId: 'a1', kind: 'outdial' });
    expect(state.contacts.get('o1')?.ronaAt).toBeUndefined();
    expect(timersIn(state).size).toBe(0);
    expect(effects).toContainEqual({ type: 'showRequests', agentId: 'a1', connecting: 'o1' });
    const answered = run(state, [[{ type: 'contact.answered', contactId: 'o1' }, at(5)]]).state;
    expect(answered.agents.get('a1')?.state).toBe('Engaged');
    expect(answered.contacts.get('o1')?.status).toBe('connected');
  });

  it('OUT-1: an outdial nobody answers ends without a wrap-up', () => {
    const rung = run(stateWith([agent('Available')]), [[outdial('a1'), at(1)]]).state;
    const { state } = run(rung, [[{ type: 'contact.ended', contactId: 'o1', by: 'system' }, at(20)]]);
    expect(state.agents.get('a1')).toMatchObject({ state: 'Available', offers: [] });
    expect(state.agents.get('a1')?.wrapUps ?? []).toEqual([]);
  });

  it('OUT-1: not to an agent who is on another call or logged out', () => {
    expect(refusal(onCall(), outdial('a1'))).toBe('agent.notAvailable');
    expect(refusal(stateWith([agent('LoggedOut')]), outdial('a1'))).toBe('agent.notAvailable');
  });

  it('OUT-1: Dial cleans the number (CON-2) and asks the platform first; nothing changes on the desk', () => {
    const result = withOutdial(stateWith([agent('Idle', { code: 'lunch' })]), { type: 'outdial.start', actor: a1, number: '+45 (20) 30-40-50' }, at(1));
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.effects).toEqual([
      {
        type: 'platform',
        confirm: true,
        command: { type: 'outdial.start', agentId: 'a1', number: '+4520304050', phone: '+4512345678', queue: 'tech' },
      },
    ]);
    expect([...result.value.changes.agents, ...result.value.changes.contacts]).toEqual([]);
  });

  it.each([
    ['without a phone', stateWith([agent('Idle', { code: 'lunch', phone: undefined as unknown as string })]), 'outdial.needsPhone'],
    ['logged out', stateWith([agent('LoggedOut')]), 'outdial.loggedOut'],
    ['on a call', onCall(), 'outdial.busy'],
  ])('OUT-1: Dial is refused %s', (_name, state, code) => {
    expect(dialRefusal(state, { type: 'outdial.start', actor: a1, number: '+4520304050' })).toBe(code);
  });

  it('OUT-1: Dial is refused when the admin configured no queue for outdials', () => {
    expect(refusal(stateWith([agent('Available')]), { type: 'outdial.start', actor: a1, number: '+4520304050' })).toBe('outdial.notConfigured');
  });
});
