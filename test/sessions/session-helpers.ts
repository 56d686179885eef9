import type { SupportSession } from '../../src/engine/session-model.js';
import type { TestUser } from '../support/desk-harness.js';
import type { DeskFixture } from '../support/use-desk.js';

/** Colleagues of the default agent (Søren) in the session tests. */
export const KJERSTI: TestUser = { id: '29:kjersti', aadObjectId: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f', name: 'Kjersti Dahl' };
export const BO: TestUser = { id: '29:bo', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000000b', name: 'Bo Ek' };

/** The newest session card in a person's chat (sent, or updated in place), in whatever language: the one that refreshes as a session card. */
export const sessionCard = (fx: DeskFixture, user: TestUser) => fx.lastCardFor(user, (card) => card.refresh?.action?.verb === 'session.refresh');

/** The session a person's newest session card shows, as stored. */
export async function sessionOnCard(fx: DeskFixture, user: TestUser): Promise<SupportSession> {
  const sessionId = String(sessionCard(fx, user)?.refresh.action.data.sessionId);
  const found = await fx.desk.app.service.session(sessionId);
  if (!found) throw new Error(`no session ${sessionId} for the newest session card of ${user.name}`);
  return found.session;
}

/** A person types `session` (SUP-1); returns the session their card shows. */
export async function startByText(fx: DeskFixture, user: TestUser): Promise<SupportSession> {
  expect200(await fx.desk.message('session', { user, locale: 'en-US' }));
  return sessionOnCard(fx, user);
}

/** A customer joins from the browser with number and name; returns the answer and the seat cookie it set. */
export async function joinAsCustomer(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | null; cookie: string | undefined; text: string }> {
  const response = await fetch(`${url}/join`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  return { status: response.status, location: response.headers.get('location'), cookie, text: await response.text() };
}

/** The visible text of an HTML page, tags removed and spaces folded. */
export const pageText = (page: string): string =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ')
    .trim();

function expect200(answer: { status: number }): void {
  if (answer.status !== 200) throw new Error(`the bot answered ${answer.status}`);
}
