import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { Locale } from '../../cards/locale.js';
import type { DeskService } from '../desk-service.js';
import type { DeskError } from '../engine/errors.js';
import { isSessionNumber } from '../engine/session-model.js';
import type { JoinLimiter } from './join-limiter.js';
import { joinPage, messagePage, type JoinForm } from './page-html.js';
import { pageLocale, pageSay, type PageKey } from './page-strings.js';
import { keyHash, newSeat, seatCookie, tokenMatches } from './seat.js';

/** A customer's name: shown to representatives, so kept short and printable. */
export const MAX_NAME = 80;

/** What the join routes need. */
export interface JoinDeps {
  service: Pick<DeskService, 'execute' | 'sessionByNumber'>;
  limiter: JoinLimiter;
  /** Whether pages are served over HTTPS (the seat cookie is then Secure). */
  secure: boolean;
}

const form = z.object({ number: z.string().max(100_000), name: z.string().max(100_000), token: z.string().max(1000).optional() });

/** Why a join was refused: the page's words for it, its HTTP status, and whether it counts as a wrong try. */
const REFUSALS = new Map<string, { key: PageKey; status: number; wrong: boolean }>([
  ['session.numberInvalid', { key: 'error.numberInvalid', status: 400, wrong: true }],
  ['session.unknown', { key: 'error.unknown', status: 404, wrong: true }],
  ['session.ended', { key: 'error.ended', status: 410, wrong: true }],
  ['session.full', { key: 'error.full', status: 409, wrong: false }],
  ['token', { key: 'error.token', status: 403, wrong: true }],
]);

/**
 * `GET /join` shows the join form; with `?n=<number>&t=<token>` (a join link)
 * it asks only for the name, once the token is the session's. `POST /join`
 * joins: the customer gets a seat (a cookie) and goes to the session's page.
 * Anything wrong is answered on the form in the browser's language with a 4xx,
 * and changes nothing; wrong numbers and links count against the address (SUP-1).
 */
export function joinRoutes(deps: JoinDeps) {
  async function show(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const query = new URL(req.url ?? '/', 'http://desk').searchParams;
    const number = query.get('n');
    const token = query.get('t');
    if (number === null && token === null) return send(res, 200, joinPage(locale, {}, MAX_NAME));
    const limited = tooMany(req, res, locale);
    if (limited) return;
    const checked = await checkLink(number ?? '', token ?? '');
    if (checked) return refuse(req, res, locale, checked, { number: number ?? '' });
    send(res, 200, joinPage(locale, { link: { number: number!, token: token! } }, MAX_NAME));
  }

  async function join(req: Request, res: Response): Promise<void> {
    const locale = pageLocale(req.header('accept-language'));
    const parsed = form.safeParse(req.body ?? {});
    if (!parsed.success) return send(res, 400, joinPage(locale, { error: pageSay(locale, 'error.form') }, MAX_NAME));
    const { number, token } = parsed.data;
    const name = parsed.data.name.trim();
    const link = token !== undefined ? { number, token } : undefined;
    const again: JoinForm = { number, ...(name.length <= MAX_NAME ? { name } : {}), ...(link ? { link } : {}) };
    if (tooMany(req, res, locale)) return;
    // The name is checked before the number is looked up: a long name costs no lookup and is no wrong try.
    if (!name) return send(res, 400, joinPage(locale, { ...again, error: pageSay(locale, 'error.nameMissing') }, MAX_NAME));
    if ([...name].length > MAX_NAME || /[\p{Cc}\p{Cf}]/u.test(name)) {
      return send(res, 400, joinPage(locale, { ...again, error: pageSay(locale, 'error.nameTooLong', { max: MAX_NAME }) }, MAX_NAME));
    }
    if (link) {
      const checked = await checkLink(number, token!);
      if (checked) return refuse(req, res, locale, checked, again);
    }
    const seat = newSeat();
    const result = await deps.service.execute({
      type: 'session.customerJoin',
      number,
      customer: { id: seat.customerId, name, keyHash: keyHash(seat.key) },
    });
    if (!result.ok) return refuse(req, res, locale, result.error.code, again, result.error);
    const sessionId = (await deps.service.sessionByNumber(number))?.session.id;
    res.header('set-cookie', seatCookie(sessionId ?? '', seat, deps.secure));
    res.header('location', `/support/s/${encodeURIComponent(sessionId ?? '')}`);
    send(res, 303, '');
  }

  /** Why a join link is not good: a malformed or unknown number, an ended session, or a token that is not the session's. */
  async function checkLink(number: string, token: string): Promise<string | undefined> {
    if (!isSessionNumber(number)) return 'session.numberInvalid';
    const found = await deps.service.sessionByNumber(number);
    if (!found) return 'session.unknown';
    if (!tokenMatches(found.session, token)) return 'token';
    if (found.session.status === 'ended') return 'session.ended';
    return undefined;
  }

  function tooMany(req: Request, res: Response, locale: Locale): boolean {
    const waitMs = deps.limiter.waitMs(addressOf(req));
    if (waitMs === 0) return false;
    res.header('retry-after', String(Math.ceil(waitMs / 1000)));
    send(res, 429, messagePage(locale, pageSay(locale, 'joinTitle'), pageSay(locale, 'error.limited')));
    return true;
  }

  function refuse(req: Request, res: Response, locale: Locale, code: string, again: JoinForm, error?: DeskError): void {
    const refusal = REFUSALS.get(code) ?? { key: 'error.unavailable' as const, status: 409, wrong: false };
    if (refusal.wrong) deps.limiter.wrong(addressOf(req));
    const number = isSessionNumber(again.number ?? '') ? again.number! : '';
    const message = pageSay(locale, refusal.key, { number, max: error?.details?.max ?? '' });
    // A link that is no good is not offered again; the customer can still type the number.
    const { link: _link, ...rest } = again;
    send(res, refusal.status, joinPage(locale, { ...(code === 'session.full' ? again : rest), error: message }, MAX_NAME));
  }

  return { show, join };
}

/** The address a request came from: the socket's, never a header a client can set. */
export const addressOf = (req: Request): string => req.socket?.remoteAddress ?? 'unknown';

/** Sends a page with the headers every customer page carries. */
export function send(res: Response, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}
