import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { InstanceRegistry } from '../../src/instances.js';
import { createLog } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const log = createLog('silent');

/** Waits until `check` holds, a heartbeat or two at most. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(5);
}

describe('instances on one store, by heartbeat', () => {
  it('an instance counts as alone only after a whole heartbeat period without others, and not once another beats', async () => {
    const store = new MemoryStore();
    const a = new InstanceRegistry(store, 'a', () => new Date(), log, 20);
    await a.start();
    // Started together with others, its first beat may have come before theirs.
    expect(a.alone).toBe(false);
    await until(() => a.alone);
    expect(a.alone).toBe(true);
    const b = new InstanceRegistry(store, 'b', () => new Date(), log, 20);
    await b.start();
    await until(() => a.count === 2);
    expect([a.count, a.alone, b.count, b.alone]).toEqual([2, false, 2, false]);
    await b.stop();
    await until(() => a.count === 1);
    await a.stop();
  });
});
