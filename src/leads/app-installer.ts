import { DEFAULT_RETRY, fetchWithRetry, jsonBody, type RetryPolicy } from '../directory/graph-http.js';

/** What installing the app for one person came to. */
export type InstallOutcome = { ok: true } | { ok: false; reason: string };

/** Installs the bot's Teams app in a person's personal scope, so the bot can reach them (MSG-2). */
export interface AppInstaller {
  install(userId: string): Promise<InstallOutcome>;
}

/** The app registration and Teams app the installer acts for. */
export interface GraphInstallerOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The Teams app's manifest id (its external id in the tenant's app catalog). */
  teamsAppId: string;
  now?: () => Date;
  retry?: RetryPolicy;
}

const GRAPH = 'https://graph.microsoft.com/v1.0';

/**
 * Installs the app for users with Microsoft Graph, as the app itself
 * (client credentials; the application permission
 * TeamsAppInstallation.ReadWriteForUser.All): finds the app in the tenant's
 * catalog by its manifest id once, then `POST /users/{id}/teamwork/installedApps`.
 * Teams then sends the bot the install's conversation, and the person's
 * messages go out (MSG-2). Already installed (409) counts as done.
 */
export class GraphAppInstaller implements AppInstaller {
  private token: { value: string; until: number } | undefined;
  private catalogId: string | undefined;

  constructor(private readonly options: GraphInstallerOptions) {}

  async install(userId: string): Promise<InstallOutcome> {
    try {
      const token = await this.accessToken();
      const catalogId = await this.catalogAppId(token);
      const response = await fetchWithRetry(
        'Graph app install',
        `${GRAPH}/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ 'teamsApp@odata.bind': `${GRAPH}/appCatalogs/teamsApps/${encodeURIComponent(catalogId)}` }),
        },
        this.options.retry ?? DEFAULT_RETRY,
      );
      await response.body?.cancel();
      if (response.ok || response.status === 409) return { ok: true };
      return { ok: false, reason: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async accessToken(): Promise<string> {
    const now = (this.options.now ?? (() => new Date()))().getTime();
    if (this.token && this.token.until > now) return this.token.value;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    const response = await fetchWithRetry(
      'Entra token',
      `https://login.microsoftonline.com/${encodeURIComponent(this.options.tenantId)}/oauth2/v2.0/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      this.options.retry ?? DEFAULT_RETRY,
    );
    const data = (await jsonBody('Entra token', response)) as { access_token?: string; expires_in?: number };
    if (!response.ok || !data.access_token) throw new Error(`Entra token: HTTP ${response.status}`);
    // Renewed a minute early, so a token never runs out in the middle of a batch of installs.
    this.token = { value: data.access_token, until: now + Math.max(60, (data.expires_in ?? 3600) - 60) * 1000 };
    return data.access_token;
  }

  private async catalogAppId(token: string): Promise<string> {
    if (this.catalogId) return this.catalogId;
    const filter = encodeURIComponent(`externalId eq '${this.options.teamsAppId.replace(/'/g, "''")}'`);
    const response = await fetchWithRetry(
      'Graph app catalog',
      `${GRAPH}/appCatalogs/teamsApps?$filter=${filter}`,
      { headers: { authorization: `Bearer ${token}` } },
      this.options.retry ?? DEFAULT_RETRY,
    );
    const data = (await jsonBody('Graph app catalog', response)) as { value?: Array<{ id?: string }> };
    const id = data.value?.[0]?.id;
    if (!response.ok || !id) throw new Error(`the app ${this.options.teamsAppId} is not in the tenant's app catalog`);
    this.catalogId = id;
    return id;
  }
}
