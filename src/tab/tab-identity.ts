import type { Request } from 'restify';
import { KeysUnavailableError, TokenRejectedError, type EntraTokenValidator } from './entra-token.js';

/** Who is using the tab. `development` marks the local, anonymous-mode identity picked on the page. */
export interface TabUser {
  id: string;
  name: string;
  development: boolean;
}

/** How the tab knows people: Teams SSO tokens, or (local anonymous mode only) a development identity. */
export type TabSignIn = { mode: 'teams'; validator: EntraTokenValidator } | { mode: 'development' };

/** Why a request has no user: no or bad credentials (401), or the keys to check them could not be had (503). */
export type SignInProblem = { status: 401 | 503; reason: string };

/** The header carrying the development identity (an Entra object id), honoured only without an app id. */
export const DEV_USER_HEADER = 'x-agentdesk-dev-user';

// An Entra object id, as Teams tokens carry: the development identity stands in for one and looks like one.
const DEV_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user behind a request, or why there is none. Never logs or returns the token. */
export async function userOf(req: Request, signIn: TabSignIn): Promise<TabUser | SignInProblem> {
  if (signIn.mode === 'development') {
    const id = req.header(DEV_USER_HEADER)?.trim() ?? '';
    if (!DEV_ID.test(id)) return { status: 401, reason: 'no development identity' };
    return { id, name: '', development: true };
  }
  const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.header('authorization') ?? '');
  if (!match) return { status: 401, reason: 'no bearer token' };
  try {
    const identity = await signIn.validator.validate(match[1]!);
    return { id: identity.id, name: identity.name, development: false };
  } catch (error) {
    if (error instanceof TokenRejectedError) return { status: 401, reason: error.message };
    if (error instanceof KeysUnavailableError) return { status: 503, reason: error.message };
    // jose reports a key set it could not fetch as its own error kinds; they are not the caller's fault either.
    if (error instanceof Error && /fetch|network|timeout|ECONN/i.test(error.message)) return { status: 503, reason: 'signing keys unavailable' };
    throw error;
  }
}
