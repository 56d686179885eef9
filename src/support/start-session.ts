import type { DeskService } from '../desk-service.js';
import type { Decision } from '../engine/decide.js';
import type { DeskError } from '../engine/errors.js';
import type { Actor } from '../engine/model.js';
import { fail, ok, type Result } from '../engine/result.js';
import { drawSession, type SessionDraw } from './session-links.js';

// A number is drawn from a billion; a few draws in a row all taken means something else is wrong.
const DRAWS = 5;

/** SUP-1: starts a session for a CSR with a fresh random number, drawing again while the one drawn is in use. */
export async function startSupportSession(
  service: Pick<DeskService, 'execute'>,
  actor: Actor,
  draw: () => SessionDraw = drawSession,
): Promise<Result<{ decision: Decision; sessionId: string }, DeskError>> {
  let refusal: DeskError = { code: 'session.numberTaken' };
  for (let attempt = 0; attempt < DRAWS; attempt++) {
    const drawn = draw();
    const result = await service.execute({ type: 'session.start', actor, ...drawn });
    if (result.ok) return ok({ decision: result.value, sessionId: drawn.sessionId });
    refusal = result.error;
    if (refusal.code !== 'session.numberTaken') break;
  }
  return fail(refusal);
}
