import type { Contact } from '../src/engine/model.js';
import { isCallback } from '../src/engine/contact-kinds.js';
import { labelIn, type Locale, type LocalizedLabel } from './locale.js';
import { say, type StringKey } from './strings.js';
import type { Fact } from './views.js';

/** Admin variable definitions as the cards need them. */
export type AdminVariable = LocalizedLabel & { name: string; secure: boolean; popover: boolean };

/** Queues as the cards need them. */
export type AdminQueue = { id: string; name: string };

/** "Chat", "Call", or the callback kind (CB-1) in the reader's language. */
export function channelLabel(contact: Pick<Contact, 'channel' | 'kind'>, locale: Locale): string {
  if (contact.kind !== 'inbound') return say(locale, `kind.${contact.kind}` as StringKey);
  return say(locale, `channel.${contact.channel}` as StringKey);
}

/** The queue's display name. */
export function queueName(queues: readonly AdminQueue[], id: string): string {
  return queues.find((q) => q.id === id)?.name ?? id;
}

/** Fewest and most admin variables a voice popover shows (PO-4). */
const MIN_POPOVER = 3;
const MAX_POPOVER = 6;

/**
 * The variables a popover shows (PO-4): the admin's popover variables in admin
 * order with admin labels, topped up from the contact's own to at least three,
 * at most six; a secure variable is never shown, whoever marked it.
 */
export function popoverVariables(contact: Contact, admin: readonly AdminVariable[], locale: Locale): Fact[] {
  const visible = contact.variables.filter((v) => !v.secure && !admin.some((a) => a.name === v.name && a.secure));
  const chosen: Fact[] = [];
  const used = new Set<string>();
  for (const definition of admin) {
    if (!definition.popover || definition.secure) continue;
    const variable = visible.find((v) => v.name === definition.name);
    if (!variable) continue;
    chosen.push({ title: labelIn(definition, locale), value: variable.value });
    used.add(variable.name);
  }
  for (const variable of visible) {
    if (chosen.length >= MIN_POPOVER) break;
    if (!used.has(variable.name)) chosen.push({ title: variable.label, value: variable.value });
  }
  return chosen.slice(0, MAX_POPOVER);
}

/** What a popover says about a contact (PO-4; callbacks: phone, queue, DNIS per CB-1). */
export function requestFacts(contact: Contact, admin: readonly AdminVariable[], queues: readonly AdminQueue[], locale: Locale): Fact[] {
  if (isCallback(contact.kind)) {
    return [
      { title: say(locale, 'fact.phone'), value: contact.from },
      { title: say(locale, 'fact.queue'), value: queueName(queues, contact.queue) },
      { title: say(locale, 'fact.dnis'), value: contact.dnis || '-' },
    ];
  }
  const variables = popoverVariables(contact, admin, locale);
  // "From" says nothing new when a variable already shows the same name.
  if (contact.channel === 'voice' || variables.some((v) => v.value === contact.from)) return variables;
  return [{ title: say(locale, 'fact.from'), value: contact.from }, ...variables];
}
