import type { ConsultTarget } from './consult-model.js';
import { cleanDialNumber, samePhone } from './dial-number.js';
import { deskError, type DeskError } from './errors.js';
import type { DeskPolicy } from './model.js';
import { fail, ok, type Result } from './result.js';

/**
 * Checks a consult or transfer target and puts it in its final form: a dial
 * number is cleaned (CON-2) and, when it is an entry point's DN, becomes that
 * entry point (CON-7); anything else is dialled as a plain number.
 */
export function resolveTarget(target: ConsultTarget, policy: DeskPolicy): Result<ConsultTarget, DeskError> {
  if (target.kind === 'entryPoint' && !policy.entryPoints.has(target.id)) return fail(deskError('entryPoint.unknown'));
  if (target.kind !== 'dialNumber') return ok(target);
  const cleaned = cleanDialNumber(target.id);
  if (!cleaned.ok) return fail(deskError('dialNumber.invalid', { reason: cleaned.reason }));
  const entry = [...policy.entryPoints].find(([, ep]) => samePhone(ep.dn, cleaned.value));
  if (entry) return ok({ kind: 'entryPoint', id: entry[0], name: entry[1].name });
  return ok({ kind: 'dialNumber', id: cleaned.value, name: target.name && target.name !== target.id ? target.name : cleaned.value });
}
