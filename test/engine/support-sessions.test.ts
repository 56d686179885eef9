import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.js';
import { readsOf, seenOf } from '../../src/engine/decide.js';
import { customersOf, groupedNumber, isSessionNumber, MAX_REPS, participant } from '../../src/engine/session-model.js';
import { sessionTimersOf } from '../../src/engine/session-timers.js';
import {
  at,
  attempt,
  csr,
  customerJoin,
  desk,
  helper,
  NUMBER,
  onS,
  other,
  platformOf,
  play,
  running,
  SESSION,
  sessionIn,
  sessionPolicy,
  start,
} from './session-fixtures.js';

const join = (actor = helper, number = NUMBER): Command => ({ type: 'session.join', actor, number });
const showsTo = (effects: ReturnType<typeof play>['effects']) => effects.flatMap((e) => (e.type === 'showSession' ? e.to : []));

describe('starting and joining a support session (SUP-1)', () => {
  it('SUP-1: a CSR starts a session; it gets its 9-digit number, the CSR holds control and gets the session card', () => {
    const { state, effects } = play(desk(), [[start(), at(1)]]);
    const session = sessionIn(state);
    expect(session).toMatchObject({ number: NUMBER, status: 'open', controllerId: csr.id, activities: [] });
    expect(session.participants).toEqual([{ id: csr.id, kind: 'rep', name: csr.name, joinedAt: at(1).toISOString(), present: true }]);
    expect(state.sessionNumbers?.get(NUMBER)).toEqual({ sessionId: SESSION });
    expect(showsTo(effects)).toEqual([csr.id]);
    expect(groupedNumber(NUMBER)).toBe('482 913 077');
  });

  it('SUP-1: a number in use is never handed out again while its session lives; a malformed one is refused', () => {
    const { state } = play(desk(), [[start(), at(1)]]);
    expect(attempt(state, start(helper, NUMBER, 's-2')).code).toBe('session.numberTaken');
    expect(attempt(state, start(helper, '48291307', 's-2')).code).toBe('session.numberInvalid');
    expect(attempt(state, start(helper, '482 913 077', 's-2')).code).toBe('session.numberInvalid');
    expect(attempt(state, start(helper, '123456789', 's-2')).code).toBe('ok');
    // The number is a record of its own that the start creates: the service writes it at version 0.
    expect(readsOf(start(helper, '123456789', 's-2'), seenOf(state), sessionPolicy)).toMatchObject({ sessionNumbers: ['123456789'], sessions: ['s-2'] });
  });

  it('SUP-1: a customer joins with the number; an unknown, a malformed number and an ended session are refused', () => {
    const state = running();
    const session = sessionIn(state);
    expect(customersOf(session).map((p) => [p.name, p.keyHash])).toEqual([['Mette Nielsen', 'hash-cust-mette']]);
    expect(attempt(state, customerJoin('cust-x', 'X', '111111111')).code).toBe('session.unknown');
    expect(attempt(state, customerJoin('cust-x', 'X', '482-913-077')).code).toBe('session.numberInvalid');
    const ended = play(state, [[onS('session.end', csr), at(30)]]).state;
    expect(attempt(ended, customerJoin('cust-x', 'X')).code).toBe('session.ended');
    expect(attempt(ended, join(other)).code).toBe('session.ended');
    expect(isSessionNumber('48291307a')).toBe(false);
  });

  it('SUP-1: a session with nobody left ends by itself after the idle time; one somebody came back to does not', () => {
    const state = running();
    // The CSR hands the session to a queue and leaves; the helper and the customer leave too.
    const empty = play(state, [
      [onS('session.transfer', csr, { queues: ['tech'], agents: [], message: '' }), at(20)],
      [onS('session.leave', helper), at(21)],
      [{ type: 'session.customerLeave', sessionId: SESSION, customerId: 'cust-mette' }, at(22)],
    ]).state;
    const idle = sessionIn(empty);
    expect(idle.idleEndsAt).toBe(at(322).toISOString());
    expect(sessionTimersOf(idle)).toEqual([{ kind: 'sessionIdle', sessionId: SESSION, at: at(322).toISOString() }]);
    const fire = { type: 'timer.fire', timerId: `sessionIdle:${SESSION}`, at: idle.idleEndsAt! } as const;
    const ended = play(empty, [[fire, at(322)]]).state;
    expect(sessionIn(ended)).toMatchObject({ status: 'ended', endedBy: 'idle', endedAt: at(322).toISOString() });
    expect(sessionTimersOf(sessionIn(ended))).toEqual([]);
    // A customer came back before the deadline: the deadline is gone, and firing the old one changes nothing.
    const back = play(empty, [[customerJoin('cust-ola', 'Ola Nordmann'), at(100)]]).state;
    expect(sessionIn(back).idleEndsAt).toBeUndefined();
    expect(sessionIn(play(back, [[fire, at(322)]]).state).status).toBe('open');
  });
});

describe('several customers (SUP-2)', () => {
  it('SUP-2: customers join up to support.maxCustomers; a customer beyond the maximum is refused', () => {
    const two = play(running(), [[customerJoin('cust-ola', 'Ola Nordmann'), at(12)]]).state;
    expect(customersOf(sessionIn(two))).toHaveLength(2);
    expect(attempt(two, customerJoin('cust-sara', 'Sara Berg'))).toEqual({ code: 'session.full', details: { max: 2 } });
    // One leaves: there is room again.
    const left = play(two, [[{ type: 'session.customerLeave', sessionId: SESSION, customerId: 'cust-ola' }, at(13)]]).state;
    expect(attempt(left, customerJoin('cust-sara', 'Sara Berg')).code).toBe('ok');
  });

  it('SUP-2: the first customer is served; switching to another ends the running activities, and the session says so', () => {
    const sharing = play(running(), [
      [customerJoin('cust-ola', 'Ola Nordmann'), at(12)],
      [onS('session.activity', csr, { kind: 'shareScreen', on: true }), at(15)],
    ]);
    expect(sessionIn(sharing.state)).toMatchObject({ servingId: 'cust-mette', activities: [{ kind: 'shareScreen', customerId: 'cust-mette' }] });
    expect(platformOf(sharing.effects).at(-1)).toMatchObject({ type: 'session.activity.start', kind: 'shareScreen', customerId: 'cust-mette', confirm: true });
    const switched = play(sharing.state, [[onS('session.serve', csr, { customerId: 'cust-ola' }), at(20)]]);
    expect(sessionIn(switched.state)).toMatchObject({
      servingId: 'cust-ola',
      activities: [],
      notice: { kind: 'activitiesEnded', reason: 'switch', activities: ['shareScreen'] },
    });
    expect(platformOf(switched.effects)).toEqual([
      expect.objectContaining({ type: 'session.activity.stop', kind: 'shareScreen', customerId: 'cust-mette', reason: 'switch', confirm: true }),
    ]);
  });

  it('SUP-2: only the holder of control chooses whom to serve; an activity needs a customer being served', () => {
    const state = running();
    expect(attempt(state, onS('session.serve', helper, { customerId: 'cust-mette' })).code).toBe('session.notInControl');
    expect(attempt(state, onS('session.serve', csr, { customerId: 'nobody' })).code).toBe('session.customerUnknown');
    const alone = play(desk(), [[start(), at(1)]]).state;
    expect(attempt(alone, onS('session.activity', csr, { kind: 'viewDesktop', on: true })).code).toBe('session.noCustomer');
  });
});

describe('helpers and control (SUP-3)', () => {
  it('SUP-3: another CSR joins with the number as a helper, without control', () => {
    const state = running();
    const session = sessionIn(state);
    expect(participant(session, helper.id, 'rep')).toMatchObject({ name: helper.name, present: true });
    expect(session.controllerId).toBe(csr.id);
    for (const cmd of [onS('session.voiceStart', helper), onS('session.end', helper), onS('session.control', helper, { to: csr.id })]) {
      expect(attempt(state, cmd).code).toBe('session.notInControl');
    }
    expect(attempt(state, join(helper, '000000000')).code).toBe('session.unknown');
  });

  it('SUP-3: a session holds at most MAX_REPS representatives; one more is refused and the session is unchanged', () => {
    const extra = Array.from({ length: MAX_REPS - 2 }, (_, i) => ({ id: `rep-${i}`, name: `Helper ${i}` }));
    const full = play(
      running(),
      extra.map((actor, i) => [join(actor), at(30 + i)]),
    ).state;
    expect(sessionIn(full).participants.filter((p) => p.kind === 'rep')).toHaveLength(MAX_REPS);
    expect(attempt(full, join({ id: 'rep-late', name: 'One Too Many' })).code).toBe('session.repsFull');
    // Someone already in, coming back, is not one more.
    expect(attempt(full, join(helper)).code).toBe('ok');
  });

  it('SUP-3: control moves to a helper and back; running activities end while the voice call continues', () => {
    const before = play(running(), [
      [onS('session.voiceStart', csr), at(12)],
      [onS('session.activity', csr, { kind: 'viewDesktop', on: true }), at(13)],
    ]).state;
    const handed = play(before, [[onS('session.control', csr, { to: helper.id }), at(20)]]);
    const session = sessionIn(handed.state);
    expect(session).toMatchObject({ controllerId: helper.id, activities: [], notice: { reason: 'control', activities: ['viewDesktop'] } });
    expect(session.voice).toEqual({ startedAt: at(12).toISOString(), speakers: [csr.id] });
    expect(platformOf(handed.effects).map((c) => c.type)).toEqual(['session.activity.stop']);
    expect(new Set(showsTo(handed.effects))).toEqual(new Set([csr.id, helper.id]));
    const back = play(handed.state, [[onS('session.control', helper, { to: csr.id }), at(30)]]).state;
    expect(sessionIn(back).controllerId).toBe(csr.id);
    expect(attempt(before, onS('session.control', csr, { to: 'cust-mette' })).code).toBe('session.notHelper');
    expect(attempt(before, onS('session.control', csr, { to: csr.id })).code).toBe('session.notHelper');
  });

  it('SUP-3: a helper ending the session is refused; the former holder may observe or leave, and ends it once control is back', () => {
    const handed = play(running(), [[onS('session.control', csr, { to: helper.id }), at(20)]]).state;
    expect(attempt(handed, onS('session.end', csr)).code).toBe('session.notInControl');
    expect(attempt(handed, onS('session.leave', csr)).code).toBe('ok');
    const back = play(handed, [[onS('session.control', helper, { to: csr.id }), at(25)]]).state;
    const ended = play(back, [[onS('session.end', csr), at(30)]]).state;
    expect(sessionIn(ended)).toMatchObject({ status: 'ended', endedBy: 'csr' });
  });

  it('SUP-3: the holder of control cannot leave without ending the session or handing control over', () => {
    expect(attempt(running(), onS('session.leave', csr)).code).toBe('session.controllerCannotLeave');
    const left = play(running(), [[onS('session.leave', helper), at(20)]]).state;
    expect(participant(sessionIn(left), helper.id)?.present).toBe(false);
    // A helper who left joins again with the number.
    expect(participant(sessionIn(play(left, [[join(), at(30)]]).state), helper.id)?.present).toBe(true);
  });
});

describe('handing a session over (SUP-4)', () => {
  it('SUP-4: a transfer to a queue is offered to its available agents; the sender leaves and a voice call ends', () => {
    const onCall = play(running(), [[onS('session.voiceStart', csr), at(12)]]).state;
    const moved = play(onCall, [[onS('session.transfer', csr, { queues: ['tech'], agents: [], message: 'Printer driver, see ticket 4411' }), at(20)]]);
    const session = sessionIn(moved.state);
    expect(session.controllerId).toBeUndefined();
    expect(session.voice).toBeUndefined();
    expect(participant(session, csr.id)?.present).toBe(false);
    // Available agents of the queue, never the sender; Bo is Idle (not routable for a queue).
    expect(session.transfer).toMatchObject({ fromName: csr.name, queue: 'tech', offeredTo: [helper.id], message: 'Printer driver, see ticket 4411' });
    expect(platformOf(moved.effects)).toEqual([expect.objectContaining({ type: 'session.voice.end', reason: 'transfer', confirm: true })]);
    expect(new Set(showsTo(moved.effects))).toEqual(new Set([csr.id, helper.id]));
  });

  it('SUP-4: a transfer to two queues is refused, as is one to a queue and agents at once, or to nobody', () => {
    const state = running();
    expect(attempt(state, onS('session.transfer', csr, { queues: ['tech', 'billing'], agents: [], message: '' }))).toEqual({
      code: 'session.transferOneQueue',
      details: { count: 2 },
    });
    expect(attempt(state, onS('session.transfer', csr, { queues: ['tech'], agents: [other.id], message: '' })).code).toBe('session.transferQueueOrAgents');
    expect(attempt(state, onS('session.transfer', csr, { queues: [], agents: [], message: '' })).code).toBe('session.transferNoTarget');
    expect(attempt(state, onS('session.transfer', csr, { queues: ['nope'], agents: [], message: '' })).code).toBe('queue.unknown');
    expect(attempt(state, onS('session.transfer', helper, { queues: ['tech'], agents: [], message: '' })).code).toBe('session.notInControl');
  });

  it('SUP-4: a message of 345 characters goes with the transfer; a 346-character message is refused with its count', () => {
    const state = running();
    const long = attempt(state, onS('session.transfer', csr, { queues: [], agents: [other.id], message: 'x'.repeat(346) }));
    expect(long).toEqual({ code: 'session.messageTooLong', details: { count: 346, max: 345 } });
    expect(attempt(state, onS('session.transfer', csr, { queues: [], agents: [other.id], message: 'x'.repeat(345) })).code).toBe('ok');
    // Counted in characters as people see them: 345 emoji are 345 characters.
    expect(attempt(state, onS('session.transfer', csr, { queues: [], agents: [other.id], message: '😀'.repeat(345) })).code).toBe('ok');
  });

  it('SUP-4: one or more agents receive it; the first to accept takes control and the others are told who took it', () => {
    const moved = play(running(), [[onS('session.transfer', csr, { queues: [], agents: [other.id, helper.id], message: 'Over to you' }), at(20)]]).state;
    expect(sessionIn(moved).transfer?.offeredTo).toEqual([other.id, helper.id]);
    const accepted = play(moved, [[onS('session.accept', other), at(25)]]);
    expect(sessionIn(accepted.state)).toMatchObject({ controllerId: other.id, lastTransfer: { offeredTo: [other.id, helper.id], takenBy: other.name } });
    expect(sessionIn(accepted.state).transfer).toBeUndefined();
    expect(new Set(showsTo(accepted.effects))).toEqual(new Set([other.id, helper.id]));
    expect(attempt(accepted.state, onS('session.accept', helper))).toEqual({ code: 'session.taken', details: { name: other.name } });
    expect(attempt(accepted.state, onS('session.accept', csr)).code).toBe('session.notOffered');
  });

  it('SUP-4: only agents who are Available or Idle can receive a transfer, and never the sender', () => {
    const onBreak = play(running(), [[{ type: 'status.set', actor: other, state: 'Break' }, at(15)]]).state;
    expect(attempt(onBreak, onS('session.transfer', csr, { queues: [], agents: [other.id], message: '' })).code).toBe('session.transferTargetUnavailable');
    expect(attempt(onBreak, onS('session.transfer', csr, { queues: [], agents: [csr.id], message: '' })).code).toBe('session.transferSelf');
  });
});

describe('voice in a session (VC-1, VC-2, VC-3)', () => {
  it('VC-1: the CSR starts a voice call, confirmed by the platform first, is in it and may speak; everyone is asked to join', () => {
    const started = play(running(), [[onS('session.voiceStart', csr), at(12)]]);
    const session = sessionIn(started.state);
    expect(session.voice).toEqual({ startedAt: at(12).toISOString(), speakers: [csr.id] });
    expect(participant(session, csr.id)?.inVoice).toBe(true);
    expect(participant(session, 'cust-mette')?.inVoice).toBeFalsy();
    expect(platformOf(started.effects)).toEqual([{ type: 'session.voice.start', sessionId: SESSION, agentId: csr.id, speakers: [csr.id], confirm: true }]);
    expect(attempt(started.state, onS('session.voiceStart', csr)).code).toBe('voice.alreadyStarted');
  });

  it('VC-1: the session outlives the voice call; only the holder of control ends it', () => {
    const started = play(running(), [[onS('session.voiceStart', csr), at(12)]]).state;
    expect(attempt(started, onS('session.voiceEnd', helper)).code).toBe('session.notInControl');
    const ended = play(started, [[onS('session.voiceEnd', csr), at(20)]]);
    expect(sessionIn(ended.state)).toMatchObject({ status: 'open' });
    expect(sessionIn(ended.state).voice).toBeUndefined();
    expect(sessionIn(ended.state).participants.some((p) => p.inVoice)).toBe(false);
    expect(platformOf(ended.effects)).toEqual([expect.objectContaining({ type: 'session.voice.end', reason: 'agent', confirm: true })]);
    expect(attempt(ended.state, onS('session.voiceEnd', csr)).code).toBe('voice.notStarted');
  });

  it('VC-2: the CSR gives the mic to a participant in the call; a third speaker is refused until the mic is taken from one', () => {
    const inCall = play(running(), [
      [onS('session.voiceStart', csr), at(12)],
      [{ type: 'session.customerVoice', sessionId: SESSION, customerId: 'cust-mette', join: true }, at(13)],
      [onS('session.voiceJoin', helper), at(14)],
    ]).state;
    const given = play(inCall, [[onS('session.micGive', csr, { participantId: 'cust-mette' }), at(15)]]);
    expect(sessionIn(given.state).voice?.speakers).toEqual([csr.id, 'cust-mette']);
    expect(platformOf(given.effects)).toEqual([{ type: 'session.mic', sessionId: SESSION, agentId: csr.id, speakers: [csr.id, 'cust-mette'], confirm: true }]);
    const third = attempt(given.state, onS('session.micGive', csr, { participantId: helper.id }));
    expect(third).toEqual({ code: 'voice.speakersFull', details: { max: 2, names: 'Lars Nygaard, Mette Nielsen' } });
    const taken = play(given.state, [[onS('session.micTake', csr, { participantId: csr.id }), at(16)]]).state;
    expect(sessionIn(taken).voice?.speakers).toEqual(['cust-mette']);
    expect(sessionIn(play(taken, [[onS('session.micGive', csr, { participantId: helper.id }), at(17)]]).state).voice?.speakers).toEqual([
      'cust-mette',
      helper.id,
    ]);
    expect(attempt(given.state, onS('session.micGive', helper, { participantId: helper.id })).code).toBe('session.notInControl');
  });

  it('VC-2: the mic only goes to someone in the voice call, and only while there is one', () => {
    const started = play(running(), [[onS('session.voiceStart', csr), at(12)]]).state;
    expect(attempt(started, onS('session.micGive', csr, { participantId: 'cust-mette' })).code).toBe('voice.notInCall');
    expect(attempt(started, onS('session.micGive', csr, { participantId: 'nobody' })).code).toBe('session.notParticipant');
    expect(attempt(running(), onS('session.micGive', csr, { participantId: 'cust-mette' })).code).toBe('voice.notStarted');
  });

  it('VC-3: a customer and a helper leave the voice call and rejoin it without leaving the session', () => {
    const inCall = play(running(), [
      [onS('session.voiceStart', csr), at(12)],
      [{ type: 'session.customerVoice', sessionId: SESSION, customerId: 'cust-mette', join: true }, at(13)],
      [onS('session.voiceJoin', helper), at(14)],
      [onS('session.micGive', csr, { participantId: 'cust-mette' }), at(15)],
    ]).state;
    const left = play(inCall, [
      [{ type: 'session.customerVoice', sessionId: SESSION, customerId: 'cust-mette', join: false }, at(20)],
      [onS('session.voiceLeave', helper), at(21)],
    ]);
    const session = sessionIn(left.state);
    expect(participant(session, 'cust-mette')).toMatchObject({ present: true, inVoice: false });
    expect(participant(session, helper.id)).toMatchObject({ present: true, inVoice: false });
    // Leaving the call takes the mic too.
    expect(session.voice?.speakers).toEqual([csr.id]);
    expect(platformOf(left.effects).map((c) => [c.type, 'participantId' in c ? c.participantId : ''])).toEqual([
      ['session.voice.leave', 'cust-mette'],
      ['session.voice.leave', helper.id],
    ]);
    const back = play(left.state, [
      [{ type: 'session.customerVoice', sessionId: SESSION, customerId: 'cust-mette', join: true }, at(30)],
      [onS('session.voiceJoin', helper), at(31)],
    ]);
    expect(
      sessionIn(back.state)
        .participants.filter((p) => p.inVoice)
        .map((p) => p.id),
    ).toEqual([csr.id, helper.id, 'cust-mette']);
    expect(platformOf(back.effects).map((c) => c.type)).toEqual(['session.voice.join', 'session.voice.join']);
  });

  it('VC-3: joining a voice call needs one; leaving the session takes you out of it', () => {
    expect(attempt(running(), onS('session.voiceJoin', helper)).code).toBe('voice.notStarted');
    const inCall = play(running(), [
      [onS('session.voiceStart', csr), at(12)],
      [onS('session.voiceJoin', helper), at(14)],
    ]).state;
    const gone = play(inCall, [[onS('session.leave', helper), at(20)]]);
    expect(participant(sessionIn(gone.state), helper.id)).toMatchObject({ present: false, inVoice: false });
    expect(platformOf(gone.effects).map((c) => c.type)).toEqual(['session.voice.leave']);
    expect(attempt(gone.state, onS('session.voiceJoin', helper)).code).toBe('session.notParticipant');
  });

  it('VC-1: ending the session ends its voice call and activities, each told to the platform', () => {
    const busy = play(running(), [
      [onS('session.voiceStart', csr), at(12)],
      [onS('session.activity', csr, { kind: 'shareScreen', on: true }), at(13)],
    ]).state;
    const ended = play(busy, [[onS('session.end', csr), at(20)]]);
    expect(platformOf(ended.effects).map((c) => [c.type, 'reason' in c ? c.reason : ''])).toEqual([
      ['session.activity.stop', 'sessionEnded'],
      ['session.voice.end', 'sessionEnded'],
    ]);
    expect(sessionIn(ended.state)).toMatchObject({ status: 'ended', activities: [] });
  });
});
