import { describe, expect, it } from 'vitest';
import { JoinLimiter } from '../../src/support/join-limiter.js';
import { startSupportSession } from '../../src/support/start-session.js';
import { useDesk } from '../support/use-desk.js';
import { joinAsCustomer, pageText } from './session-helpers.js';

// A desk of its own: the wrong tries of this file must not meet another file's (or test's) tries.
const fx = useDesk({ startAt: '2026-11-20T10:00:00.000Z' });

describe('numbers cannot be enumerated (SUP-1)', () => {
  it('SUP-1: after 10 wrong numbers in a minute from one address, even the right number is refused with 429 until the minute has passed', async () => {
    const started = await startSupportSession(fx.desk.app.service, { id: 'lars', name: 'Lars Nygaard' });
    if (!started.ok) throw new Error(started.error.code);
    const { session } = (await fx.desk.app.service.session(started.value.sessionId))!;
    for (let n = 1; n <= 10; n++) {
      fx.desk.setNow(`2026-11-20T10:00:${String(n * 3).padStart(2, '0')}.000Z`);
      const wrong = await joinAsCustomer(fx.desk.url, { number: String(100000000 + n), name: 'Guesser' });
      expect(wrong.status).toBe(404);
    }
    fx.desk.setNow('2026-11-20T10:00:40.000Z');
    const limited = await fetch(`${fx.desk.url}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'da' },
      body: new URLSearchParams({ number: session.number, name: 'Mette' }).toString(),
    });
    expect(limited.status).toBe(429);
    // The oldest wrong try (at :03) leaves the window at 10:01:03.
    expect(limited.headers.get('retry-after')).toBe('23');
    expect(pageText(await limited.text())).toContain('For mange forkerte forsøg fra dit netværk. Vent et minut, og prøv så igen.');
    expect((await fetch(`${fx.desk.url}/join?n=${session.number}&t=${session.token}`)).status).toBe(429);
    expect((await fx.desk.app.service.session(session.id))?.session.participants).toHaveLength(1);
    fx.desk.setNow('2026-11-20T10:01:04.000Z');
    expect((await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette' })).status).toBe(303);
  });

  it('SUP-1: the limiter counts per address, forgets tries older than its window, and remembers a bounded number of addresses', () => {
    let now = 0;
    const limiter = new JoinLimiter(() => new Date(now), 3, 60_000, 2);
    for (let i = 0; i < 3; i++) limiter.wrong('10.0.0.1');
    expect(limiter.waitMs('10.0.0.1')).toBe(60_000);
    expect(limiter.waitMs('10.0.0.2')).toBe(0);
    now = 30_000;
    expect(limiter.waitMs('10.0.0.1')).toBe(30_000);
    now = 60_001;
    expect(limiter.waitMs('10.0.0.1')).toBe(0);
    for (const address of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) limiter.wrong(address);
    // Only the two most recent addresses are kept.
    expect(['a', 'b', 'c'].map((address) => limiter.waitMs(address) > 0)).toEqual([false, true, true]);
    // An id that is also a property name is just an address.
    for (let i = 0; i < 3; i++) limiter.wrong('__proto__');
    expect(limiter.waitMs('__proto__')).toBeGreaterThan(0);
  });
});
