import { describe, expect, it } from 'vitest';
import { SendThrottle, TEAMS_LIMITS, type WindowLimit } from '../../src/outbox/throttle.js';

/** A throttle on a fake clock: sleeping moves time, and every send time is recorded. */
function fakeTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

function windowsHold(times: number[], limits: readonly WindowLimit[]): boolean {
  return limits.every(({ count, windowMs }) => times.every((t, i) => times.slice(i).filter((u) => u - t < windowMs).length <= count));
}

describe('send throttling (MSG-2)', () => {
  it('MSG-2: a burst of 120 sends to one conversation never exceeds 7/1 s, 8/2 s or 60/30 s', async () => {
    const time = fakeTime();
    const throttle = new SendThrottle(TEAMS_LIMITS, () => 1, time.now, time.sleep);
    const sent: number[] = [];
    for (let i = 0; i < 120; i++) {
      await throttle.send('conv-1', async () => undefined);
      sent.push(time.now());
    }
    expect(windowsHold(sent, TEAMS_LIMITS.perConversation)).toBe(true);
    // 60 per 30 s: the 61st send waits for the first to leave the window.
    expect(sent[60]! - sent[0]!).toBeGreaterThanOrEqual(30_000);
  });

  it('MSG-2: the per-tenant rate is shared by the live instances: with 3, this one sends a third', async () => {
    const time = fakeTime();
    const throttle = new SendThrottle({ ...TEAMS_LIMITS, perTenantPerSecond: 30 }, () => 3, time.now, time.sleep);
    for (let i = 0; i < 100; i++) await throttle.send(`conv-${i}`, async () => undefined);
    // 100 sends at 10 per second take about 10 s.
    expect(time.now()).toBeGreaterThanOrEqual(9_900);
    expect(time.now()).toBeLessThan(10_100);
  });

  it('MSG-2: different conversations do not wait for each other beyond the tenant rate', async () => {
    const time = fakeTime();
    const throttle = new SendThrottle({ ...TEAMS_LIMITS, perTenantPerSecond: 1000 }, () => 1, time.now, time.sleep);
    for (let i = 0; i < 50; i++) await throttle.send(`conv-${i}`, async () => undefined);
    expect(time.now()).toBeLessThan(100);
  });

  it('MSG-2: a window counts a send from its answer: a slow send cannot let the next ones arrive too close to it', async () => {
    const time = fakeTime();
    const throttle = new SendThrottle({ perConversation: TEAMS_LIMITS.perConversation, perTenantPerSecond: 2 }, () => 1, time.now, time.sleep);
    // The first send is answered only 800 ms after it left (a stalled process, a slow network): it may arrive that late.
    await throttle.send('conv-a', () => time.sleep(800));
    await throttle.send('conv-b', async () => undefined);
    let left = -1;
    await throttle.send('conv-c', async () => {
      left = time.now();
    });
    // Two per second: the third leaves a whole second after the first was answered, not after it left.
    expect(left).toBeGreaterThanOrEqual(1800);
  });
});
