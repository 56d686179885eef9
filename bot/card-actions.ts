import { z } from 'zod';
import { INTERACTION_LISTS } from '../cards/interaction-fit.js';
import { PAGE_SIZE } from '../cards/requests-view.js';
import { WRAP_UP_LISTS } from '../cards/wrap-up-fit.js';
import { ACTIVITY_KINDS } from '../src/engine/session-model.js';

/** Every Action.Execute verb our cards carry (STYLE 4: one table, no string splitting). */
export const VERBS = [
  'status.show',
  'status.refresh',
  'status.set',
  'phone.set',
  'help.show',
  'requests.refresh',
  'requests.page',
  'requests.accept',
  'requests.acceptAll',
  'requests.cancelCallback',
  'interaction.refresh',
  'contact.hold',
  'contact.resume',
  'contact.end',
  'callback.cancel',
  'recording.pause',
  'recording.resume',
  'variables.save',
  'wrapUp.submit',
  'wrapUp.refresh',
  'consult.search',
  'contact.direct',
  'experts.favourite',
  'consult.start',
  'consult.accept',
  'consult.decline',
  'consult.refresh',
  'consult.resumeCustomer',
  'consult.resumeParty',
  'consult.end',
  'consult.transfer',
  'consult.conference',
  'outdial.start',
  'sso.localSignIn',
  'lead.compose',
  'message.send',
  'switch.announce',
  'message.ack',
  'message.refresh',
  'messages.show',
  'report.refresh',
  'report.install',
  'board.show',
  'board.refresh',
  'board.favourite',
  'board.view',
  'session.start',
  'session.join',
  'session.refresh',
  'session.postLink',
  'session.leave',
  'session.end',
  'session.serve',
  'session.control',
  'session.activityStart',
  'session.activityStop',
  'session.voiceStart',
  'session.voiceEnd',
  'session.voiceJoin',
  'session.voiceLeave',
  'session.micGive',
  'session.micTake',
  'session.transfer',
  'session.accept',
] as const;

/** A card verb. */
export type Verb = (typeof VERBS)[number];

const short = (max: number) => z.string().max(max);
const contactId = short(128).min(1);
const anything = z.object({}).passthrough();
const onContact = z.object({ contactId }).passthrough();
const sessionId = short(128).min(1);
const onSession = z.object({ sessionId }).passthrough();
const onParticipant = z.object({ sessionId, target: short(128).min(1) }).passthrough();
const onActivity = z.object({ sessionId, target: z.enum(ACTIVITY_KINDS) }).passthrough();
// Card data arrives as strings or numbers depending on the client: accept both for a page number.
const page = z.coerce.number().int().min(0).max(10_000);
// A reduced popover pages with fewer requests per page; a "Show all" button shows one list from an offset.
const pageSize = z.coerce.number().int().min(1).max(PAGE_SIZE);
const interactionList = { show: z.enum(INTERACTION_LISTS).optional(), from: page.optional() };
// Variable names come from the platform, and z.record would drop one called "__proto__": read the versions as entries.
const versions = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : value),
  z.array(z.tuple([z.string().max(64), z.coerce.number().int().min(0)])).max(200),
);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const broadcastId = short(80).min(1);
const draftId = short(64).min(1);
// MSG-1: a text over 2,000 characters is refused by the engine with its count; beyond this it is not a message at all.
const messageText = z.string().max(100_000);

/** The data each verb needs; inputs of the card arrive merged into `data`. */
export const VERB_DATA = {
  'status.show': anything,
  'status.refresh': anything,
  'help.show': anything,
  'status.set': z.object({ state: short(40).min(1), code: short(64).optional() }).passthrough(),
  'phone.set': z.object({ phone: short(256) }).passthrough(),
  'requests.refresh': z.object({ page: page.optional(), size: pageSize.optional() }).passthrough(),
  'requests.page': z.object({ page, size: pageSize.optional() }).passthrough(),
  'requests.accept': onContact,
  // The ids the card showed, or (a reduced popover) the newest offer time it covered.
  'requests.acceptAll': z
    .object({ contactIds: z.array(contactId).min(1).max(200).optional(), upTo: z.iso.datetime().optional() })
    .passthrough()
    .refine((data) => data.contactIds !== undefined || data.upTo !== undefined),
  'requests.cancelCallback': onContact,
  'interaction.refresh': z.object({ contactId, ...interactionList }).passthrough(),
  'contact.hold': onContact,
  'contact.resume': onContact,
  'contact.end': onContact,
  'callback.cancel': onContact,
  'recording.pause': onContact,
  'recording.resume': onContact,
  // Variable inputs (var_<name>) are checked against the contact by the engine; the card sends the versions it showed.
  'variables.save': z.object({ contactId, versions }).catchall(z.unknown()),
  'wrapUp.submit': z.object({ contactId, code: short(64).optional(), outcome: short(64).optional() }).passthrough(),
  // Paging through long code lists carries the codes already chosen on the card.
  'wrapUp.refresh': z
    .object({ contactId, show: z.enum(WRAP_UP_LISTS).optional(), from: page.optional(), code: short(64).optional(), outcome: short(64).optional() })
    .passthrough(),
  'consult.search': z.object({ contactId, expertQuery: short(100).optional(), ...interactionList }).passthrough(),
  'experts.favourite': z
    .object({
      contactId,
      on: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
      expert: z.object({ id: short(128).min(1), displayName: short(256), jobTitle: short(256), department: short(256) }),
    })
    .passthrough(),
  // The target comes from the card's inputs: agentTarget, queueTarget ("queue:<id>" or "entryPoint:<id>"), dialTarget or addressTarget.
  'contact.direct': z
    .object({
      contactId,
      mode: z.enum(['consult', 'transfer']),
      via: z.enum(['agent', 'queue', 'dial']),
      agentTarget: short(128).optional(),
      queueTarget: short(200).optional(),
      dialTarget: short(64).optional(),
      addressTarget: short(64).optional(),
    })
    .passthrough(),
  // From the interaction card the call is named; from a message-extension result it is the agent's current call.
  'consult.start': z
    .object({ contactId: contactId.optional(), target: z.object({ kind: z.enum(['agent', 'expert', 'queue']), id: short(128).min(1), name: short(256) }) })
    .passthrough(),
  'consult.accept': onContact,
  'consult.decline': onContact,
  'consult.refresh': onContact,
  'consult.resumeCustomer': onContact,
  'consult.resumeParty': onContact,
  'consult.end': onContact,
  'consult.transfer': onContact,
  'consult.conference': onContact,
  // OUT-1: the number comes from the card's input; from an interaction card the call it was dialled from is named.
  'outdial.start': z.object({ contactId: contactId.optional(), outdialNumber: short(64).optional() }).passthrough(),
  'sso.localSignIn': anything,
  'lead.compose': anything,
  'message.send': z
    .object({ draftId, audience: short(300).optional(), text: messageText.optional(), importance: z.enum(['normal', 'urgent']).optional() })
    .passthrough(),
  'switch.announce': z.object({ draftId, switchMinutes: z.coerce.number().int().min(1).max(1440), switchText: messageText.optional() }).passthrough(),
  'message.ack': z.object({ broadcastId, from: z.enum(['messages']).optional() }).passthrough(),
  'message.refresh': z.object({ broadcastId }).passthrough(),
  'messages.show': anything,
  'report.refresh': z.object({ broadcastId, pending: flag.optional() }).passthrough(),
  'report.install': z.object({ broadcastId }).passthrough(),
  'board.show': anything,
  'board.refresh': anything,
  'board.favourite': z.object({ agentId: short(128).min(1), on: flag }).passthrough(),
  'board.view': z.object({ agentId: short(128).min(1) }).passthrough(),
  'session.start': anything,
  // The help card's number input; the engine says what is wrong with a number (SUP-1).
  'session.join': z.object({ sessionNumber: short(64).optional() }).passthrough(),
  'session.refresh': onSession,
  'session.postLink': onSession,
  'session.leave': onSession,
  'session.end': onSession,
  'session.serve': onParticipant,
  'session.control': onParticipant,
  'session.activityStart': onActivity,
  'session.activityStop': onActivity,
  'session.voiceStart': onSession,
  'session.voiceEnd': onSession,
  'session.voiceJoin': onSession,
  'session.voiceLeave': onSession,
  'session.micGive': onParticipant,
  'session.micTake': onParticipant,
  // A multi-select sends its values comma-separated; the message is checked (and its length told) by the engine (SUP-4).
  'session.transfer': z
    .object({ sessionId, transferQueue: short(2000).optional(), transferAgents: short(20_000).optional(), transferMessage: short(4000).optional() })
    .passthrough(),
  'session.accept': onSession,
} satisfies Record<Verb, z.ZodType>;

/** A card action that passed validation. */
export type CardAction = { [V in Verb]: { verb: V; data: z.infer<(typeof VERB_DATA)[V]> } }[Verb];

/** Why an invoke was refused before reaching the engine. */
export type ActionProblem = 'unknownVerb' | 'invalidData';

/** Validates the value of an `adaptiveCard/action` invoke, which arrives from any client. */
export function parseCardAction(value: unknown): CardAction | ActionProblem {
  if (value === null || typeof value !== 'object') return 'invalidData';
  const action = (value as { action?: unknown }).action;
  if (action === null || typeof action !== 'object') return 'invalidData';
  const { type, verb, data } = action as { type?: unknown; verb?: unknown; data?: unknown };
  if (type !== 'Action.Execute' || typeof verb !== 'string') return 'invalidData';
  if (!(VERBS as readonly string[]).includes(verb)) return 'unknownVerb';
  const parsed = VERB_DATA[verb as Verb].safeParse(data ?? {});
  if (!parsed.success) return 'invalidData';
  return { verb, data: parsed.data } as CardAction;
}
