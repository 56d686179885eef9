import type { Contact } from '../src/engine/model.js';
import { channelLabel, queueName, type AdminQueue, type AdminVariable } from './contact-labels.js';
import { cardTime, formatElapsed } from './format.js';
import type { Locale } from './locale.js';
import { say, type StringKey } from './strings.js';
import type { ContactButton, Fact, InteractionView, VariableInput } from './views.js';

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
}

/** The name a person reads for the customer: a non-secure customerName variable, else who the contact came from. */
export function customerOf(contact: Contact): string {
  return contact.variables.find((v) => v.name === 'customerName' && !v.secure && v.value)?.value ?? contact.from;
}

/** Builds the interaction card: status and timer, hold, recording, variables, End (HOLD-1, REC-1, CAD-1). */
export function interactionView(contact: Contact, ctx: InteractionContext): InteractionView {
  const { locale } = ctx;
  const connected = contact.status === 'connected';
  const voice = contact.channel === 'voice';
  const since = contact.connectedAt ?? contact.createdAt;
  const until = contact.status === 'ended' && contact.endedAt ? Date.parse(contact.endedAt) : ctx.now.getTime();
  const buttons: InteractionView['buttons'] = [];
  if (connected && voice) {
    buttons.push(button(contact.onHold ? 'resume' : 'hold', contact.onHold ? 'contact.resume' : 'contact.hold', contact, 'default', true, locale));
  }
  if (connected) buttons.push(button('end', 'contact.end', contact, 'destructive', !contact.onHold, locale));
  if (connected && voice && contact.recording?.on) {
    const paused = Boolean(contact.recording.pausedUntil);
    buttons.push(button(paused ? 'resumeRecording' : 'pauseRecording', paused ? 'recording.resume' : 'recording.pause', contact, 'default', true, locale));
  }
  if (connected && contact.kind === 'webCallback') buttons.push(button('cancelCallback', 'callback.cancel', contact, 'destructive', true, locale));
  const inputs = connected ? editableInputs(contact, ctx) : [];
  return {
    title: say(locale, 'interactionTitle', { channel: channelLabel(contact, locale), customer: customerOf(contact) }),
    error: ctx.error ?? '',
    contactId: contact.id,
    statusText: statusText(contact, locale),
    statusStyle: contact.status === 'ended' ? 'default' : contact.onHold ? 'warning' : 'good',
    timerText: say(locale, 'interactionTimer', { elapsed: formatElapsed(until - Date.parse(since)), since: cardTime(since) }),
    recordingText: recordingText(contact, locale),
    facts: readOnlyFacts(contact, ctx),
    inputs,
    versions: Object.fromEntries(contact.variables.filter((v) => v.editable).map((v) => [v.name, v.version])),
    canSave: inputs.length > 0,
    buttons,
    refreshUserIds: [ctx.userId],
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

/** Shown values: secure ones masked, never their value (CAD-1). */
function readOnlyFacts(contact: Contact, ctx: InteractionContext): Fact[] {
  const facts: Fact[] = [{ title: say(ctx.locale, 'fact.queue'), value: queueName(ctx.queues, contact.queue) }];
  if (customerOf(contact) !== contact.from) facts.unshift({ title: say(ctx.locale, 'fact.from'), value: contact.from });
  const editableShown = contact.status === 'connected';
  for (const variable of contact.variables) {
    if (variable.editable && editableShown) continue;
    facts.push({ title: labelOf(variable.name, variable.label, ctx), value: isSecure(variable, ctx) ? say(ctx.locale, 'secureHidden') : variable.value || '-' });
  }
  return facts;
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
