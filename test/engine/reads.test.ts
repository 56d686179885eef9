import { describe, expect, it } from 'vitest';
import { createDecide, HANDLERS, readsOf, seenOf } from '../../src/engine/decide.js';
import { Draft, UndeclaredReadError } from '../../src/engine/draft.js';
import type { HandlerFor } from '../../src/engine/handler.js';
import { NOTHING_SEEN } from '../../src/engine/reads.js';
import { ok } from '../../src/engine/result.js';
import { agent, policy, stateWith, T0 } from './fixtures.js';

describe("a command's reads live with its handler (STYLE 11)", () => {
  const state = stateWith([agent('Available'), agent('Break', { id: 'a2', name: 'Bo Ek' })]);

  it('the draft refuses a record the command did not declare, and an index view it did not ask for', () => {
    const d = new Draft(state, { agents: ['a1'] }, T0, policy.maxDigitalPerAgent);
    expect(d.agent('a1')?.name).toBe('Åsa Lind');
    expect(() => d.agent('a2')).toThrow(UndeclaredReadError);
    expect(() => d.contact('c1')).toThrow(UndeclaredReadError);
    expect(() => d.ready('voice')).toThrow(UndeclaredReadError);
    expect(() => d.waiting('tech')).toThrow(UndeclaredReadError);
    expect(() => d.callCount()).toThrow(UndeclaredReadError);
    expect(() => d.setAgent({ ...state.agents.get('a2')!, state: 'Idle' })).toThrow(UndeclaredReadError);
  });

  it('a handler that reads what it did not declare fails in its own test, not in production', () => {
    const sneaky: HandlerFor<'status.set'> = {
      reads: () => ({}),
      decide: (d) => {
        d.agent('a2');
        return ok(undefined);
      },
    };
    const original = HANDLERS['status.set'];
    HANDLERS['status.set'] = sneaky;
    try {
      expect(() => createDecide(policy)(state, { type: 'status.set', actor: { id: 'a1', name: 'Åsa Lind' }, state: 'Break' }, T0)).toThrow(UndeclaredReadError);
    } finally {
      HANDLERS['status.set'] = original;
    }
  });

  it("a person's command always reads their own record; a status change reads nothing else (no shared record)", () => {
    const reads = readsOf({ type: 'status.set', actor: { id: 'a1', name: 'Åsa Lind' }, state: 'Break' }, seenOf(state), policy);
    expect(reads).toEqual({
      agents: ['a1'],
      contacts: [],
      ready: [],
      readyHeads: [],
      waiting: [],
      calls: false,
      broadcasts: [],
      messages: [],
      roster: false,
      sessions: [],
      sessionNumbers: [],
    });
  });

  it('reads can grow with what was read: an offer reads the first routable agents (not all of them), then the chosen agent', () => {
    const offer = {
      type: 'contact.offered' as const,
      contact: { id: 'c1', channel: 'chat' as const, kind: 'inbound' as const, queue: 'tech', from: 'X', dnis: '', variables: [] },
    };
    expect(readsOf(offer, NOTHING_SEEN, policy)).toMatchObject({ contacts: ['c1'], readyHeads: ['chat'], ready: [], agents: [] });
    expect(readsOf(offer, seenOf(state), policy)).toMatchObject({ contacts: ['c1'], readyHeads: ['chat'], ready: [], agents: ['a1'] });
  });
});
