import { z } from 'zod';
import { VARIABLE_INPUT_PREFIX } from '../../cards/interaction-view.js';
import type { AgentCommand } from '../engine/commands.js';
import type { ShowCard } from '../outbox/card-requests.js';
import type { Actor } from '../engine/model.js';

const contactId = z.string().min(1).max(128);
const onContact = z.object({ contactId }).passthrough();

/**
 * The actions the tab offers, with the data each carries: the status panel's
 * choices and the card buttons of the requests, interaction and wrap-up cards.
 * Each becomes the engine command the bot sends for the same press.
 */
const ACTIONS = {
  'status.set': {
    data: z.object({ state: z.string().min(1).max(40), code: z.string().max(64).optional() }),
    command: (actor: Actor, d: { state: string; code?: string | undefined }): AgentCommand => ({
      type: 'status.set',
      actor,
      state: d.state,
      ...(d.code ? { code: d.code } : {}),
    }),
    shows: 'status',
  },
  'phone.set': {
    data: z.object({ phone: z.string().max(256) }),
    command: (actor: Actor, d: { phone: string }): AgentCommand => ({ type: 'phone.set', actor, phone: d.phone }),
    shows: 'status',
  },
  'requests.accept': {
    data: onContact,
    command: (actor: Actor, d: { contactId: string }): AgentCommand => ({ type: 'contact.accept', actor, contactIds: [d.contactId] }),
    shows: 'requests',
  },
  'requests.acceptAll': {
    data: z.object({ contactIds: z.array(contactId).min(1).max(200) }).passthrough(),
    command: (actor: Actor, d: { contactIds: string[] }): AgentCommand => ({ type: 'contact.accept', actor, contactIds: d.contactIds }),
    shows: 'requests',
  },
  'requests.cancelCallback': {
    data: onContact,
    command: (actor: Actor, d: { contactId: string }): AgentCommand => ({ type: 'callback.cancel', actor, contactId: d.contactId }),
    shows: 'requests',
  },
  'contact.hold': { data: onContact, command: contactCommand('contact.hold'), shows: 'interaction' },
  'contact.resume': { data: onContact, command: contactCommand('contact.resume'), shows: 'interaction' },
  'contact.end': { data: onContact, command: contactCommand('contact.end'), shows: 'interaction' },
  'callback.cancel': { data: onContact, command: contactCommand('callback.cancel'), shows: 'interaction' },
  'recording.pause': { data: onContact, command: contactCommand('recording.pause'), shows: 'interaction' },
  'recording.resume': { data: onContact, command: contactCommand('recording.resume'), shows: 'interaction' },
  'variables.save': {
    // Variable inputs (var_<name>) arrive merged into the data, with the versions the card showed (CAD-1).
    data: z.object({ contactId, versions: z.record(z.string(), z.coerce.number().int().min(0)) }).catchall(z.unknown()),
    command: (actor: Actor, d: { contactId: string; versions: Record<string, number> } & Record<string, unknown>) => ({
      type: 'variables.save',
      actor,
      contactId: d.contactId,
      values: editedVariables(d),
    }),
    shows: 'interaction',
  },
  'wrapUp.submit': {
    data: z.object({ contactId, code: z.string().max(64).optional(), outcome: z.string().max(64).optional() }).passthrough(),
    command: (actor: Actor, d: { contactId: string; code?: string | undefined; outcome?: string | undefined }): AgentCommand => ({
      type: 'wrapUp.submit',
      actor,
      contactId: d.contactId,
      ...(d.code ? { code: d.code } : {}),
      ...(d.outcome ? { outcome: d.outcome } : {}),
    }),
    shows: 'wrapUp',
  },
} as const;

/** A verb the tab accepts. */
export type TabVerb = keyof typeof ACTIONS;

/** Which chat card shows what an action changed. */
type Shows = 'status' | 'requests' | 'interaction' | 'wrapUp';

/** An action from the tab, checked: the command to run and the chat card to bring up to date afterwards. */
export interface TabAction {
  verb: TabVerb;
  command: AgentCommand;
  /** Where a refusal is shown in the tab. */
  on: 'status' | 'requests' | 'contact';
  contactId?: string;
  shows: Shows;
}

/** Checks a `{ verb, data }` body from the page; a string names what is wrong. */
export function parseTabAction(body: unknown, actor: Actor): TabAction | 'unknownVerb' | 'invalidData' {
  if (body === null || typeof body !== 'object') return 'invalidData';
  const { verb, data } = body as { verb?: unknown; data?: unknown };
  if (typeof verb !== 'string') return 'invalidData';
  if (!Object.hasOwn(ACTIONS, verb)) return 'unknownVerb';
  const action = ACTIONS[verb as TabVerb];
  const parsed = action.data.safeParse(data ?? {});
  if (!parsed.success) return 'invalidData';
  const command = (action.command as (actor: Actor, d: unknown) => AgentCommand)(actor, parsed.data);
  const contact = 'contactId' in command ? command.contactId : undefined;
  return {
    verb: verb as TabVerb,
    command,
    on: action.shows === 'status' ? 'status' : action.shows === 'requests' ? 'requests' : 'contact',
    ...(contact && action.shows !== 'requests' ? { contactId: contact } : {}),
    shows: action.shows,
  };
}

/**
 * The chat card to bring up to date after a press in the tab, if any. The engine
 * sends the contact cards of every change (the bot skips only the card the
 * person pressed, which the press answers), but leaves an agent's own status
 * choice to the card it was made on: made in the tab, the chat's status card
 * is asked for here.
 */
export function chatCardOf(action: TabAction): ShowCard | undefined {
  return action.shows === 'status' ? { card: 'status' } : undefined;
}

function contactCommand(type: 'contact.hold' | 'contact.resume' | 'contact.end' | 'callback.cancel' | 'recording.pause' | 'recording.resume') {
  return (actor: Actor, d: { contactId: string }): AgentCommand => ({ type, actor, contactId: d.contactId });
}

/** The edited variables of a save: an empty secure input means "keep", as on the chat card (CAD-1). */
function editedVariables(data: { versions: Record<string, number> } & Record<string, unknown>): Map<string, { value: string; version: number }> {
  const values = new Map<string, { value: string; version: number }>();
  const inputs = new Map(Object.entries(data));
  for (const [name, version] of Object.entries(data.versions)) {
    const value = inputs.get(`${VARIABLE_INPUT_PREFIX}${name}`);
    if (typeof value === 'string' && value !== '') values.set(name, { value, version });
  }
  return values;
}
