import { describe, expect, it } from 'vitest';
import { VersionConflictError, type StorePort } from '../../src/store/store-port.js';
import { transact } from '../../src/store/transact.js';

/** The behaviour every store must show (STYLE 3); call it once per implementation. */
export function storeContract(name: string, open: () => Promise<StorePort>): void {
  describe(`${name} store contract`, () => {
    it('reads a missing record as absent, not as an error', async () => {
      const store = await open();
      expect((await store.read(['agent/none'])).size).toBe(0);
    });

    it('creates a record at version 1 and bumps the version on each write', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: { n: 1 }, expectedVersion: 0 }]);
      expect((await store.read(['k'])).get('k')).toEqual({ value: { n: 1 }, version: 1 });
      await store.write([{ key: 'k', value: { n: 2 }, expectedVersion: 1 }]);
      expect((await store.read(['k'])).get('k')).toEqual({ value: { n: 2 }, version: 2 });
    });

    it('refuses a write at a stale version and keeps the newer value', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: 'first', expectedVersion: 0 }]);
      await expect(store.write([{ key: 'k', value: 'late', expectedVersion: 0 }])).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.read(['k'])).get('k')?.value).toBe('first');
    });

    it('writes a batch all or nothing', async () => {
      const store = await open();
      await store.write([{ key: 'a', value: 1, expectedVersion: 0 }]);
      const batch = [
        { key: 'b', value: 2, expectedVersion: 0 },
        { key: 'a', value: 3, expectedVersion: 7 },
      ];
      await expect(store.write(batch)).rejects.toBeInstanceOf(VersionConflictError);
      const after = await store.read(['a', 'b']);
      expect(after.get('a')?.value).toBe(1);
      expect(after.has('b')).toBe(false);
    });

    it('deletes a record when written as null', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: 'x', expectedVersion: 0 }]);
      await store.write([{ key: 'k', value: null, expectedVersion: 1 }]);
      expect((await store.read(['k'])).has('k')).toBe(false);
    });

    it('a value read cannot be changed by the reader: the store stays as written', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: { list: [1] }, expectedVersion: 0 }]);
      const read = (await store.read(['k'])).get('k')!.value as { list: number[] };
      expect(() => read.list.push(2)).toThrow(TypeError);
      expect((await store.read(['k'])).get('k')?.value).toEqual({ list: [1] });
    });

    it('two concurrent updates of one agent: neither is lost', async () => {
      const store = await open();
      await store.write([{ key: 'agent/a1', value: { state: 'LoggedOut' }, expectedVersion: 0 }]);
      // On a shared server the second read could otherwise come after the first write: make both read first.
      const together = readsTogether(store, 2);
      let plans = 0;
      const update = (patch: Record<string, string>) =>
        transact(together, ['agent/a1'], (current) => {
          plans++;
          const agent = current.get('agent/a1') as Record<string, string>;
          return { writes: new Map([['agent/a1', { ...agent, ...patch }]]), result: undefined };
        });
      await Promise.all([update({ state: 'Available' }), update({ phone: '+4512345678' })]);
      expect((await store.read(['agent/a1'])).get('agent/a1')).toEqual({
        value: { state: 'Available', phone: '+4512345678' },
        version: 3,
      });
      // Both read version 1 before either wrote, so one of them must have been retried.
      expect(plans).toBe(3);
    });

    it('fifty concurrent increments all land', async () => {
      const store = await open();
      const increment = () =>
        transact(store, ['counter'], (current) => ({
          writes: new Map([['counter', ((current.get('counter') as number | undefined) ?? 0) + 1]]),
          result: undefined,
        }));
      await Promise.all(Array.from({ length: 50 }, increment));
      expect((await store.read(['counter'])).get('counter')).toEqual({ value: 50, version: 50 });
    });

    it('scans one collection in sort-key order, then by key, within a range and a limit', async () => {
      const store = await open();
      await store.write([
        { key: 'due/b', value: 'b', expectedVersion: 0, sort: '2026-11-20T09:00:02Z' },
        { key: 'due/a', value: 'a', expectedVersion: 0, sort: '2026-11-20T09:00:01Z' },
        { key: 'due/c', value: 'c', expectedVersion: 0, sort: '2026-11-20T09:00:01Z' },
        { key: 'due/late', value: 'late', expectedVersion: 0, sort: '2026-11-20T10:00:00Z' },
        { key: 'other/x', value: 'x', expectedVersion: 0, sort: '2026-11-20T09:00:00Z' },
      ]);
      const all = await store.scan('due');
      expect(all.map((r) => r.key)).toEqual(['due/a', 'due/c', 'due/b', 'due/late']);
      expect(all[0]).toEqual({ key: 'due/a', value: 'a', version: 1, sort: '2026-11-20T09:00:01Z' });
      const early = await store.scan('due', { to: '2026-11-20T09:30:00Z' });
      expect(early.map((r) => r.value)).toEqual(['a', 'c', 'b']);
      expect((await store.scan('due', { from: '2026-11-20T09:00:02Z', limit: 1 })).map((r) => r.value)).toEqual(['b']);
      expect(await store.scan('none')).toEqual([]);
    });

    it('a bound of a sort key followed by U+0000 is the first sort key after it: excluded as a start, included as an end', async () => {
      const store = await open();
      await store.write([
        { key: 'ended/a', value: 'a', expectedVersion: 0, sort: 'ended|2026-11-20' },
        { key: 'ended/b', value: 'b', expectedVersion: 0, sort: 'ended|2026-11-20' },
        { key: 'ended/c', value: 'c', expectedVersion: 0, sort: 'ended|2026-11-21' },
        { key: 'ended/d', value: 'd', expectedVersion: 0, sort: 'ended|2026-11-20!' },
      ]);
      const justAfter = (sort: string) => `${sort}\u0000`;
      expect((await store.scan('ended', { from: justAfter('ended|2026-11-20') })).map((r) => r.value)).toEqual(['d', 'c']);
      expect((await store.scan('ended', { to: justAfter('ended|2026-11-20') })).map((r) => r.value)).toEqual(['a', 'b']);
      expect((await store.scan('ended', { from: justAfter('ended|2026-11-20'), to: justAfter('ended|2026-11-20!') })).map((r) => r.value)).toEqual(['d']);
    });

    it('keeps a record without a sort key at the empty sort key, and moves it when rewritten with one', async () => {
      const store = await open();
      await store.write([{ key: 'q/one', value: 1, expectedVersion: 0 }]);
      expect((await store.scan('q'))[0]?.sort).toBe('');
      await store.write([{ key: 'q/one', value: 2, expectedVersion: 1, sort: 'z' }]);
      expect(await store.scan('q', { from: 'a' })).toEqual([{ key: 'q/one', value: 2, version: 2, sort: 'z' }]);
    });

    it('keeps scan order through big batches and single changes mixed: moves, deletions and inserts', async () => {
      const store = await open();
      // A seeded order, then one batch of 400 (past the bulk threshold) and single writes moving records around.
      const sortOf = (i: number, round: number) => `${String((i * 7919 + round * 31) % 1000).padStart(4, '0')}`;
      await store.write(Array.from({ length: 400 }, (_, i) => ({ key: `ord/${i}`, value: i, expectedVersion: 0, sort: sortOf(i, 0) })));
      await store.write(
        Array.from({ length: 400 }, (_, i) =>
          i % 3 === 0 ? { key: `ord/${i}`, value: null, expectedVersion: 1 } : { key: `ord/${i}`, value: i, expectedVersion: 1, sort: sortOf(i, 1) },
        ),
      );
      for (let i = 1; i < 40; i += 3) await store.write([{ key: `ord/${i}`, value: i, expectedVersion: 2, sort: sortOf(i, 2) }]);
      await store.write([{ key: 'ord/new', value: -1, expectedVersion: 0, sort: '0500' }]);
      const expected = new Map<string, string>();
      for (let i = 0; i < 400; i++) if (i % 3 !== 0) expected.set(`ord/${i}`, sortOf(i, i < 40 && i % 3 === 1 ? 2 : 1));
      expected.set('ord/new', '0500');
      const order = [...expected].sort(([ka, sa], [kb, sb]) => (sa !== sb ? (sa < sb ? -1 : 1) : ka < kb ? -1 : ka > kb ? 1 : 0)).map(([k]) => k);
      expect((await store.scan('ord')).map((r) => r.key)).toEqual(order);
      const inRange = order.filter((k) => expected.get(k)! >= '0300' && expected.get(k)! < '0600');
      expect((await store.scan('ord', { from: '0300', to: '0600', limit: 10 })).map((r) => r.key)).toEqual(inRange.slice(0, 10));
      expect((await store.scan('ord', { from: '0300', to: '0600' })).map((r) => r.key)).toEqual(inRange);
    });

    it('a deleted record leaves its collection', async () => {
      const store = await open();
      await store.write([{ key: 'q/one', value: 1, expectedVersion: 0, sort: 'a' }]);
      await store.write([{ key: 'q/one', value: null, expectedVersion: 1 }]);
      expect(await store.scan('q')).toEqual([]);
    });

    it("writes an unchecked change ('any') whatever its version, but not when a checked change of its batch conflicts", async () => {
      const store = await open();
      await store.write([{ key: 'idx/a', value: 'old', expectedVersion: 0 }]);
      await store.write([{ key: 'idx/a', value: 'new', expectedVersion: 'any' }]);
      expect((await store.read(['idx/a'])).get('idx/a')).toEqual({ value: 'new', version: 2 });
      await store.write([{ key: 'idx/b', value: 'created', expectedVersion: 'any' }]);
      expect((await store.read(['idx/b'])).get('idx/b')?.version).toBe(1);
      await expect(
        store.write([
          { key: 'idx/a', value: 'lost', expectedVersion: 'any' },
          { key: 'owner/1', value: 'x', expectedVersion: 5 },
        ]),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.read(['idx/a'])).get('idx/a')?.value).toBe('new');
      await store.write([{ key: 'idx/b', value: null, expectedVersion: 'any' }]);
      await store.write([{ key: 'idx/missing', value: null, expectedVersion: 'any' }]);
      expect((await store.read(['idx/b', 'idx/missing'])).size).toBe(0);
    });

    it('treats ids that name built-in object members as plain keys', async () => {
      const store = await open();
      const ids = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
      expect((await store.read(ids.map((id) => `agent/${id}`))).size).toBe(0);
      await store.write(ids.map((id) => ({ key: `agent/${id}`, value: { id }, expectedVersion: 0 })));
      const read = await store.read(ids.map((id) => `agent/${id}`));
      expect([...read.values()].map((r) => (r.value as { id: string }).id)).toEqual(ids);
      expect((await store.scan('agent')).length).toBe(ids.length);
    });

    it('reports itself healthy and flushes', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: 1, expectedVersion: 0 }]);
      await expect(store.check()).resolves.toBeUndefined();
      await expect(store.flush()).resolves.toBeUndefined();
    });
  });
}

/** The store, except that its first `count` reads answer only once all of them have: concurrent readers all see the same versions. */
function readsTogether(store: StorePort, count: number): StorePort {
  let left = count;
  const waiting: Array<() => void> = [];
  return {
    read: async (keys) => {
      const records = await store.read(keys);
      if (left > 0 && --left > 0) await new Promise<void>((resolve) => waiting.push(resolve));
      else for (const resolve of waiting.splice(0)) resolve();
      return records;
    },
    write: (changes) => store.write(changes),
    scan: (collection, range) => store.scan(collection, range),
    check: () => store.check(),
    flush: () => store.flush(),
    close: () => store.close(),
  };
}
