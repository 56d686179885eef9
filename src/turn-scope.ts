import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const scope = new AsyncLocalStorage<string>();

const ID_BYTES = 6;
// Random bytes are fetched for many ids at once: one call per turn was a measurable share of a status change.
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let used = 0;

/** A short id for one turn: an HTTP request, or a timer firing, and everything it causes. */
export function newTurnId(): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    used = 0;
  }
  used += ID_BYTES;
  return pool.toString('base64url', used - ID_BYTES, used);
}

/**
 * Runs `work` as one turn: every log line written while it runs, including
 * by the effects and proactive deliveries it awaits, carries the same turn id.
 */
export function inTurn<T>(work: () => T, turnId: string = newTurnId()): T {
  return scope.run(turnId, work);
}

/** The id of the turn running now, or undefined outside any turn (start-up, shutdown). */
export function currentTurn(): string | undefined {
  return scope.getStore();
}
