import { describe, expect, it } from 'vitest';
import type { Command, ContactOffer } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import type { DeskState } from '../../src/engine/model.js';
import { agent, policy, routableIds, run, stateWith, T0, timersIn, waitingIds } from './fixtures.js';

const decide = createDecide(policy);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const asa = { id: 'a1', name: 'Åsa Lind' };
const bo = { id: 'a2', name: 'Bo Ek' };

const offer = (id: string, extra: Partial<ContactOffer> = {}): Command => ({
  type: 'contact.offered',
  contact: { id, channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane Doe', dnis: '', variables: [], ...extra },
});
const refused = (state: DeskState, cmd: Command, time = at(1)) => {
  const result = decide(state, cmd, time);
  if (result.ok) throw new Error(`${cmd.type} was accepted`);
  return result.error.code;
};
const twoAvailable = () =>
  stateWith([agent('Available', { stateSince: at(-60).toISOString() }), agent('Available', { id: 'a2', name: 'Bo Ek', stateSince: at(-30).toISOString() })]);

describe('routing and offers', () => {
  it('ANS-1 / SPEC 10: a contact goes to the longest-available agent, the next to the other', () => {
    const { state } = run(twoAvailable(), [
      [offer('c1'), at(0)],
      [offer('c2'), at(1)],
    ]);
    expect(state.contacts.get('c1')).toMatchObject({ status: 'offered', agentId: 'a1' });
    expect(state.contacts.get('c2')).toMatchObject({ status: 'offered', agentId: 'a2' });
  });

  it('PO-1: an offer shows the connect popover first, then the request (one effect carries both steps)', () => {
    const { effects } = run(twoAvailable(), [[offer('c1'), at(0)]]);
    expect(effects).toContainEqual({ type: 'showRequests', agentId: 'a1', connecting: 'c1' });
  });

  it('ST-6: an offer carries a RONA deadline that is kept in state (so a restart still fires it)', () => {
    const { state } = run(twoAvailable(), [[offer('c1'), at(0)]]);
    expect(state.contacts.get('c1')?.ronaAt).toBe(at(15).toISOString());
    expect(timersIn(state).get('rona:c1')).toEqual({ kind: 'rona', contactId: 'c1', at: at(15).toISOString() });
  });

  it('ANS-1: with nobody Available the contact waits in its queue', () => {
    const { state } = run(stateWith([agent('Idle', { code: 'lunch' })]), [[offer('c1'), at(0)]]);
    expect(state.contacts.get('c1')?.status).toBe('queued');
    expect(waitingIds(state, 'tech')).toEqual(['c1']);
  });

  it('ANS-1: a waiting contact is offered as soon as an agent becomes Available', () => {
    const { state } = run(stateWith([agent('Idle', { code: 'lunch' })]), [
      [offer('c1'), at(0)],
      [{ type: 'status.set', actor: asa, state: 'Available' }, at(5)],
      [{ type: 'route.next' }, at(5)],
    ]);
    expect(state.contacts.get('c1')).toMatchObject({ status: 'offered', agentId: 'a1' });
    expect(waitingIds(state, 'tech')).toEqual([]);
  });

  it('ANS-1: the platform may pick the agent, but an agent who is not Available is refused', () => {
    expect(refused(stateWith([agent('Break')]), offer('c1', { agentId: 'a1' }))).toBe('agent.notAvailable');
    const { state } = run(stateWith([agent('Available')]), [[offer('c1', { agentId: 'a1' }), at(0)]]);
    expect(state.contacts.get('c1')?.agentId).toBe('a1');
  });

  it('ST-2: a chat-only agent never gets a call; the call waits', () => {
    const { state } = run(stateWith([agent('Available', { id: 'chat-only' })]), [[offer('v1', { channel: 'voice' }), at(0)]]);
    expect(state.contacts.get('v1')?.status).toBe('queued');
  });

  it('PO-3: several digital requests stack on one agent; only one call at a time', () => {
    const { state } = run(stateWith([agent('Available')]), [
      [offer('c1'), at(0)],
      [offer('e1', { channel: 'email' }), at(1)],
      [offer('s1', { channel: 'social' }), at(2)],
      [offer('v1', { channel: 'voice' }), at(3)],
      [offer('v2', { channel: 'voice' }), at(4)],
    ]);
    expect(state.agents.get('a1')?.offers).toEqual(['c1', 'e1', 's1', 'v1']);
    expect(state.contacts.get('v2')?.status).toBe('queued');
  });

  it('a replayed contact id is refused, and an unknown queue or a channel the queue does not take too', () => {
    const { state } = run(twoAvailable(), [[offer('c1'), at(0)]]);
    expect(refused(state, offer('c1'))).toBe('contact.exists');
    expect(refused(state, offer('c9', { queue: 'nowhere' }))).toBe('queue.unknown');
    expect(refused(state, offer('c9', { queue: 'billing', channel: 'social' }))).toBe('queue.channelNotServed');
  });
});

describe('RONA (ST-6) and device failure (CON-7)', () => {
  const offered = () => run(twoAvailable(), [[offer('c1'), at(0)]]).state;

  it('ST-6: no action before the deadline puts the agent in RONA and returns the contact to its queue', () => {
    const { state, effects } = run(offered(), [[{ type: 'timer.fire', timerId: 'rona:c1', at: at(15).toISOString() }, at(15)]]);
    expect(state.agents.get('a1')?.state).toBe('RONA');
    expect(state.agents.get('a1')?.offers).toEqual([]);
    expect(state.contacts.get('c1')).toMatchObject({ status: 'queued', declinedBy: ['a1'] });
    expect(waitingIds(state, 'tech')).toEqual(['c1']);
    expect(routableIds(state)).not.toContain('a1');
    expect(effects).toContainEqual({ type: 'routeWaiting' });
    // A change the system made for the agent updates their status card where it shows.
    expect(effects).toContainEqual({ type: 'showStatus', agentId: 'a1' });
  });

  it('ST-6: the requeued contact goes to another agent, never back to the one who let it ring out', () => {
    const { state } = run(offered(), [
      [{ type: 'timer.fire', timerId: 'rona:c1', at: at(15).toISOString() }, at(15)],
      [{ type: 'route.next' }, at(15)],
    ]);
    expect(state.contacts.get('c1')).toMatchObject({ status: 'offered', agentId: 'a2' });
  });

  it('ST-6: a deadline that no longer matches (accepted in time) does nothing', () => {
    const { state } = run(offered(), [
      [{ type: 'contact.accept', actor: asa, contactIds: ['c1'] }, at(5)],
      [{ type: 'timer.fire', timerId: 'rona:c1', at: at(15).toISOString() }, at(15)],
    ]);
    expect(state.agents.get('a1')?.state).toBe('Engaged');
    expect(state.contacts.get('c1')?.status).toBe('connected');
  });

  it('ST-6: only Available takes the agent out of RONA', () => {
    const { state } = run(offered(), [[{ type: 'timer.fire', timerId: 'rona:c1', at: at(15).toISOString() }, at(15)]]);
    expect(refused(state, { type: 'status.set', actor: asa, state: 'Break' })).toBe('status.ronaOnlyAvailable');
    expect(run(state, [[{ type: 'status.set', actor: asa, state: 'Available' }, at(20)]]).state.agents.get('a1')?.state).toBe('Available');
  });

  it('CON-7: a device failure puts the agent in RONA and returns their offers', () => {
    const { state } = run(offered(), [[{ type: 'agent.deviceFailed', agentId: 'a1' }, at(3)]]);
    expect(state.agents.get('a1')?.state).toBe('RONA');
    expect(state.contacts.get('c1')?.status).toBe('queued');
  });
});

describe('popover rules', () => {
  it('ST-7 / PO-2: no logout while a contact request is pending', () => {
    const { state } = run(twoAvailable(), [[offer('c1'), at(0)]]);
    expect(refused(state, { type: 'status.set', actor: asa, state: 'LoggedOut' })).toBe('status.popoverPending');
    expect(state.agents.get('a1')?.state).toBe('Available');
  });

  it('PO-3: "Accept N requests" accepts every digital request at once', () => {
    const { state } = run(stateWith([agent('Available')]), [
      ...Array.from({ length: 7 }, (_, i) => [offer(`c${i}`), at(i)] as [Command, Date]),
      [{ type: 'contact.accept', actor: asa, contactIds: Array.from({ length: 7 }, (_, i) => `c${i}`) }, at(10)],
    ]);
    expect(state.agents.get('a1')).toMatchObject({ state: 'Engaged', offers: [], active: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'] });
    expect([...state.contacts.values()].every((c) => c.status === 'connected')).toBe(true);
    expect(timersIn(state).size).toBe(0);
  });

  it('ANS-2: a call is not accepted on the card; the platform reports the answer on the phone', () => {
    const { state } = run(stateWith([agent('Available')]), [[offer('v1', { channel: 'voice' }), at(0)]]);
    expect(refused(state, { type: 'contact.accept', actor: asa, contactIds: ['v1'] })).toBe('contact.answerOnPhone');
    const answered = run(state, [[{ type: 'contact.answered', contactId: 'v1' }, at(4)]]).state;
    expect(answered.contacts.get('v1')).toMatchObject({ status: 'connected', recording: { on: true }, onHold: false });
    expect(answered.agents.get('a1')?.state).toBe('Engaged');
  });

  it("someone else's request cannot be accepted", () => {
    const { state } = run(twoAvailable(), [[offer('c1'), at(0)]]);
    expect(refused(state, { type: 'contact.accept', actor: bo, contactIds: ['c1'] })).toBe('contact.notYours');
  });

  it('a customer who gives up before anyone accepts withdraws the popover; no wrap-up is owed', () => {
    const { state } = run(twoAvailable(), [
      [offer('c1'), at(0)],
      [{ type: 'contact.ended', contactId: 'c1', by: 'customer' }, at(3)],
    ]);
    expect(state.agents.get('a1')).toMatchObject({ state: 'Available', offers: [] });
    expect(state.agents.get('a1')?.wrapUps ?? []).toEqual([]);
  });
});

describe('a call in progress', () => {
  const onCall = () =>
    run(stateWith([agent('Available')]), [
      [
        offer('v1', {
          channel: 'voice',
          variables: [
            { name: 'notes', label: 'Notes', value: '', secure: false, editable: true },
            { name: 'followUpDate', label: 'Follow-up', value: '', secure: false, editable: true },
          ],
        }),
        at(0),
      ],
      [{ type: 'contact.answered', contactId: 'v1' }, at(3)],
    ]).state;

  it('HOLD-1: hold disables End; resume enables it again', () => {
    const held = run(onCall(), [[{ type: 'contact.hold', actor: asa, contactId: 'v1' }, at(10)]]).state;
    expect(held.contacts.get('v1')?.onHold).toBe(true);
    expect(refused(held, { type: 'contact.end', actor: asa, contactId: 'v1' })).toBe('contact.onHold');
    const resumed = run(held, [[{ type: 'contact.resume', actor: asa, contactId: 'v1' }, at(20)]]).state;
    expect(run(resumed, [[{ type: 'contact.end', actor: asa, contactId: 'v1' }, at(30)]]).state.contacts.get('v1')?.status).toBe('ended');
  });

  it('REC-1: Privacy Shield pauses recording until the admin deadline, then it resumes by itself', () => {
    const paused = run(onCall(), [[{ type: 'recording.pause', actor: asa, contactId: 'v1' }, at(10)]]).state;
    expect(paused.contacts.get('v1')?.recording).toEqual({ on: true, pausedUntil: at(70).toISOString() });
    expect(refused(paused, { type: 'recording.pause', actor: asa, contactId: 'v1' })).toBe('recording.alreadyPaused');
    const resumed = run(paused, [[{ type: 'timer.fire', timerId: 'privacyShield:v1', at: at(70).toISOString() }, at(70)]]).state;
    expect(resumed.contacts.get('v1')?.recording).toEqual({ on: true });
    expect(timersIn(resumed).size).toBe(0);
  });

  it('REC-1: the agent may resume recording before the deadline', () => {
    const state = run(onCall(), [
      [{ type: 'recording.pause', actor: asa, contactId: 'v1' }, at(10)],
      [{ type: 'recording.resume', actor: asa, contactId: 'v1' }, at(12)],
    ]).state;
    expect(state.contacts.get('v1')?.recording).toEqual({ on: true });
    expect(timersIn(state).get('privacyShield:v1')).toBeUndefined();
  });

  it('REC-1: a call the admin does not record cannot be paused', () => {
    const noRecording = createDecide({ ...policy, recordingEnabled: false });
    const state = run(
      stateWith([agent('Available')]),
      [
        [offer('v1', { channel: 'voice' }), at(0)],
        [{ type: 'contact.answered', contactId: 'v1' }, at(3)],
      ],
      noRecording,
    ).state;
    const result = noRecording(state, { type: 'recording.pause', actor: asa, contactId: 'v1' }, at(5));
    expect(result).toMatchObject({ ok: false, error: { code: 'recording.off' } });
  });

  it('CAD-1: two agents save one variable: the first save wins, the second is told it was not saved', () => {
    const first = run(onCall(), [
      [{ type: 'variables.save', actor: asa, contactId: 'v1', values: new Map([['notes', { value: 'Router reset', version: 0 }]]) }, at(10)],
    ]).state;
    expect(first.contacts.get('v1')?.variables.find((v) => v.name === 'notes')).toMatchObject({ value: 'Router reset', version: 1 });
    // The second save was made on a card that still showed version 0.
    const second = decide(
      first,
      { type: 'variables.save', actor: asa, contactId: 'v1', values: new Map([['notes', { value: 'Replaced modem', version: 0 }]]) },
      at(11),
    );
    expect(second).toMatchObject({ ok: false, error: { code: 'variable.notSaved', details: { names: 'Notes' } } });
  });

  it('CAD-1: values over 256 characters and dates that are not ISO 8601 are refused', () => {
    const state = onCall();
    expect(refused(state, { type: 'variables.save', actor: asa, contactId: 'v1', values: new Map([['notes', { value: 'x'.repeat(257), version: 0 }]]) })).toBe(
      'variable.tooLong',
    );
    expect(
      refused(state, { type: 'variables.save', actor: asa, contactId: 'v1', values: new Map([['followUpDate', { value: '20/11/2026', version: 0 }]]) }),
    ).toBe('variable.invalidDate');
    const ok = run(state, [
      [
        {
          type: 'variables.save',
          actor: asa,
          contactId: 'v1',
          values: new Map([
            ['notes', { value: 'x'.repeat(256), version: 0 }],
            ['followUpDate', { value: '2026-12-01', version: 0 }],
          ]),
        },
        at(5),
      ],
    ]).state;
    expect(ok.contacts.get('v1')?.variables.map((v) => v.value)).toEqual(['x'.repeat(256), '2026-12-01']);
  });

  it('CAD-1: a variable the admin did not make editable cannot be changed', () => {
    const state = run(stateWith([agent('Available')]), [
      [offer('c1', { variables: [{ name: 'accountNumber', label: 'Account', value: '123', secure: false, editable: false }] }), at(0)],
      [{ type: 'contact.accept', actor: asa, contactIds: ['c1'] }, at(1)],
    ]).state;
    expect(refused(state, { type: 'variables.save', actor: asa, contactId: 'c1', values: new Map([['accountNumber', { value: '999', version: 0 }]]) })).toBe(
      'variable.notEditable',
    );
  });
});

describe('ending and wrap-up (WRAP-1)', () => {
  const chatting = () =>
    run(twoAvailable(), [
      [offer('c1'), at(0)],
      [{ type: 'contact.accept', actor: asa, contactIds: ['c1'] }, at(2)],
    ]).state;

  it('WRAP-1: the customer ending the chat puts the agent in wrap-up and shows the wrap-up card', () => {
    const { state, effects } = run(chatting(), [[{ type: 'contact.ended', contactId: 'c1', by: 'customer' }, at(60)]]);
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', active: [], wrapUps: ['c1'] });
    expect(state.contacts.get('c1')).toMatchObject({ status: 'ended', endedBy: 'customer' });
    expect(effects).toContainEqual({ type: 'showWrapUp', contactId: 'c1', agentId: 'a1' });
    expect(effects).toContainEqual({ type: 'showInteraction', contactId: 'c1', agentId: 'a1' });
  });

  it('WRAP-1: a wrap-up code is required and must be one the admin defined', () => {
    const state = run(chatting(), [[{ type: 'contact.end', actor: asa, contactId: 'c1' }, at(60)]]).state;
    expect(refused(state, { type: 'wrapUp.submit', actor: asa, contactId: 'c1' })).toBe('wrapUp.codeRequired');
    expect(refused(state, { type: 'wrapUp.submit', actor: asa, contactId: 'c1', code: 'lunch' })).toBe('wrapUp.unknownCode');
  });

  it('WRAP-1: submitting the code returns the agent to Available, routable again', () => {
    const state = run(chatting(), [
      [{ type: 'contact.end', actor: asa, contactId: 'c1' }, at(60)],
      [{ type: 'wrapUp.submit', actor: asa, contactId: 'c1', code: 'resolved' }, at(70)],
    ]).state;
    expect(state.agents.get('a1')).toMatchObject({ state: 'Available', wrapUps: [] });
    expect(state.contacts.get('c1')?.wrapUp).toMatchObject({ code: 'resolved', by: 'a1' });
    expect(routableIds(state)).toContain('a1');
  });

  it('WRAP-1: the configured state after wrap-up is honoured, and outcome codes are required when configured', () => {
    const strict = createDecide({ ...policy, afterWrapUpState: 'Idle', outcomeCodeIds: ['sale', 'no-sale'] });
    const state = run(chatting(), [[{ type: 'contact.end', actor: asa, contactId: 'c1' }, at(60)]], strict).state;
    expect(strict(state, { type: 'wrapUp.submit', actor: asa, contactId: 'c1', code: 'resolved' }, at(61))).toMatchObject({
      ok: false,
      error: { code: 'wrapUp.outcomeRequired' },
    });
    const done = run(state, [[{ type: 'wrapUp.submit', actor: asa, contactId: 'c1', code: 'resolved', outcome: 'sale' }, at(62)]], strict).state;
    expect(done.agents.get('a1')?.state).toBe('Idle');
  });

  it('ST-1: an agent with two chats stays Engaged until the last one ends', () => {
    const state = run(stateWith([agent('Available')]), [
      [offer('c1'), at(0)],
      [offer('c2'), at(1)],
      [{ type: 'contact.accept', actor: asa, contactIds: ['c1', 'c2'] }, at(2)],
      [{ type: 'contact.ended', contactId: 'c1', by: 'customer' }, at(30)],
    ]).state;
    expect(state.agents.get('a1')?.state).toBe('Engaged');
  });

  it('events for an ended contact are refused (409 at the API)', () => {
    const state = run(chatting(), [[{ type: 'contact.ended', contactId: 'c1', by: 'customer' }, at(60)]]).state;
    expect(refused(state, { type: 'contact.answered', contactId: 'c1' })).toBe('contact.ended');
    expect(refused(state, { type: 'contact.ended', contactId: 'c1', by: 'system' })).toBe('contact.ended');
  });
});

describe('callbacks (CB-1)', () => {
  const callback = (kind: 'callback' | 'webCallback') => offer('cb1', { channel: 'voice', kind, from: '+4522334455', dnis: '+4570101010', queue: 'billing' });

  it('CB-1: a callback the customer does not answer goes back to the queue', () => {
    const state = run(twoAvailable(), [
      [callback('callback'), at(0)],
      [{ type: 'contact.answered', contactId: 'cb1' }, at(5)],
      [{ type: 'contact.noAnswer', contactId: 'cb1' }, at(40)],
    ]).state;
    expect(state.contacts.get('cb1')?.status).toBe('queued');
    expect(waitingIds(state, 'billing')).toEqual(['cb1']);
    expect(state.agents.get('a1')?.state).toBe('Available');
  });

  it('CB-1: a web callback cancelled before the customer answers ends in wrap-up', () => {
    const state = run(twoAvailable(), [
      [callback('webCallback'), at(0)],
      [{ type: 'callback.cancel', actor: asa, contactId: 'cb1' }, at(4)],
    ]).state;
    expect(state.contacts.get('cb1')).toMatchObject({ status: 'ended', endedBy: 'agent' });
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['cb1'] });
  });

  it('CB-1: only web callbacks can be cancelled', () => {
    const state = run(twoAvailable(), [[callback('callback'), at(0)]]).state;
    expect(refused(state, { type: 'callback.cancel', actor: asa, contactId: 'cb1' })).toBe('contact.notCallback');
  });

  it("CB-1: the tenant's concurrent-call limit refuses another call with a reason", () => {
    const agents = ['a1', 'a2', 'a3', 'a4'].map((id) => agent('Available', { id }));
    const state = run(stateWith(agents), [
      [offer('v1', { channel: 'voice' }), at(0)],
      [offer('v2', { channel: 'voice' }), at(1)],
      [offer('v3', { channel: 'voice' }), at(2)],
    ]).state;
    const result = decide(state, offer('v4', { channel: 'voice' }), at(3));
    expect(result).toMatchObject({ ok: false, error: { code: 'tenant.concurrentCallLimit', details: { limit: 3 } } });
    // Chats are not calls: they still go through.
    expect(decide(state, offer('c1'), at(3)).ok).toBe(true);
  });
});
