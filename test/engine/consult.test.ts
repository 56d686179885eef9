import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.js';
import type { ConsultTarget } from '../../src/engine/consult-model.js';
import { createDecide } from '../../src/engine/decide.js';
import type { DeskState } from '../../src/engine/model.js';
import { agent, policy, run, stateWith, T0 } from './fixtures.js';

const decide = createDecide(policy);
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const a1 = { id: 'a1', name: 'Åsa Lind' };
const a2 = { id: 'a2', name: 'Bo Ek' };
const expert = { id: 'x1', name: 'Kjersti Dahl' };
const toAgent: ConsultTarget = { kind: 'agent', id: 'a2', name: 'Bo Ek' };
const toExpert: ConsultTarget = { kind: 'expert', id: 'x1', name: 'Kjersti Dahl' };

/** Agent a1 on a connected call v1; a2 Available, a3 Idle. */
function onCall(): DeskState {
  return run(
    stateWith([
      agent('Available'),
      agent('Available', { id: 'a2', name: 'Bo Ek', stateSince: at(5).toISOString() }),
      agent('Idle', { id: 'a3', code: 'lunch' }),
    ]),
    [
      [
        { type: 'contact.offered', contact: { id: 'v1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', dnis: '', variables: [] } },
        at(10),
      ],
      [{ type: 'contact.answered', contactId: 'v1' }, at(12)],
    ],
  ).state;
}
const cmd = (
  type: 'consult.accept' | 'consult.decline' | 'consult.resumeCustomer' | 'consult.resumeParty' | 'consult.end' | 'consult.transfer' | 'consult.conference',
  actor = a1,
): Command => ({ type, actor, contactId: 'v1' });
const start = (target: ConsultTarget, actor = a1): Command => ({ type: 'consult.start', actor, contactId: 'v1', target });
const code = (state: DeskState, command: Command, time = at(30)) => {
  const result = decide(state, command, time);
  return result.ok ? 'ok' : result.error.code;
};
const consulting = () =>
  run(onCall(), [
    [start(toAgent), at(20)],
    [cmd('consult.accept', a2), at(25)],
  ]).state;

describe('starting a consult (CON-1, CON-5)', () => {
  it('CON-1: a consult needs an active call', () => {
    const chat = run(stateWith([agent('Available')]), [
      [{ type: 'contact.offered', contact: { id: 'v1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'J', dnis: '', variables: [] } }, at(1)],
      [{ type: 'contact.accept', actor: a1, contactIds: ['v1'] }, at(2)],
    ]).state;
    expect(code(chat, start(toAgent))).toBe('consult.needsCall');
  });

  it('CON-1: agents in Available or Idle can be consulted; others cannot', () => {
    expect(code(onCall(), start(toAgent))).toBe('ok');
    expect(code(onCall(), start({ kind: 'agent', id: 'a3', name: 'Idle one' }))).toBe('ok');
    const onBreak = run(onCall(), [[{ type: 'status.set', actor: a2, state: 'Break' }, at(15)]]).state;
    expect(code(onBreak, start(toAgent))).toBe('consult.targetUnavailable');
  });

  it('CON-5: the requester sees "Consult requested" (customer on hold) and the target gets a request', () => {
    const { state, effects } = run(onCall(), [[start(toExpert), at(20)]]);
    expect(state.contacts.get('v1')).toMatchObject({ onHold: true, consult: { state: 'requested', offeredTo: ['x1'], timeoutAt: at(50).toISOString() } });
    expect(effects).toContainEqual({ type: 'showConsultRequest', contactId: 'v1', to: ['x1'] });
  });

  it("CON-9: only the contact's agent can start a consult, and never a second one at once", () => {
    expect(code(onCall(), start(toExpert, a2))).toBe('contact.notYours');
    const started = run(onCall(), [[start(toExpert), at(20)]]).state;
    expect(code(started, start(toAgent))).toBe('consult.inProgress');
  });
});

describe('before the accept (CON-7)', () => {
  it('CON-7: Transfer and Conference are refused until the consult is accepted', () => {
    const requested = run(onCall(), [[start(toAgent), at(20)]]).state;
    expect(code(requested, cmd('consult.transfer'))).toBe('consult.notAccepted');
    expect(code(requested, cmd('consult.conference'))).toBe('consult.notAccepted');
  });

  it('CON-7: Resume stays enabled before the accept: it withdraws the request and takes the customer off hold', () => {
    const { state } = run(onCall(), [
      [start(toAgent), at(20)],
      [cmd('consult.resumeCustomer'), at(22)],
    ]);
    expect(state.contacts.get('v1')?.consult).toBeUndefined();
    expect(state.contacts.get('v1')?.onHold).toBe(false);
  });

  it('CON-7: a decline gives the requester a clear consult-failed notice', () => {
    const { state } = run(onCall(), [
      [start(toAgent), at(20)],
      [cmd('consult.decline', a2), at(22)],
    ]);
    expect(state.contacts.get('v1')).toMatchObject({ consultFailed: { reason: 'declined', name: 'Bo Ek' } });
    expect(state.contacts.get('v1')?.consult).toBeUndefined();
  });

  it('CON-7: no answer in time puts the consulted agent in RONA and fails the consult', () => {
    const { state } = run(onCall(), [
      [start(toAgent), at(20)],
      [{ type: 'timer.fire', timerId: 'consult:v1', at: at(50).toISOString() }, at(50)],
    ]);
    expect(state.agents.get('a2')?.state).toBe('RONA');
    expect(state.contacts.get('v1')).toMatchObject({ consultFailed: { reason: 'noAnswer' } });
  });
});

describe('during a consult (CON-6, CON-8, HOLD-1)', () => {
  it('CON-6: on accept the requester sees Consulting with the customer on hold; the consulted agent is Engaged', () => {
    const state = consulting();
    expect(state.contacts.get('v1')).toMatchObject({ onHold: true, consult: { state: 'active', party: 'a2', partyName: 'Bo Ek' } });
    expect(state.agents.get('a2')?.state).toBe('Engaged');
  });

  it('CON-8 / HOLD-1: Resume takes the customer off hold and holds the consulted party ("Consult on hold"); never both on hold', () => {
    const held = run(consulting(), [[cmd('consult.resumeCustomer'), at(30)]]).state;
    expect(held.contacts.get('v1')).toMatchObject({ onHold: false, consult: { state: 'held' } });
    const back = run(held, [[cmd('consult.resumeParty'), at(35)]]).state;
    expect(back.contacts.get('v1')).toMatchObject({ onHold: true, consult: { state: 'active' } });
    expect(code(consulting(), { type: 'contact.resume', actor: a1, contactId: 'v1' })).toBe('consult.inProgress');
  });

  it('CON-6: the consulted party may end their leg; the call continues with the customer', () => {
    const { state } = run(consulting(), [[cmd('consult.end', a2), at(40)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'connected', agentId: 'a1', onHold: false });
    expect(state.contacts.get('v1')?.consult).toBeUndefined();
    expect(state.agents.get('a2')?.state).toBe('Available');
  });

  it('CON-8 / XFER-1: Transfer hands the call to the consulted party and the requester goes to wrap-up', () => {
    const { state, effects } = run(consulting(), [[cmd('consult.transfer'), at(40)]]);
    expect(state.contacts.get('v1')).toMatchObject({ agentId: 'a2', status: 'connected', onHold: false });
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['v1'] });
    expect(state.agents.get('a2')).toMatchObject({ state: 'Engaged', active: ['v1'] });
    // The wrap-up card goes to the sender, not to the contact's new agent.
    expect(effects).toContainEqual({ type: 'showWrapUp', contactId: 'v1', agentId: 'a1' });
    expect(state.contacts.get('v1')).toMatchObject({ transferredFrom: ['a1'], transferredToName: 'Bo Ek' });
  });

  it('XFER-1: a transfer to an expert who is not an agent still gives them the call', () => {
    const { state } = run(onCall(), [
      [start(toExpert), at(20)],
      [cmd('consult.accept', expert), at(22)],
      [cmd('consult.transfer'), at(30)],
    ]);
    expect(state.contacts.get('v1')?.agentId).toBe('x1');
    expect(state.agents.get('x1')).toMatchObject({ state: 'Engaged', active: ['v1'], name: 'Kjersti Dahl' });
  });

  it('CON-8: Conference makes a three-way call with the customer off hold', () => {
    const { state } = run(consulting(), [[cmd('consult.conference'), at(40)]]);
    expect(state.contacts.get('v1')).toMatchObject({ onHold: false, consult: { state: 'conference', party: 'a2' } });
  });
});

describe('CON-9: who may do what', () => {
  it('CON-9: agent 2 cannot end the interaction', () => {
    expect(code(consulting(), { type: 'contact.end', actor: a2, contactId: 'v1' })).toBe('contact.notYours');
  });

  it('CON-9: agent 2 cannot resume', () => {
    expect(code(consulting(), cmd('consult.resumeCustomer', a2))).toBe('consult.requesterOnly');
  });

  it('CON-9: agent 2 cannot transfer or conference', () => {
    expect(code(consulting(), cmd('consult.transfer', a2))).toBe('consult.requesterOnly');
    expect(code(consulting(), cmd('consult.conference', a2))).toBe('consult.requesterOnly');
  });

  it('CON-9: agent 1 ends the consult and holds agent 2', () => {
    expect(code(consulting(), cmd('consult.end'))).toBe('ok');
    expect(code(consulting(), cmd('consult.resumeCustomer'))).toBe('ok');
  });

  it('CON-9: agent 2 may accept a transfer (accepting the consult first) and joins a conference', () => {
    expect(run(consulting(), [[cmd('consult.transfer'), at(40)]]).state.contacts.get('v1')?.agentId).toBe('a2');
    expect(run(consulting(), [[cmd('consult.conference'), at(40)]]).state.contacts.get('v1')?.consult?.party).toBe('a2');
  });

  it('CON-9: customer hangs up during a consult: the interaction ends, agent 1 wraps up, agent 2 leaves without wrap-up', () => {
    const { state } = run(consulting(), [[{ type: 'contact.ended', contactId: 'v1', by: 'customer' }, at(40)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'ended', endedBy: 'customer' });
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['v1'] });
    expect(state.agents.get('a2')).toMatchObject({ state: 'Available' });
    expect(state.agents.get('a2')?.wrapUps ?? []).toEqual([]);
  });

  it('CON-9: agent 2 never wraps up a consult that simply ends', () => {
    const { state } = run(consulting(), [[cmd('consult.end'), at(40)]]);
    expect(state.agents.get('a2')?.wrapUps ?? []).toEqual([]);
  });
});

describe('queue consult (XFER-2)', () => {
  const queueConsult = () => run(onCall(), [[start({ kind: 'queue', id: 'tech', name: 'Technical Support' }), at(20)]]).state;

  it('XFER-2: a queue consult is offered to every eligible Available agent', () => {
    expect(queueConsult().contacts.get('v1')?.consult?.offeredTo).toEqual(['a2']);
  });

  it('XFER-2: the first accept wins; a later accept is told it was taken by the winner', () => {
    const many = run(stateWith([agent('Available'), ...['a2', 'a4', 'a5'].map((id) => agent('Available', { id, name: id.toUpperCase() }))]), [
      [{ type: 'contact.offered', contact: { id: 'v1', channel: 'voice', kind: 'inbound', queue: 'tech', from: 'X', dnis: '', variables: [] } }, at(1)],
      [{ type: 'contact.answered', contactId: 'v1' }, at(2)],
    ]).state;
    const owner = many.contacts.get('v1')!.agentId!;
    const requester = { id: owner, name: owner };
    const offered = run(many, [
      [{ type: 'consult.start', actor: requester, contactId: 'v1', target: { kind: 'queue', id: 'tech', name: 'Technical Support' } }, at(5)],
    ]).state;
    const others = offered.contacts.get('v1')!.consult!.offeredTo;
    expect(others).toHaveLength(3);
    const [first, second] = others;
    const won = run(offered, [[{ type: 'consult.accept', actor: { id: first!, name: 'Winner' }, contactId: 'v1' }, at(6)]]).state;
    const late = decide(won, { type: 'consult.accept', actor: { id: second!, name: 'Late' }, contactId: 'v1' }, at(6));
    expect(late).toMatchObject({ ok: false, error: { code: 'consult.taken', details: { name: 'Winner' } } });
  });

  it('XFER-2: someone it was not offered to cannot take it', () => {
    expect(code(queueConsult(), cmd('consult.accept', { id: 'a9', name: 'Nobody' }))).toBe('consult.notOffered');
  });
});
