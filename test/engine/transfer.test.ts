import { agentIndexes } from '../../src/desk-records.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.js';
import type { ConsultTarget } from '../../src/engine/consult-model.js';
import { createDecide } from '../../src/engine/decide.js';
import type { DeskState } from '../../src/engine/model.js';
import { agent, policy, run, stateWith, T0, waitingIds } from './fixtures.js';

const decide = createDecide(policy);
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const a1 = { id: 'a1', name: 'Åsa Lind' };
const a2 = { id: 'a2', name: 'Bo Ek' };

/** a1 on a connected call v1 (queue tech); a2 Available (joined later, so a1 got the call); a3 in WrapUp. */
function onCall(): DeskState {
  return run(stateWith([agent('Available'), agent('WrapUp', { id: 'a3', name: 'Cai' })]), [
    [{ type: 'contact.offered', contact: { id: 'v1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', dnis: '', variables: [] } }, at(1)],
    [{ type: 'contact.answered', contactId: 'v1' }, at(2)],
    [{ type: 'phone.set', actor: a2, phone: '+4511111111' }, at(3)],
    [{ type: 'status.set', actor: a2, state: 'Available' }, at(3)],
  ]).state;
}
const transfer = (target: ConsultTarget, actor = a1): Command => ({ type: 'transfer.blind', actor, contactId: 'v1', target });
const code = (state: DeskState, cmd: Command) => {
  const result = decide(state, cmd, at(10));
  return result.ok ? 'ok' : result.error.code;
};

describe('blind transfer (XFER-1)', () => {
  it('XFER-1: to an Available agent it goes at once: offered to them, and the sender wraps up', () => {
    const { state } = run(onCall(), [[transfer({ kind: 'agent', id: 'a2', name: 'Bo Ek' }), at(10)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'offered', agentId: 'a2', transferredFrom: ['a1'] });
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['v1'], active: [] });
  });

  it('XFER-1: never to an agent in WrapUp (or otherwise not Available)', () => {
    expect(code(onCall(), transfer({ kind: 'agent', id: 'a3', name: 'Cai' }))).toBe('transfer.targetUnavailable');
  });

  it('XFER-1: the receiver does not accept: the transfer fails, the sender is told, the contact goes back to its queue', () => {
    const transferred = run(onCall(), [[transfer({ kind: 'agent', id: 'a2', name: 'Bo Ek' }), at(10)]]).state;
    const ronaAt = transferred.contacts.get('v1')!.ronaAt!;
    const { state, effects } = run(transferred, [[{ type: 'timer.fire', timerId: 'rona:v1', at: ronaAt }, at(30)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'queued', transferFailed: { name: 'Bo Ek' } });
    expect(effects).toContainEqual({ type: 'showInteraction', contactId: 'v1', agentId: 'a1' });
  });

  it('XFER-2: a queue transfer is offered to every eligible agent (never back to the sender); the first accept takes the call', () => {
    const { state, effects } = run(onCall(), [[transfer({ kind: 'queue', id: 'billing', name: 'Billing' }), at(10)]]);
    expect(state.contacts.get('v1')).toMatchObject({ queue: 'billing', declinedBy: ['a1'], consult: { mode: 'transfer', offeredTo: ['a2'] } });
    expect(state.contacts.get('v1')?.agentId).toBeUndefined();
    expect(effects).toContainEqual({ type: 'showConsultRequest', contactId: 'v1', to: ['a2'] });
    const taken = run(state, [[{ type: 'consult.accept', actor: a2, contactId: 'v1' }, at(12)]]).state;
    expect(taken.contacts.get('v1')).toMatchObject({ agentId: 'a2', takenBy: 'Bo Ek', status: 'connected' });
    expect(taken.contacts.get('v1')?.consult).toBeUndefined();
    expect(taken.agents.get('a2')).toMatchObject({ state: 'Engaged', active: ['v1'] });
  });

  it('XFER-2: when nobody takes a queue transfer in time it waits in the queue and the sender is told', () => {
    const offered = run(onCall(), [[transfer({ kind: 'queue', id: 'billing', name: 'Billing' }), at(10)]]).state;
    const { state, effects } = run(offered, [[{ type: 'timer.fire', timerId: 'consult:v1', at: offered.contacts.get('v1')!.consult!.timeoutAt }, at(40)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'queued', transferFailed: { name: 'Billing' } });
    expect(waitingIds(state, 'billing')).toEqual(['v1']);
    expect(effects).toContainEqual({ type: 'showInteraction', contactId: 'v1', agentId: 'a1' });
  });

  it("CON-7 / XFER-1: a dial number that is an entry point's DN goes to that entry point's queue", () => {
    const { state } = run(onCall(), [[transfer({ kind: 'dialNumber', id: '+45 70 10 10 10', name: '' }), at(10)]]);
    expect(state.contacts.get('v1')).toMatchObject({ queue: 'billing', transferredToName: 'Billing hotline' });
  });

  it('CON-7 / XFER-1: any other number is dialled as a plain number; the contact leaves the desk and the sender wraps up', () => {
    const { state } = run(onCall(), [[transfer({ kind: 'dialNumber', id: '+1 (425) 555-0100', name: '' }), at(10)]]);
    expect(state.contacts.get('v1')).toMatchObject({ status: 'ended', endedBy: 'agent', transferredToName: '+14255550100' });
    expect(state.agents.get('a1')).toMatchObject({ state: 'WrapUp', wrapUps: ['v1'] });
  });

  it('CON-2: a dial number with too few or too many digits is refused with the reason', () => {
    expect(decide(onCall(), transfer({ kind: 'dialNumber', id: '12', name: '' }), at(10))).toMatchObject({
      ok: false,
      error: { code: 'dialNumber.invalid', details: { reason: 'tooShort' } },
    });
    expect(decide(onCall(), transfer({ kind: 'dialNumber', id: '1'.repeat(19), name: '' }), at(10))).toMatchObject({
      ok: false,
      error: { code: 'dialNumber.invalid', details: { reason: 'tooLong' } },
    });
  });

  it("XFER-1: only the contact's agent can transfer it", () => {
    expect(code(onCall(), transfer({ kind: 'queue', id: 'billing', name: 'Billing' }, a2))).toBe('contact.notYours');
  });
});

describe('consult targets beyond people (CON-1, CON-7)', () => {
  it('CON-7: a consult to a plain dial number waits for the platform to report the answer', () => {
    const requested = run(onCall(), [
      [{ type: 'consult.start', actor: a1, contactId: 'v1', target: { kind: 'dialNumber', id: '+4722998877', name: 'Partner NOC (Oslo)' } }, at(10)],
    ]).state;
    expect(requested.contacts.get('v1')?.consult).toMatchObject({ state: 'requested', offeredTo: [], target: { kind: 'dialNumber', id: '+4722998877' } });
    const answered = run(requested, [[{ type: 'consult.answered', contactId: 'v1' }, at(15)]]).state;
    expect(answered.contacts.get('v1')?.consult).toMatchObject({ state: 'active', partyName: 'Partner NOC (Oslo)' });
  });

  it('CON-1: a consult to an entry point is offered to the eligible agents of its queue', () => {
    const { state } = run(onCall(), [
      [{ type: 'consult.start', actor: a1, contactId: 'v1', target: { kind: 'entryPoint', id: 'ep-billing', name: 'Billing hotline' } }, at(10)],
    ]);
    expect(state.contacts.get('v1')?.consult?.offeredTo).toEqual(['a2']);
  });

  it('CON-1: the consult and transfer lists come from the Available and Idle agents the store indexes', () => {
    const people = agentIndexes(onCall().agents.get('a2'), policy.maxDigitalPerAgent).find((e) => e.key === 'present/a2');
    expect(people?.value).toEqual({ id: 'a2', name: 'Bo Ek', state: 'Available' });
  });
});
