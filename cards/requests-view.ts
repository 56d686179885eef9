import type { Contact } from '../src/engine/model.js';
import type { Shrinking } from './card-fit.js';
import { channelLabel, queueName, requestFacts, type AdminQueue, type AdminVariable } from './contact-labels.js';
import { formatElapsed } from './format.js';
import type { Locale } from './locale.js';
import { say } from './strings.js';
import type { ContactButton, RequestItem, RequestsView } from './views.js';

/** Requests shown per page before "1-5 of N" (PO-3). */
export const PAGE_SIZE = 5;

/** What the popover needs besides the offered contacts. */
export interface RequestsContext {
  variables: readonly AdminVariable[];
  queues: readonly AdminQueue[];
  locale: Locale;
  now: Date;
  userId: string;
  page?: number;
  /** Requests per page (default PAGE_SIZE); fewer only when a page does not fit the card budget. */
  pageSize?: number;
  /** "Accept N requests" names the newest offer time instead of every id (a reduced popover). */
  compact?: boolean;
  /** The contact whose connect popover shows first (PO-1). */
  connecting?: Contact;
  error?: string;
}

const CHANNEL_ORDER = { email: 0, social: 1, chat: 2, voice: 3 } as const;

/** PO-3 order, top to bottom: email, social, chat, calls; within a channel the earliest first. */
export function sortRequests(contacts: readonly Contact[]): Contact[] {
  return [...contacts].sort(
    (a, b) => CHANNEL_ORDER[a.channel] - CHANNEL_ORDER[b.channel] || (a.offeredAt ?? '').localeCompare(b.offeredAt ?? '') || a.id.localeCompare(b.id),
  );
}

/** Builds the stacked popover: a page of requests, "1-5 of N", Accept per request and "Accept N requests". */
export function requestsView(offered: readonly Contact[], ctx: RequestsContext): RequestsView {
  const { locale } = ctx;
  const sorted = sortRequests(offered);
  const size = Math.min(Math.max(1, Math.floor(ctx.pageSize ?? PAGE_SIZE)), PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const page = Math.min(Math.max(0, ctx.page ?? 0), pages - 1);
  const shown = sorted.slice(page * size, (page + 1) * size);
  const acceptable = sorted.filter((c) => c.channel !== 'voice');
  return {
    title: say(locale, 'requestsTitle'),
    error: ctx.error ?? '',
    connecting: ctx.connecting ? say(locale, 'connecting', { channel: channelLabel(ctx.connecting, locale).toLowerCase() }) : '',
    rangeText: sorted.length > size ? say(locale, 'requestsRange', { from: page * size + 1, to: page * size + shown.length, total: sorted.length }) : '',
    emptyText: say(locale, 'requestsEmpty'),
    page,
    pageSize: size,
    requests: shown.map((contact) => requestItem(contact, ctx)),
    pager: [
      ...(page > 0 ? [{ title: say(locale, 'previous'), page: page - 1, size }] : []),
      ...(page < pages - 1 ? [{ title: say(locale, 'next'), page: page + 1, size }] : []),
    ],
    acceptAll:
      acceptable.length > 1
        ? [
            {
              title: say(locale, 'acceptAll', { count: acceptable.length }),
              data: ctx.compact ? { upTo: newestOffer(acceptable) } : { contactIds: acceptable.map((c) => c.id) },
            },
          ]
        : [],
    refreshUserIds: [ctx.userId],
  };
}

/**
 * The popover's smaller forms: fewer requests per page (level + 1), on the page
 * that holds the first request the asked-for page showed. Heading, timer and
 * buttons of each request, the pager and "Accept N requests" stay; the last
 * names the newest offer it covers rather than up to 50 ids of 128 characters.
 */
export function requestsShrinking(offered: readonly Contact[], ctx: RequestsContext): Shrinking<RequestsView> {
  const size = Math.min(Math.max(1, Math.floor(ctx.pageSize ?? PAGE_SIZE)), PAGE_SIZE);
  const first = Math.max(0, ctx.page ?? 0) * size;
  return { top: size - 1, at: (level) => requestsView(offered, { ...ctx, compact: true, pageSize: level + 1, page: Math.floor(first / (level + 1)) }) };
}

/** When a contact was offered (its creation when the offer time is missing). */
export function offerTime(contact: Contact): string {
  return contact.offeredAt ?? contact.createdAt;
}

function newestOffer(contacts: readonly Contact[]): string {
  // ISO 8601 instants in UTC sort as text.
  return contacts.map(offerTime).sort().at(-1) ?? '';
}

function requestItem(contact: Contact, ctx: RequestsContext): RequestItem {
  const { locale } = ctx;
  const elapsed = formatElapsed(ctx.now.getTime() - Date.parse(contact.offeredAt ?? contact.createdAt));
  const buttons: ContactButton[] = [];
  if (contact.channel !== 'voice') buttons.push({ title: say(locale, 'accept'), verb: 'requests.accept', contactId: contact.id, style: 'positive' });
  if (contact.kind === 'webCallback')
    buttons.push({ title: say(locale, 'cancelCallback'), verb: 'requests.cancelCallback', contactId: contact.id, style: 'destructive' });
  return {
    heading: say(locale, 'requestHeading', { channel: channelLabel(contact, locale), queue: queueName(ctx.queues, contact.queue) }),
    statusText: contact.channel === 'voice' ? say(locale, 'ringing', { elapsed }) : say(locale, 'offered', { elapsed }),
    facts: requestFacts(contact, ctx.variables, ctx.queues, locale),
    buttons,
  };
}
