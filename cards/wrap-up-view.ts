import type { Contact } from '../src/engine/model.js';
import { dialView } from './dial-view.js';
import { channelLabel } from './contact-labels.js';
import { clip, MAX_NAME } from './format.js';
import { customerOf } from './interaction-view.js';
import { labelIn, type Locale, type LocalizedLabel } from './locale.js';
import { say, type StringKey } from './strings.js';
import type { WrapUpView } from './views.js';

/** What the wrap-up card needs besides the contact. */
export interface WrapUpContext {
  wrapUpCodes: ReadonlyArray<LocalizedLabel & { id: string }>;
  outcomeCodes: ReadonlyArray<LocalizedLabel & { id: string }>;
  locale: Locale;
  /** Teams user id that gets automatic refreshes of this card. */
  userId: string;
  error?: string;
  /** The number a Dial on this card just asked the platform to call (OUT-1). */
  dialling?: string | undefined;
  /** Codes the person already chose on the card (sent back by a page button or a refused submit); unknown ones are ignored. */
  chosen?: { code?: string | undefined; outcome?: string | undefined };
}

/** Builds the wrap-up card: searchable, required codes; once submitted, what was chosen (WRAP-1). */
export function wrapUpView(contact: Contact, ctx: WrapUpContext): WrapUpView {
  const { locale } = ctx;
  const done = Boolean(contact.wrapUp);
  const chosen = ctx.wrapUpCodes.find((c) => c.id === contact.wrapUp?.code);
  const names = { channel: channelLabel(contact, locale), customer: customerOf(contact) };
  // XFER-1: the transfer failed after the sender let go (the call is back in its queue): their wrap-up tells them.
  const notice =
    contact.status !== 'ended' && contact.transferFailed ? say(locale, 'transferFailed', { name: clip(contact.transferFailed.name, MAX_NAME) }) : '';
  // The wrap-up replaces the interaction in the same message: it still says how the contact ended (or where it went).
  const how =
    contact.status === 'ended'
      ? say(locale, `contact.endedBy.${contact.endedBy ?? 'system'}` as StringKey)
      : contact.transferredToName && !notice
        ? say(locale, 'contact.transferred', { name: contact.transferredToName.slice(0, 256) })
        : '';
  return {
    title: say(locale, 'wrapUpTitle'),
    error: ctx.error ?? '',
    contactId: contact.id,
    // Several wrap-ups may wait at once (stacked chats): each card says which contact it is for, before and after submitting.
    heading: say(locale, 'interactionTitle', names),
    summary: done
      ? say(locale, 'wrapUpDone', { code: chosen ? labelIn(chosen, locale) : (contact.wrapUp?.code ?? '') })
      : how
        ? `${how}. ${say(locale, 'wrapUpChoose')}`
        : notice
          ? say(locale, 'wrapUpChoose')
          : say(locale, 'wrapUpSummary', names),
    notice,
    done,
    codes: ctx.wrapUpCodes.map((c) => ({ title: labelIn(c, locale), value: c.id })),
    outcomes: ctx.outcomeCodes.map((c) => ({ title: labelIn(c, locale), value: c.id })),
    selectedCode: known(ctx.wrapUpCodes, ctx.chosen?.code),
    selectedOutcome: known(ctx.outcomeCodes, ctx.chosen?.outcome),
    more: { codes: [], outcomes: [] },
    submit: done ? [] : [{ title: say(locale, 'submitWrapUp') }],
    // OUT-1: the customer of a call that ended here can be called back from its wrap-up (not one handed on to another agent).
    dial: dialView(locale, contact.status === 'ended' && contact.channel === 'voice' && !contact.transferredToName, {
      number: contact.from,
      dialling: ctx.dialling,
      contactId: contact.id,
    }),
    refreshUserIds: [ctx.userId],
  };
}

function known(codes: ReadonlyArray<{ id: string }>, id: string | undefined): string {
  return id !== undefined && codes.some((c) => c.id === id) ? id : '';
}
