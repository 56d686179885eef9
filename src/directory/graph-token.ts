/**
 * Exchanges the agent's Teams SSO token for a Graph token with the OAuth 2.0
 * on-behalf-of flow, so Graph answers with the agent's own permissions (CON-3:
 * never an app-only search on the agent's behalf).
 */
import { DirectoryAuthError, DirectoryUnavailableError, type DirectoryCaller } from './directory-port.js';
import { fetchWithRetry, jsonBody, type RetryPolicy } from './graph-http.js';

/** The app registration that may exchange tokens. */
export interface OboCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
// Renew well before expiry so a token never runs out between cache and Graph.
const EARLY_RENEWAL_MS = 5 * 60_000;

interface Cached {
  token: string;
  expiresAt: number;
}

/** Graph tokens per agent, cached until 5 minutes before they expire. */
export class GraphTokens {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly credentials: OboCredentials,
    private readonly retry: RetryPolicy,
    private readonly now: () => number,
  ) {}

  /** A Graph token for this caller; DirectoryAuthError 'consent' when the agent or admin must consent first. */
  async forCaller(caller: DirectoryCaller): Promise<string> {
    const cached = this.cache.get(caller.userId);
    if (cached && cached.expiresAt - EARLY_RENEWAL_MS > this.now()) return cached.token;
    const { token, expiresInSeconds } = await this.exchange(caller.token);
    this.forgetExpired();
    this.cache.set(caller.userId, { token, expiresAt: this.now() + expiresInSeconds * 1000 });
    return token;
  }

  /** Drops a caller's token (Graph said 401: it was revoked or is otherwise unusable). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async exchange(assertion: string): Promise<{ token: string; expiresInSeconds: number }> {
    const { tenantId, clientId, clientSecret } = this.credentials;
    const url = `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: clientId,
      client_secret: clientSecret,
      assertion,
      scope: GRAPH_SCOPE,
      requested_token_use: 'on_behalf_of',
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
    const response = await fetchWithRetry('token exchange', url, init, this.retry);
    const data = (await jsonBody('token exchange', response)) as Record<string, unknown>;
    if (response.ok && typeof data.access_token === 'string') {
      return { token: data.access_token, expiresInSeconds: Number(data.expires_in) || 3600 };
    }
    throw oboError(response.status, data);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [userId, entry] of this.cache) if (entry.expiresAt - EARLY_RENEWAL_MS <= now) this.cache.delete(userId);
  }
}

/** Maps an Entra token-endpoint error: missing consent, a bad user token, or an outage. */
function oboError(status: number, data: Record<string, unknown>): Error {
  const error = String(data.error ?? '');
  const description = String(data.error_description ?? '');
  const firstLine = description.split(/\r?\n/)[0] ?? '';
  // AADSTS65001: the user or admin has not consented to the app's Graph scopes.
  if (error === 'interaction_required' || data.suberror === 'consent_required' || (error === 'invalid_grant' && description.includes('AADSTS65001'))) {
    return new DirectoryAuthError(`consent needed: ${firstLine}`, 'consent');
  }
  if (error === 'invalid_grant') return new DirectoryAuthError(`token refused: ${firstLine || error}`, 'token');
  // Anything else (invalid_client: a wrong secret, an outage) is ours to fix; signing in again would not help.
  return new DirectoryUnavailableError(`token exchange: HTTP ${status} ${error} ${firstLine}`.trim());
}
