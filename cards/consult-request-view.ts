import type { Contact } from '../src/engine/model.js';
import { popoverVariables, type AdminVariable } from './contact-labels.js';
import type { Locale } from './locale.js';
import { clip, MAX_NAME } from './format.js';
import { say } from './strings.js';
import type { ContactButton, Fact } from './views.js';

/** The consult-request card a consulted person sees (CON-5, PO-4, XFER-2). */
export interface ConsultRequestView {
  title: string;
  error: string;
  contactId: string;
  summary: string;
  statusText: string;
  facts: Fact[];
  buttons: ContactButton[];
  refreshUserIds: string[];
}

/** The requesting agent as PO-4's three consult defaults need them. */
export interface Requester {
  name: string;
  phone: string;
  team: string;
}

/** What the card needs besides the contact. */
export interface ConsultRequestContext {
  /** The person looking at the card (one of those it was offered to). */
  viewerId: string;
  requester: Requester;
  variables: readonly AdminVariable[];
  locale: Locale;
  userId: string;
  error?: string;
}

/** Builds the card: who asks, the 3 consult defaults plus up to 6 admin variables (PO-4), and what the viewer can do now. */
export function consultRequestView(contact: Contact, ctx: ConsultRequestContext): ConsultRequestView {
  const { locale } = ctx;
  const consult = contact.consult;
  const requesterName = clip(ctx.requester.name, MAX_NAME);
  const requested = consult?.state === 'requested' && consult.offeredTo.includes(ctx.viewerId);
  const mine = consult?.party === ctx.viewerId;
  const buttons: ContactButton[] = [];
  if (requested) {
    buttons.push({ title: say(locale, 'consultAccept'), verb: 'consult.accept', contactId: contact.id, style: 'positive' });
    buttons.push({ title: say(locale, 'consultDecline'), verb: 'consult.decline', contactId: contact.id, style: 'destructive' });
  } else if (mine) {
    buttons.push({ title: say(locale, 'consultLeave'), verb: 'consult.end', contactId: contact.id, style: 'destructive' });
  }
  let statusText = '';
  if (mine)
    statusText = say(locale, consult?.state === 'conference' ? 'consult.conference' : consult?.state === 'held' ? 'consult.held' : 'consultYouAccepted');
  else if (consult?.party) statusText = say(locale, 'consultTakenBy', { name: clip(consult.partyName ?? '', MAX_NAME) });
  else if (!consult && contact.takenBy && contact.agentId !== ctx.viewerId)
    statusText = say(locale, 'consultTakenBy', { name: clip(contact.takenBy, MAX_NAME) });
  else if (!consult && contact.takenBy) statusText = say(locale, 'transferTaken');
  else if (!requested) statusText = contact.agentId === ctx.viewerId ? '' : say(locale, 'consultEndedNotice');
  return {
    title: say(locale, consult?.mode === 'transfer' || contact.takenBy ? 'transferTitle' : 'consultTitle'),
    error: ctx.error ?? '',
    contactId: contact.id,
    summary: say(locale, consult?.mode === 'transfer' || contact.takenBy ? 'transferFrom' : 'consultFrom', { name: requesterName }),
    statusText,
    facts: [
      { title: say(locale, 'fact.agentName'), value: requesterName },
      { title: say(locale, 'fact.agentDn'), value: ctx.requester.phone || '-' },
      { title: say(locale, 'fact.agentTeam'), value: ctx.requester.team },
      // PO-4: the three defaults plus at most six admin variables, never a secure one.
      ...popoverVariables(contact, ctx.variables, locale).slice(0, 6),
    ],
    buttons,
    refreshUserIds: [ctx.userId],
  };
}
