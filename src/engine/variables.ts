import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { ownContact } from './interaction.js';
import type { DeskPolicy } from './model.js';
import { fail, ok, type Result } from './result.js';

/** Longest value a call-associated variable may hold (CAD-1). */
export const MAX_VARIABLE_LENGTH = 256;

// ISO 8601 calendar date, optionally with a time and zone.
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

/**
 * Saves edited call-associated variables (CAD-1). Each value carries the version
 * the agent saw: when another save got there first, nothing is saved and the agent
 * is told which values were not saved (first save wins).
 */
export function saveVariables(
  d: Draft,
  agentId: string,
  contactId: string,
  values: Readonly<Record<string, { value: string; version: number }>>,
  policy: DeskPolicy,
): Result<void, DeskError> {
  const owned = ownContact(d, agentId, contactId);
  if (!owned.ok) return owned;
  const contact = owned.value;
  if (contact.status !== 'connected') return fail(deskError(contact.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
  const stale: string[] = [];
  const variables = [...contact.variables];
  for (const [name, { value, version }] of Object.entries(values)) {
    const index = variables.findIndex((v) => v.name === name);
    const current = variables[index];
    if (!current) return fail(deskError('variable.unknown', { name }));
    if (current.value === value) continue;
    if (!current.editable) return fail(deskError('variable.notEditable', { name: current.label }));
    if (value.length > MAX_VARIABLE_LENGTH) return fail(deskError('variable.tooLong', { name: current.label, max: MAX_VARIABLE_LENGTH }));
    if (policy.variableTypes[name] === 'date' && value !== '' && !ISO_DATE.test(value)) {
      return fail(deskError('variable.invalidDate', { name: current.label }));
    }
    if (current.version !== version) {
      stale.push(current.label);
      continue;
    }
    variables[index] = { ...current, value, version: current.version + 1 };
  }
  if (stale.length > 0) return fail(deskError('variable.notSaved', { names: stale.join(', ') }));
  d.setContact({ ...contact, variables });
  d.emit({ type: 'showInteraction', contactId });
  return ok(undefined);
}
