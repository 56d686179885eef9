import type { Locale } from '../../cards/locale.js';
import { html, type SafeHtml } from './html.js';
import { pageSay } from './page-strings.js';

/** A whole page in the customer's language: our stylesheet, our script when live, nothing from elsewhere. */
export function pageDocument(locale: Locale, title: string, body: SafeHtml, options: { live?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/support/assets/page.css">
${options.live ? html`<script src="/support/assets/page.js" defer></script>` : ''}
</head>
<body>
<main>
<p class="brand">${pageSay(locale, 'brand')}</p>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.text;
}

/** What the join form shows: a refusal, the number typed, and a link's number and token when it came from a join link. */
export interface JoinForm {
  error?: string;
  number?: string;
  name?: string;
  /** From a join link: the number is fixed and the token goes along. */
  link?: { number: string; token: string };
}

/** The join page (SUP-1): number and name, or only the name when the customer came with a join link. */
export function joinPage(locale: Locale, form: JoinForm, maxName: number): string {
  const say = (key: Parameters<typeof pageSay>[1], params: Record<string, string | number> = {}) => pageSay(locale, key, params);
  const error = form.error ? html`<p class="error" role="alert">${form.error}</p>` : '';
  const number = form.link
    ? html`<p>${say('joinLinkIntro', { number: form.link.number })}</p>
      <input type="hidden" name="number" value="${form.link.number}"><input type="hidden" name="token" value="${form.link.token}">`
    : html`<p>${say('joinIntro')}</p>
      <label for="number">${say('numberLabel')}</label>
      <input id="number" name="number" inputmode="numeric" autocomplete="off" required maxlength="20" value="${form.number ?? ''}" placeholder="482913077">`;
  const body = html`${error}<form method="post" action="/join" class="join">
    ${number}
    <label for="name">${say('nameLabel')}</label>
    <input id="name" name="name" autocomplete="name" required maxlength="${maxName}" value="${form.name ?? ''}">
    <button class="primary">${say('joinButton')}</button>
  </form>`;
  return pageDocument(locale, say('joinTitle'), body);
}

/** A page that only says something (a refusal with no form to show again), with a link on: by default, to the join page. */
export function messagePage(locale: Locale, title: string, message: string, next = { href: '/join', label: pageSay(locale, 'joinAgain') }): string {
  return pageDocument(locale, title, html`<p class="error" role="alert">${message}</p><p><a href="${next.href}">${next.label}</a></p>`);
}
