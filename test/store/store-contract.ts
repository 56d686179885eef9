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
      let plans = 0;
      const update = (patch: Record<string, string>) =>
        transact(store, ['agent/a1'], (current) => {
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

    it('reports itself healthy and flushes', async () => {
      const store = await open();
      await store.write([{ key: 'k', value: 1, expectedVersion: 0 }]);
      await expect(store.check()).resolves.toBeUndefined();
      await expect(store.flush()).resolves.toBeUndefined();
    });
  });
}
