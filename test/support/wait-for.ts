import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `check` holds, looking every 50 ms; after `ms` it fails with
 * `explain` (a description, or a function giving, say, a process's output so
 * far, of which the last 3,000 characters are shown).
 */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000, explain: string | (() => string) = ''): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${(typeof explain === 'function' ? explain() : explain).slice(-3000)}`);
    await sleep(50);
  }
}
