import { describe, expect, it } from 'vitest';
import { KeptClients } from '../../bot/kept-clients.js';

describe('SDK clients kept a while (a turn reuses one instead of building an HTTP pipeline)', () => {
  const kept = (max = 3) => {
    let now = 0;
    let made = 0;
    const clients = new KeptClients<{ n: number }>({ keptMs: 1000, max, now: () => now });
    return {
      clients,
      made: () => made,
      at: (ms: number) => {
        now = ms;
      },
      get: (key: string) => clients.get(key, async () => ({ n: ++made })),
    };
  };

  it('the same key gets the same client until it has been kept keptMs, then a new one', async () => {
    const k = kept();
    const first = await k.get('a');
    k.at(999);
    expect(await k.get('a')).toBe(first);
    k.at(1000);
    const second = await k.get('a');
    expect(second).not.toBe(first);
    expect(k.made()).toBe(2);
  });

  it('different keys get different clients', async () => {
    const k = kept();
    expect(await k.get('a')).not.toBe(await k.get('b'));
  });

  it('a client that failed to be made is not kept: the next caller tries again', async () => {
    const k = kept();
    await expect(k.clients.get('a', () => Promise.reject(new Error('no credentials')))).rejects.toThrow('no credentials');
    expect((await k.get('a')).n).toBe(1);
  });

  it('keeps at most `max` keys, dropping the oldest, so keys from requests cannot grow it without end', async () => {
    const k = kept(2);
    const a = await k.get('a');
    await k.get('b');
    await k.get('c');
    expect(k.clients.size).toBe(2);
    expect(await k.get('a')).not.toBe(a);
  });
});
