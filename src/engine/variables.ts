import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { ownContact } from './lifecycle.js';
import type { ContactVariable } from './model.js';
import { tell } from './platform-commands.js';
import { aroundContact } from './reads.js';
import { fail, ok } from './result.js';

/** Longest value a call-associated variable may hold (CAD-1). */
export const MAX_VARIABLE_LENGTH = 256;

// ISO 8601 calendar date, optionally with a time and zone.
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

/**
 * Saves edited call-associated variables (CAD-1). Each value carries the version
 * the agent saw: when another save got there first, nothing is saved and the agent
 * is told which values were not saved (first save wins). A secure variable is
 * never shown, so it is never edited here either (its value is not even kept).
 */
export const saveVariables: HandlerFor<'variables.save'> = {
  reads: (cmd, seen) => aroundContact(seen, cmd.contactId),
  decide(d, cmd, policy, me) {
    const owned = ownContact(d, me.id, cmd.contactId);
    if (!owned.ok) return owned;
    const contact = owned.value;
    if (contact.status !== 'connected') return fail(deskError(contact.status === 'ended' ? 'contact.ended' : 'contact.notConnected'));
    const stale: string[] = [];
    const changed: Array<{ name: string; value: string }> = [];
    const variables: ContactVariable[] = [...contact.variables];
    for (const [name, { value, version }] of cmd.values) {
      const index = variables.findIndex((v) => v.name === name);
      const current = variables[index];
      if (!current) return fail(deskError('variable.unknown', { name }));
      if (current.secure) return fail(deskError('variable.notEditable', { name: current.label }));
      if (current.value === value) continue;
      if (!current.editable) return fail(deskError('variable.notEditable', { name: current.label }));
      if (value.length > MAX_VARIABLE_LENGTH) return fail(deskError('variable.tooLong', { name: current.label, max: MAX_VARIABLE_LENGTH }));
      if (policy.variableTypes.get(name) === 'date' && value !== '' && !ISO_DATE.test(value)) {
        return fail(deskError('variable.invalidDate', { name: current.label }));
      }
      if (current.version !== version) {
        stale.push(current.label);
        continue;
      }
      variables[index] = { ...current, value, version: current.version + 1 };
      changed.push({ name, value });
    }
    if (stale.length > 0) return fail(deskError('variable.notSaved', { names: stale.join(', ') }));
    if (changed.length === 0) return ok(undefined);
    d.setContact({ ...contact, variables });
    d.emit({ type: 'showInteraction', contactId: cmd.contactId }, tell({ type: 'variables.save', agentId: me.id, contactId: cmd.contactId, values: changed }));
    return ok(undefined);
  },
};
