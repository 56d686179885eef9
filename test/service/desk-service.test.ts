import { describe, expect, it } from 'vitest';
import { DeskService } from '../../src/desk-service.js';
import { createPlatformSink } from '../../src/platform/event-commands.js';
import { createDecide } from '../../src/engine/decide.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { RecordChange, ScanRange } from '../../src/store/store-port.js';
import { agent, policy } from '../engine/fixtures.js';

const clock = () => new Date('2026-11-20T09:00:00.000Z');
const sink = createPlatformSink;

/** A service on a fresh store with one Available agent holding a connected chat with an editable variable. */
async function connectedChat() {
  const service = new DeskService(new MemoryStore(), createDecide(policy), policy, clock);
  const asa = { id: 'a1', name: 'Åsa Lind' };
  await service.execute({ type: 'phone.set', actor: asa, phone: '+4512345678' });
  await service.execute({ type: 'status.set', actor: asa, state: 'Available' });
  await sink(service).apply({
    id: 'e1',
    type: 'contact.offered',
    contact: {
      id: 'c1',
      channel: 'chat',
      kind: 'inbound',
      queue: 'tech',
      from: 'Jane',
      dnis: '',
      variables: [{ name: 'notes', label: 'Notes', value: '', secure: false, editable: true }],
    },
  });
  await service.execute({ type: 'contact.accept', actor: asa, contactIds: ['c1'] });
  return { service, asa };
}

describe('the desk service under concurrency', () => {
  it('CAD-1: two saves of one variable at once, both from version 0: exactly one wins, the other is told', async () => {
    const { service, asa } = await connectedChat();
    const results = await Promise.all(
      ['Called back', 'Escalated'].map((value) =>
        service.execute({ type: 'variables.save', actor: asa, contactId: 'c1', values: new Map([['notes', { value, version: 0 }]]) }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['variable.notSaved']);
    const [contact] = await service.contacts(['c1']);
    const winner = results.findIndex((r) => r.ok);
    expect(contact?.variables[0]).toMatchObject({ value: ['Called back', 'Escalated'][winner], version: 1 });
  });

  it.each([
    ['an in-process store', () => new MemoryStore()],
    ['a store whose reads and writes take time, as a database does', () => new SlowStore()],
  ])('ANS-1: twenty chats offered at once to twenty Available agents on %s: one each, none lost, few lost write races', async (_, store) => {
    const service = new DeskService(store(), createDecide(policy), policy, clock);
    const agents = Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}` }));
    for (const a of agents) {
      await service.execute({ type: 'phone.set', actor: a, phone: '+4512345678' });
      await service.execute({ type: 'status.set', actor: a, state: 'Available' });
    }
    const before = service.stats.conflicts;
    const outcomes = await Promise.all(
      agents.map((_, i) =>
        sink(service).apply({
          id: `e${i}`,
          type: 'contact.offered',
          contact: { id: `c${i}`, channel: 'chat', kind: 'inbound', queue: 'tech', from: 'X', dnis: '', variables: [] },
        }),
      ),
    );
    expect(outcomes.every((o: { outcome: string }) => o.outcome === 'accepted')).toBe(true);
    const contacts = await service.contacts(agents.map((_, i) => `c${i}`));
    expect(contacts.every((c) => c.status === 'offered')).toBe(true);
    // Longest-available rotation spreads one each, instead of stacking all on the first agent.
    expect(new Set(contacts.map((c) => c.agentId)).size).toBe(20);
    expect(await service.dueTimers('9999')).toHaveLength(20);
    // All choosing the same first agent would lose about 190 races (19 + 18 + ... + 1); steered apart, none or a few.
    expect(service.stats.conflicts - before).toBeLessThan(10);
  });

  it('ST-1: two instances keeping agent records (as on PostgreSQL): a change made by the other is never lost, a stale kept record only costs a retry', async () => {
    const store = new MemoryStore();
    const [a, b] = [0, 1].map(() => new DeskService(store, createDecide(policy), policy, clock, undefined, 'i', { cacheAgents: () => true }));
    const asa = { id: 'a1', name: 'Åsa Lind' };
    await a!.execute({ type: 'phone.set', actor: asa, phone: '+4512345678' });
    await a!.execute({ type: 'status.set', actor: asa, state: 'Available' });
    // b changes her twice; a still keeps her as Available at an old version.
    await b!.execute({ type: 'status.set', actor: asa, state: 'Break' });
    await b!.execute({ type: 'status.set', actor: asa, state: 'Available' });
    const conflicts = a!.stats.conflicts;
    // From Available (as a keeps her) to Break is a write: its version check finds her changed, and a decides again.
    const result = await a!.execute({ type: 'status.set', actor: asa, state: 'Break' });
    expect(result.ok).toBe(true);
    expect(a!.stats.conflicts).toBe(conflicts + 1);
    expect((await a!.agent('a1'))?.state).toBe('Break');
    // a keeps what it wrote: the next change needs no read and no retry.
    expect((await a!.execute({ type: 'status.set', actor: asa, state: 'Available' })).ok).toBe(true);
    expect(a!.stats.conflicts).toBe(conflicts + 1);
    expect((await b!.agent('a1'))?.state).toBe('Available');
  });

  it('ST-1: a decision that only reads a kept record (a refusal) is made again from the store, never from what this instance last saw', async () => {
    const store = new MemoryStore();
    const real = createDecide(policy);
    const seen: Array<string | undefined> = [];
    const refusing: typeof real = (state, cmd, now) => {
      seen.push(state.agents.get('a1')?.state);
      return cmd.type === 'status.set' && cmd.state === 'Lunch' ? { ok: false, error: { code: 'test.refused', params: {} } as never } : real(state, cmd, now);
    };
    const a = new DeskService(store, refusing, policy, clock, undefined, 'a', { cacheAgents: () => true });
    const b = new DeskService(store, real, policy, clock);
    const asa = { id: 'a1', name: 'Åsa Lind' };
    await a.execute({ type: 'phone.set', actor: asa, phone: '+4512345678' });
    await a.execute({ type: 'status.set', actor: asa, state: 'Available' });
    await b.execute({ type: 'status.set', actor: asa, state: 'Break' });
    seen.length = 0;
    expect((await a.execute({ type: 'status.set', actor: asa, state: 'Lunch' })).ok).toBe(false);
    // First from the kept record (Available), then afresh (Break): the refusal stands on the store's version.
    expect(seen).toEqual(['Available', 'Break']);
  });

  it('XFER-2: 20 simultaneous accepts of one queue consult: exactly one wins, nothing is lost in the store', async () => {
    const service = new DeskService(new MemoryStore(), createDecide(policy), policy, clock);
    const owner = { id: 'owner', name: 'Owner' };
    const agents = Array.from({ length: 20 }, (_, i) => ({ id: `q${i}`, name: `Agent ${i}` }));
    await service.execute({ type: 'phone.set', actor: owner, phone: '+4512345678' });
    await service.execute({ type: 'status.set', actor: owner, state: 'Available' });
    await sink(service).apply({
      id: 'e-call',
      type: 'contact.offered',
      contact: { id: 'call', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', dnis: '', variables: [], agentId: 'owner' },
    });
    await sink(service).apply({ id: 'e-answer', type: 'contact.answered', contactId: 'call' });
    for (const a of agents) {
      await service.execute({ type: 'phone.set', actor: a, phone: '+4512345678' });
      await service.execute({ type: 'status.set', actor: a, state: 'Available' });
    }
    const started = await service.execute({
      type: 'consult.start',
      actor: owner,
      contactId: 'call',
      target: { kind: 'queue', id: 'tech', name: 'Technical Support' },
    });
    expect(started.ok).toBe(true);
    const results = await Promise.all(agents.map((a) => service.execute({ type: 'consult.accept', actor: a, contactId: 'call' })));
    const winners = results.flatMap((r, i) => (r.ok ? [agents[i]!.id] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'consult.taken')).toBe(true);
    const [call] = await service.contacts(['call']);
    expect(call?.consult).toMatchObject({ state: 'active', party: winners[0] });
    // Exactly the winner is Engaged; the 19 others are still Available and routable.
    const states = await Promise.all(agents.map((a) => service.agent(a.id)));
    expect(states.filter((a) => a?.state === 'Engaged').map((a) => a?.id)).toEqual(winners);
    expect(states.filter((a) => a?.state === 'Available')).toHaveLength(19);
  });

  it('XFER-2: 20 agents accept one queue transfer at once: exactly one takes the call, the rest are told it was taken', async () => {
    const service = new DeskService(new MemoryStore(), createDecide(policy), policy, clock);
    const owner = { id: 'owner', name: 'Owner' };
    await service.execute({ type: 'phone.set', actor: owner, phone: '+4512345678' });
    await service.execute({ type: 'status.set', actor: owner, state: 'Available' });
    await sink(service).apply({
      id: 't-call',
      type: 'contact.offered',
      contact: { id: 'call', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4522334455', dnis: '', variables: [], agentId: 'owner' },
    });
    await sink(service).apply({ id: 't-answer', type: 'contact.answered', contactId: 'call' });
    const agents = Array.from({ length: 20 }, (_, i) => ({ id: `t${i}`, name: `Agent ${i}` }));
    for (const a of agents) {
      await service.execute({ type: 'phone.set', actor: a, phone: '+4512345678' });
      await service.execute({ type: 'status.set', actor: a, state: 'Available' });
    }
    expect(
      (await service.execute({ type: 'transfer.blind', actor: owner, contactId: 'call', target: { kind: 'queue', id: 'billing', name: 'Billing' } })).ok,
    ).toBe(true);
    const results = await Promise.all(agents.map((a) => service.execute({ type: 'consult.accept', actor: a, contactId: 'call' })));
    const winners = results.flatMap((r, i) => (r.ok ? [agents[i]!.id] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'consult.taken')).toBe(true);
    const [call] = await service.contacts(['call']);
    expect(call).toMatchObject({ agentId: winners[0], status: 'connected' });
    expect((await service.agent('owner'))?.state).toBe('WrapUp');
  });

  it('SPEC 10: the same event id applied twice at once is applied once', async () => {
    const service = new DeskService(new MemoryStore(), createDecide(policy), policy, clock);
    const event = {
      id: 'same',
      type: 'contact.offered' as const,
      contact: { id: 'c1', channel: 'email' as const, kind: 'inbound' as const, queue: 'tech', from: 'X', dnis: '', variables: [] },
    };
    const outcomes = await Promise.all([sink(service).apply(event), sink(service).apply(event)]);
    expect(outcomes.map((o: { outcome: string }) => o.outcome).sort()).toEqual(['accepted', 'duplicate']);
  });
});
void agent;

/** A memory store that takes a moment for every read, scan and write, so concurrent turns overlap as they do on a database. */
class SlowStore extends MemoryStore {
  override async read(keys: readonly string[]) {
    await sleep(1);
    return super.read(keys);
  }
  override async scan(collection: string, range?: ScanRange) {
    await sleep(1);
    return super.scan(collection, range);
  }
  override async write(changes: readonly RecordChange[]) {
    await sleep(1);
    return super.write(changes);
  }
}
