import type { Contact } from '../src/engine/model.js';
import { dialView } from './dial-view.js';
import { channelLabel, queueName, type AdminQueue, type AdminVariable } from './contact-labels.js';
import { cardTime, clip, formatElapsed, MAX_NAME } from './format.js';
import type { Locale } from './locale.js';
import { availabilityLabel, presenceText } from './expert-views.js';
import { say, type StringKey } from './strings.js';
import type { Person } from '../src/directory/directory-port.js';
import type { ContactButton, ExpertItem, Fact, InteractionView, VariableInput } from './views.js';

/** Prefix of the input ids that carry edited variables back (CAD-1). */
export const VARIABLE_INPUT_PREFIX = 'var_';

/** What the interaction card needs besides the contact. */
export interface InteractionContext {
  variables: readonly AdminVariable[];
  queues: readonly AdminQueue[];
  locale: Locale;
  now: Date;
  userId: string;
  error?: string;
  /** BN-1: whether the organization removes background noise on calls (the agent sees it, cannot change it). */
  noiseRemoval?: boolean;
  /** The agent looking at the card; when the contact was transferred away from them they only see that. */
  viewerId?: string;
  /** Who can be consulted or receive a transfer (CON-1): agents by state, queues, entry points, the address book. */
  targets?: {
    people: ReadonlyArray<{ id: string; name: string; state: string }>;
    queues: ReadonlyArray<{ id: string; name: string; channels: readonly string[] }>;
    entryPoints: ReadonlyArray<{ id: string; name: string }>;
    addressBook: ReadonlyArray<{ name: string; number: string }>;
  };
  /** The number a Dial on this card just asked the platform to call (OUT-1). */
  dialling?: string;
  /** Results of an expert search made from this card (CON-3); an empty query lists the agent's shortlist. */
  experts?: { query: string; people: readonly Person[]; favourites?: readonly string[] };
}

/** The name a person reads for the customer: a non-secure customerName variable, else who the contact came from. */
export function customerOf(contact: Contact): string {
  return contact.variables.find((v) => v.name === 'customerName' && !v.secure && v.value)?.value ?? contact.from;
}

/** Builds the interaction card: status and timer, hold, recording, variables, End (HOLD-1, REC-1, CAD-1). */
export function interactionView(contact: Contact, ctx: InteractionContext): InteractionView {
  const { locale } = ctx;
  // XFER-1: for the sender the call is gone; they see where it went and can do nothing more with it.
  const handedOn = ctx.viewerId !== undefined && contact.agentId !== ctx.viewerId && (contact.transferredFrom ?? []).includes(ctx.viewerId);
  const connected = contact.status === 'connected' && !handedOn;
  const voice = contact.channel === 'voice';
  const since = contact.connectedAt ?? contact.createdAt;
  const until = contact.status === 'ended' && contact.endedAt ? Date.parse(contact.endedAt) : ctx.now.getTime();
  const consult = connected ? contact.consult : undefined;
  const buttons: InteractionView['buttons'] = consult ? consultButtons(contact, locale) : [];
  if (connected && voice && !consult) {
    buttons.push(button(contact.onHold ? 'resume' : 'hold', contact.onHold ? 'contact.resume' : 'contact.hold', contact, 'default', true, locale));
  }
  if (connected) buttons.push(button('end', 'contact.end', contact, 'destructive', !contact.onHold, locale));
  // REC-1: Privacy Shield is not available during a consult or conference.
  if (connected && voice && contact.recording?.on && !consult) {
    const paused = Boolean(contact.recording.pausedUntil);
    buttons.push(button(paused ? 'resumeRecording' : 'pauseRecording', paused ? 'recording.resume' : 'recording.pause', contact, 'default', true, locale));
  }
  if (connected && contact.kind === 'webCallback') buttons.push(button('cancelCallback', 'callback.cancel', contact, 'destructive', true, locale));
  const inputs = connected ? editableInputs(contact, ctx) : [];
  return {
    title: say(locale, 'interactionTitle', { channel: channelLabel(contact, locale), customer: customerOf(contact) }),
    error: ctx.error ?? '',
    contactId: contact.id,
    statusText: handedOn
      ? contact.transferFailed
        ? say(locale, 'transferFailed', { name: clip(contact.transferFailed.name, MAX_NAME) })
        : say(locale, 'contact.transferred', { name: clip(contact.transferredToName ?? '', MAX_NAME) })
      : statusText(contact, locale),
    statusStyle: contact.status === 'ended' ? 'default' : contact.onHold ? 'warning' : 'good',
    timerText: say(locale, 'interactionTimer', { elapsed: formatElapsed(until - Date.parse(since)), since: cardTime(since) }),
    recordingText: recordingText(contact, locale),
    noiseRemovalText: connected && voice && ctx.noiseRemoval !== undefined ? say(locale, ctx.noiseRemoval ? 'noiseRemoval.on' : 'noiseRemoval.off') : '',
    facts: contactFacts(contact, ctx),
    variables: variableFacts(contact, ctx),
    inputs,
    versions: Object.fromEntries(contact.variables.filter((v) => v.editable).map((v) => [v.name, v.version])),
    canSave: inputs.length > 0,
    buttons,
    customerText: consult ? `${say(locale, 'pane.customer')} · ${say(locale, contact.onHold ? 'customerOnHold' : 'customerConnected')}` : '',
    consultPane: consult
      ? [
          {
            title: say(locale, 'pane.consulted', { name: clip(consult.partyName ?? consult.target.name, MAX_NAME) }),
            status: say(locale, consult.state === 'active' ? 'consult.active' : (`consult.${consult.state}` as StringKey)),
          },
        ]
      : [],
    notice:
      connected && contact.consultFailed
        ? say(locale, `consultFailed.${contact.consultFailed.reason}` as StringKey, { name: clip(contact.consultFailed.name, MAX_NAME) })
        : '',
    searchable: connected && voice && !consult,
    expertQuery: ctx.experts?.query ?? '',
    expertsHeading: expertsHeading(ctx),
    experts: (ctx.experts?.people ?? []).map((person) => expertItem(person, contact.id, ctx)),
    ...targetChoices(contact, ctx),
    more: { variables: [], inputs: [], experts: [], agents: [], queues: [], addresses: [] },
    // OUT-1: once a call has ended its agent may dial out again from it, the customer's number ready to call back.
    dial: dialView(locale, contact.status === 'ended' && !handedOn && (ctx.viewerId === undefined || contact.agentId === ctx.viewerId), {
      number: contact.channel === 'voice' ? contact.from : '',
      dialling: ctx.dialling,
      contactId: contact.id,
    }),
    refreshUserIds: [ctx.userId],
  };
}

/** CON-1: Available and Idle agents (not the viewer), voice queues and entry points, and the company address book. */
function targetChoices(contact: Contact, ctx: InteractionContext): Pick<InteractionView, 'agentChoices' | 'queueChoices' | 'addressChoices'> {
  const targets = ctx.targets;
  if (!targets) return { agentChoices: [], queueChoices: [], addressChoices: [] };
  const agentChoices = targets.people
    .filter((p) => p.id !== contact.agentId && (p.state === 'Available' || p.state === 'Idle'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({
      title: `${p.state === 'Available' ? '🟢' : '🟡'} ${clip(p.name, MAX_NAME)} · ${say(ctx.locale, `state.${p.state}` as StringKey)}`,
      value: p.id,
    }));
  const queueChoices = [
    ...targets.queues.filter((q) => q.channels.includes(contact.channel)).map((q) => ({ title: q.name, value: `queue:${q.id}` })),
    ...targets.entryPoints.map((ep) => ({ title: `${say(ctx.locale, 'entryPointPrefix')}: ${ep.name}`, value: `entryPoint:${ep.id}` })),
  ];
  const addressChoices = targets.addressBook.map((entry) => ({ title: `${entry.name} (${entry.number})`, value: entry.number }));
  return { agentChoices, queueChoices, addressChoices };
}

/** CON-7, CON-8: Resume (either way), Transfer and Conference only once accepted, End consult. */
function consultButtons(contact: Contact, locale: Locale): InteractionView['buttons'] {
  const consult = contact.consult!;
  const accepted = consult.state !== 'requested';
  const resume =
    consult.state === 'held'
      ? button('resumeParty', 'consult.resumeParty', contact, 'default', true, locale)
      : button('resumeCustomer', 'consult.resumeCustomer', contact, 'default', consult.state !== 'conference', locale);
  return [
    resume,
    button('transfer', 'consult.transfer', contact, 'positive', accepted, locale),
    button('conferenceAction', 'consult.conference', contact, 'default', accepted && consult.state !== 'conference', locale),
    button('endConsult', 'consult.end', contact, 'destructive', true, locale),
  ];
}

// A Map: availability is the directory's text, and no value of it may find one of Object's members.
const PRESENCE_COLOR: ReadonlyMap<string, ExpertItem['color']> = new Map([
  ['Available', 'Good'],
  ['Busy', 'Attention'],
  ['DoNotDisturb', 'Attention'],
  ['Away', 'Warning'],
  ['BeRightBack', 'Warning'],
]);

function expertsHeading(ctx: InteractionContext): string {
  const found = ctx.experts;
  if (!found) return '';
  if (!found.query) return found.people.length > 0 ? say(ctx.locale, 'shortlistHeading') : '';
  if (found.people.length === 0) return say(ctx.locale, 'expertsNone', { query: found.query });
  const oldest = Math.min(...found.people.map((p) => Date.parse(p.presence?.updatedAt ?? ctx.now.toISOString())));
  return say(ctx.locale, 'expertsFound', { count: found.people.length, age: cardTime(new Date(oldest).toISOString()) });
}

/** An expert with presence colour and how old the presence is (CON-3: presence can lag). */
function expertItem(person: Person, contactId: string, ctx: InteractionContext): ExpertItem {
  const availability = person.presence?.availability ?? 'Offline';
  return {
    title: clip(person.displayName, MAX_NAME),
    subtitle: [clip(person.jobTitle, MAX_NAME), clip(person.department, MAX_NAME)].filter(Boolean).join(' · '),
    presence: person.presence ? presenceText(person, ctx.locale, ctx.now) : availabilityLabel(availability, ctx.locale),
    color: PRESENCE_COLOR.get(availability) ?? 'Default',
    contactId,
    targetId: person.id,
    // The name in the button tells people (and screen readers) which of several results it consults.
    consultTitle: say(ctx.locale, 'consultPerson', { name: clip(person.givenName || person.displayName, MAX_NAME) }),
    // Sent back by the favourite button, whose schema takes at most 256 characters each.
    jobTitle: clip(person.jobTitle, MAX_NAME),
    department: clip(person.department, MAX_NAME),
    favourite: (ctx.experts?.favourites ?? []).includes(person.id),
    favouriteTitle: say(ctx.locale, (ctx.experts?.favourites ?? []).includes(person.id) ? 'unfavourite' : 'favourite'),
  };
}

function statusText(contact: Contact, locale: Locale): string {
  if (contact.status === 'ended') return say(locale, `contact.endedBy.${contact.endedBy ?? 'system'}` as StringKey);
  if (contact.status === 'queued') return say(locale, 'contact.queued');
  return say(locale, contact.onHold ? 'contact.onHold' : 'contact.connected');
}

function recordingText(contact: Contact, locale: Locale): string {
  if (contact.channel !== 'voice' || contact.status !== 'connected' || !contact.recording?.on) return '';
  const until = contact.recording.pausedUntil;
  return until ? say(locale, 'recordingPaused', { until: cardTime(until) }) : say(locale, 'recordingOn');
}

/** Who the contact came from (when the title does not say it) and its queue. */
function contactFacts(contact: Contact, ctx: InteractionContext): Fact[] {
  const facts: Fact[] = [{ title: say(ctx.locale, 'fact.queue'), value: queueName(ctx.queues, contact.queue) }];
  if (customerOf(contact) !== contact.from) facts.unshift({ title: say(ctx.locale, 'fact.from'), value: contact.from });
  return facts;
}

/** Read-only variables: secure ones masked, never their value (CAD-1). */
function variableFacts(contact: Contact, ctx: InteractionContext): Fact[] {
  const editableShown = contact.status === 'connected';
  return contact.variables
    .filter((variable) => !(variable.editable && editableShown))
    .map((variable) => ({
      title: labelOf(variable.name, variable.label, ctx),
      value: isSecure(variable, ctx) ? say(ctx.locale, 'secureHidden') : variable.value || '-',
    }));
}

function editableInputs(contact: Contact, ctx: InteractionContext): VariableInput[] {
  return contact.variables
    .filter((v) => v.editable)
    .map((v) => {
      const secure = isSecure(v, ctx);
      return {
        id: `${VARIABLE_INPUT_PREFIX}${v.name}`,
        label: labelOf(v.name, v.label, ctx),
        // A secure value never travels in a card: the input starts empty and only a new value replaces it.
        value: secure ? '' : v.value,
        placeholder: secure ? say(ctx.locale, 'secureInputHint') : '',
        style: secure ? 'password' : 'text',
      };
    });
}

function isSecure(variable: { name: string; secure: boolean }, ctx: InteractionContext): boolean {
  return variable.secure || ctx.variables.some((a) => a.name === variable.name && a.secure);
}

function labelOf(name: string, fallback: string, ctx: InteractionContext): string {
  const admin = ctx.variables.find((a) => a.name === name);
  return admin ? (admin.labels?.[ctx.locale] ?? admin.label) : fallback;
}

function button(
  key: StringKey,
  verb: string,
  contact: Contact,
  style: ContactButton['style'],
  enabled: boolean,
  locale: Locale,
): ContactButton & { enabled: boolean } {
  return { title: say(locale, key), verb, contactId: contact.id, style, enabled };
}
