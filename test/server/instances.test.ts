import { describe, expect, it } from 'vitest';
import { InstanceRegistry } from '../../src/instances.js';
import { createLog } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { waitFor } from '../support/wait-for.js';

const log = createLog('silent');

describe('instances on one store, by heartbeat', () => {
  it('an instance counts as alone only after a whole heartbeat period without others, and not once another beats', async () => {
    const store = new MemoryStore();
    const a = new InstanceRegistry(store, 'a', () => new Date(), log, 20);
    await a.start();
    // Started together with others, its first beat may have come before theirs.
    expect(a.alone).toBe(false);
    await waitFor(() => a.alone);
    expect(a.alone).toBe(true);
    const b = new InstanceRegistry(store, 'b', () => new Date(), log, 20);
    await b.start();
    await waitFor(() => a.count === 2);
    expect([a.count, a.alone, b.count, b.alone]).toEqual([2, false, 2, false]);
    await b.stop();
    await waitFor(() => a.count === 1);
    await a.stop();
  });
});
