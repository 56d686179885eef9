import type { Request, Response } from 'restify';
import type { Locale } from '../../cards/locale.js';
import type { DeskService } from '../desk-service.js';
import type { SessionParticipant, SupportSession } from '../engine/session-model.js';
import { customerView, sessionHeading } from './customer-view.js';
import { html } from './html.js';
import { send } from './join-routes.js';
import { messagePage, pageDocument } from './page-html.js';
import { pageLocale, pageSay, type PageKey } from './page-strings.js';
import { clearedSeatCookie, seatedCustomer, seatOf } from './seat.js';
import { PAGE_CSS, PAGE_JS } from './page-assets.js';
import type { SessionStreams } from './session-streams.js';

/** What the session page routes need. */
export interface SessionPageDeps {
  service: Pick<DeskService, 'execute' | 'session'>;
  streams: SessionStreams;
}

/** The page's stylesheet and script, from the program itself. */
const ASSETS = new Map<string, { type: string; body: Buffer }>([
  ['page.css', { type: 'text/css; charset=utf-8', body: Buffer.from(PAGE_CSS) }],
  ['page.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(PAGE_JS) }],
]);

/**
 * The customer's session page (`/support/s/<id>`), its live stream, and its
 * two actions: join or leave the voice call (VC-3), leave the session. Each
 * request must carry the seat the customer got when joining; a page without
 * one is told so and shown nothing of the session.
 */
export function sessionRoutes(deps: SessionPageDeps) {
  /** The session and the customer whose seat the request carries, or the refusal already sent. */
  async function seated(req: Request, res: Response, locale: Locale): Promise<{ session: SupportSession; customer: SessionParticipant } | undefined> {
    const sessionId = String(req.params?.id ?? '');
    const found = await deps.service.session(sessionId);
    const customer = found ? seatedCustomer(found.session, seatOf(req.header('cookie'))) : undefined;
    if (found && customer) return { session: found.session, customer };
    if (found?.session.status === 'ended') {
      send(res, 410, messagePage(locale, pageSay(locale, 'joinTitle'), pageSay(locale, 'ended')));
      return undefined;
    }
    send(res, 403, messagePage(locale, pageSay(locale, 'joinTitle'), pageSay(locale, 'error.seat')));
    return undefined;
  }

  async function page(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const found = await seated(req, res, locale);
    if (!found) return;
    const body = html`<section id="session" aria-live="polite">${customerView(found.session, found.customer.id, locale)}</section>
      <p id="live" class="live" data-on="${pageSay(locale, 'live')}" data-off="${pageSay(locale, 'offline')}">${pageSay(locale, 'live')}</p>`;
    send(res, 200, pageDocument(locale, sessionHeading(found.session, locale), body, { live: true }));
  }

  async function events(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const found = await seated(req, res, locale);
    if (found) deps.streams.open(req, res, found.session.id, found.customer.id, locale);
  }

  /** VC-3: joins or leaves the voice call; the platform confirms first (PLAT-2), a refusal is shown on the page. */
  async function voice(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const found = await seated(req, res, locale);
    if (!found) return;
    const join = (req.body as { join?: unknown } | undefined)?.join === 'yes';
    const result = await deps.service.execute({ type: 'session.customerVoice', sessionId: found.session.id, customerId: found.customer.id, join });
    if (!result.ok) return refused(res, locale, found.session, result.error.code);
    back(res, found.session.id);
  }

  async function leave(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const found = await seated(req, res, locale);
    if (!found) return;
    await deps.service.execute({ type: 'session.customerLeave', sessionId: found.session.id, customerId: found.customer.id });
    res.header('set-cookie', clearedSeatCookie(found.session.id));
    send(res, 200, messagePage(locale, sessionHeading(found.session, locale), pageSay(locale, 'left')));
  }

  function asset(req: Request, res: Response): void {
    const file = ASSETS.get(String(req.params?.name ?? ''));
    if (!file) {
      send(res, 404, '');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
    res.end(file.body);
  }

  return { page, events, voice, leave, asset };
}

/** After a form post, back to the page (which shows the change). */
function back(res: Response, sessionId: string): void {
  res.header('location', `/support/s/${encodeURIComponent(sessionId)}`);
  send(res, 303, '');
}

/** Why the voice call could not be joined or left, in the page's words, with the way back to the page. */
function refused(res: Response, locale: Locale, session: SupportSession, code: string): void {
  const key: PageKey =
    code === 'voice.notStarted' ? 'voiceOff' : code === 'session.ended' ? 'ended' : code === 'session.notParticipant' ? 'error.seat' : 'error.unavailable';
  const page = `/support/s/${encodeURIComponent(session.id)}`;
  send(res, 409, messagePage(locale, sessionHeading(session, locale), pageSay(locale, key), { href: page, label: sessionHeading(session, locale) }));
}
