import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const scope = new AsyncLocalStorage<string>();

/** A short id for one turn: an HTTP request, or a timer firing, and everything it causes. */
export function newTurnId(): string {
  return randomBytes(6).toString('base64url');
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
