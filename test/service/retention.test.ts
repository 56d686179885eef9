import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskService } from '../../src/desk-service.js';
import { createDecide } from '../../src/engine/decide.js';
import { createLog } from '../../src/log.js';
import type { PlatformEvent } from '../../src/platform/events.js';
import { createPlatformSink } from '../../src/platform/event-commands.js';
import { Retention } from '../../src/retention.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { StorePort } from '../../src/store/store-port.js';
import { policy } from '../engine/fixtures.js';

const T0 = new Date('2026-11-20T09:00:00.000Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3600_000);

function desk(store: StorePort) {
  let now = T0;
  const service = new DeskService(store, createDecide(policy), policy, () => now);
  const retention = new Retention(store, () => now, createLog('silent'), { eventIdHours: 24, historyDays: 7 });
  return { service, sink: createPlatformSink(service), retention, at: (d: Date) => (now = d) };
}
const email = (id: string, contactId = id): PlatformEvent => ({
  id,
  type: 'contact.offered',
  contact: { id: contactId, channel: 'email', kind: 'inbound', queue: 'tech', from: 'X', dnis: '', variables: [] },
});
const asa = { id: 'a1', name: 'Åsa Lind' };

describe('retention: the store does not grow with history', () => {
  it('a replay inside the event-id window is still a duplicate; after it the id is forgotten', async () => {
    const { sink, retention, at } = desk(new MemoryStore());
    expect(await sink.apply(email('e1'))).toEqual({ outcome: 'accepted' });
    at(hours(23));
    await retention.prune();
    expect(await sink.apply(email('e1'))).toEqual({ outcome: 'duplicate' });
    at(hours(25));
    expect(await retention.prune()).toMatchObject({ events: 1 });
    // Forgotten: the event is applied again, and the desk says why it no longer fits.
    expect(await sink.apply(email('e1'))).toMatchObject({ outcome: 'conflict', code: 'contact.exists' });
  });

  it('WRAP-1: ended contacts go after the history window, but not while a wrap-up is owed; live contacts stay', async () => {
    const store = new MemoryStore();
    const { service, sink, retention, at } = desk(store);
    await service.execute({ type: 'phone.set', actor: asa, phone: '+4512345678' });
    await service.execute({ type: 'status.set', actor: asa, state: 'Available' });
    // Wrapped up, ended and owed, and queued-then-withdrawn.
    await sink.apply(email('e1', 'done'));
    await service.execute({ type: 'contact.accept', actor: asa, contactIds: ['done'] });
    await sink.apply({ id: 'e2', type: 'contact.ended', contactId: 'done', by: 'customer' });
    await service.execute({ type: 'wrapUp.submit', actor: asa, contactId: 'done', code: 'resolved' });
    await sink.apply(email('e3', 'owed'));
    await service.execute({ type: 'contact.accept', actor: asa, contactIds: ['owed'] });
    await sink.apply({ id: 'e4', type: 'contact.ended', contactId: 'owed', by: 'customer' });
    await service.execute({ type: 'status.set', actor: { id: 'a2', name: 'Bo' }, state: 'Break' });
    await sink.apply(email('e5', 'live'));
    at(hours(24 * 8));
    const pruned = await retention.prune();
    expect(pruned.contacts).toBe(1);
    expect((await service.contacts(['done', 'owed', 'live'])).map((c) => c.id)).toEqual(['owed', 'live']);
    // Once wrapped up, the owed one goes at the next pass after its window.
    await service.execute({ type: 'wrapUp.submit', actor: asa, contactId: 'owed', code: 'resolved' });
    expect((await retention.prune()).contacts).toBe(1);
    expect((await service.contacts(['owed'])).length).toBe(0);
  });

  it('lowdb: with retention the data file shrinks back after a burst of events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-retention-'));
    try {
      const file = join(dir, 'desk.json');
      const store = await LowdbStore.open(file);
      const { sink, retention, at } = desk(store);
      await Promise.all(Array.from({ length: 300 }, (_, i) => sink.apply(email(`offer-${i}`, `m${i}`))));
      // Each close folds the journal into the file, so the file is the whole state.
      await store.close();
      const before = (await stat(file)).size;
      at(hours(25));
      expect((await retention.prune()).events).toBe(300);
      await store.close();
      const after = (await stat(file)).size;
      expect(after).toBeLessThan(before * 0.9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
