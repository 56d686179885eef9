import { describe, expect, it } from 'vitest';
import { BusMessageError, MAX_MESSAGE_BYTES, type Bus } from '../../src/store/bus.js';

/** Resolves with the first `count` messages a subscriber gets on `topic`, or rejects after `ms`. */
export async function collect(bus: Bus, topic: string, count: number, ms = 10_000): Promise<{ messages: Promise<string[]>; stop: () => Promise<void> }> {
  const got: string[] = [];
  let done: (messages: string[]) => void = () => undefined;
  const messages = new Promise<string[]>((resolve, reject) => {
    done = resolve;
    setTimeout(() => reject(new Error(`${got.length} of ${count} messages on ${topic} within ${ms} ms`)), ms).unref();
  });
  const stop = await bus.subscribe(topic, (message) => {
    got.push(message);
    if (got.length === count) done(got);
  });
  return { messages, stop };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every Bus does (src/store/bus.ts); call it once per implementation with a pair of buses that share messages. */
export function busContract(name: string, openPair: () => Promise<[Bus, Bus]>): void {
  describe(`${name} bus contract`, () => {
    it('delivers a message to every subscriber of its topic, the publisher included, in publish order', async () => {
      const [a, b] = await openPair();
      const atA = await collect(a, 'cards', 20);
      const atB = await collect(b, 'cards', 20);
      const sent = Array.from({ length: 20 }, (_, i) => `update ${i}`);
      for (const message of sent) await a.publish('cards', message);
      expect(await atB.messages).toEqual(sent);
      expect(await atA.messages).toEqual(sent);
    });

    it('keeps topics apart, and an unsubscribed handler gets nothing more', async () => {
      const [a, b] = await openPair();
      const other: string[] = [];
      await b.subscribe('other', (message) => other.push(message));
      const first = await collect(b, 'cards', 1);
      await a.publish('cards', 'one');
      expect(await first.messages).toEqual(['one']);
      await first.stop();
      // A later subscriber proves the next message went out; the stopped one must not see it.
      const second = await collect(b, 'cards', 1);
      await a.publish('cards', 'two');
      expect(await second.messages).toEqual(['two']);
      await sleep(50);
      expect(other).toEqual([]);
    });

    it(`carries a message of exactly ${MAX_MESSAGE_BYTES} bytes and any text, and refuses one byte more`, async () => {
      const [a, b] = await openPair();
      const largest = 'ø'.repeat(MAX_MESSAGE_BYTES / 2);
      const text = '{"id":"__proto__","name":"Søren 😀 \\"quoted\\" \'single\'"}';
      const got = await collect(b, '__proto__', 2);
      await a.publish('__proto__', largest);
      await a.publish('__proto__', text);
      expect(await got.messages).toEqual([largest, text]);
      await expect(a.publish('__proto__', `${largest}x`)).rejects.toThrow(BusMessageError);
      await expect(a.publish('__proto__', 'a\u0000b')).rejects.toThrow(/U\+0000/);
      await expect(a.publish('__proto__', 'a\uD800b')).rejects.toThrow(/lone UTF-16 surrogate/);
    });
  });
}
