import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** The tenant-independent OpenID metadata of Microsoft Entra ID: it names the signing keys of every tenant. */
export const ENTRA_METADATA_URL = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';

/** What a Teams tab token must be for: our app, and the tenant when the desk is single-tenant. */
export interface TokenRules {
  /** `webApplicationInfo.resource` of the manifest: `api://<BOT_DOMAIN>/botid-<MicrosoftAppId>`. */
  resource: string;
  /** The app id (v2.0 tokens carry it as their audience instead of the resource). */
  appId: string;
  /** Only tokens of this tenant, when set (MicrosoftAppTenantId). */
  tenantId?: string;
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  clockToleranceSeconds?: number;
}

/** The signed-in person a valid token names. */
export interface TokenIdentity {
  /** Entra object id (`oid`): the same id the bot knows the person by. */
  id: string;
  name: string;
  tenantId: string;
}

/** A token was refused; `reason` is for the log, never for the caller. */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates Teams tab SSO tokens (`authentication.getAuthToken()`): RS256
 * signature against Entra's published keys, found through the
 * tenant-independent metadata; audience, issuer (that of the token's own
 * tenant), tenant and expiry. The metadata is fetched once; jose keeps the keys
 * and fetches them again when a token names a key it does not hold.
 */
export class EntraTokenValidator {
  #keys?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(
    private readonly rules: TokenRules,
    private readonly clock: () => Date = () => new Date(),
    private readonly metadataUrl = ENTRA_METADATA_URL,
  ) {}

  /** The person the token names; throws TokenRejectedError for any token that is not valid for us. */
  async validate(token: string): Promise<TokenIdentity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), {
        algorithms: ['RS256'],
        audience: [this.rules.resource, this.rules.appId],
        clockTolerance: this.rules.clockToleranceSeconds ?? 60,
        currentDate: this.clock(),
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new TokenRejectedError(error.code);
      throw error;
    }
    const tenantId = typeof payload.tid === 'string' ? payload.tid : '';
    if (!GUID.test(tenantId)) throw new TokenRejectedError('tid missing');
    // Entra issues v1.0 and v2.0 tokens; either way the issuer is the token's own tenant.
    const issuers = [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
    if (!issuers.includes(String(payload.iss))) throw new TokenRejectedError('issuer');
    if (this.rules.tenantId && tenantId.toLowerCase() !== this.rules.tenantId.toLowerCase()) throw new TokenRejectedError('tenant');
    const id = typeof payload.oid === 'string' ? payload.oid : '';
    if (!GUID.test(id)) throw new TokenRejectedError('oid missing');
    const name = typeof payload.name === 'string' ? payload.name : typeof payload.preferred_username === 'string' ? payload.preferred_username : '';
    return { id, name, tenantId };
  }

  private keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.#keys ??= this.loadKeys().catch((error: unknown) => {
      // A failed metadata fetch is not remembered: the next request tries again.
      this.#keys = undefined;
      throw error;
    });
    return this.#keys;
  }

  private async loadKeys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const response = await fetch(this.metadataUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new KeysUnavailableError(`OpenID metadata answered ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string' || !metadata.jwks_uri.startsWith('https://')) throw new KeysUnavailableError('OpenID metadata has no jwks_uri');
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5000 });
  }
}

/** Entra's keys could not be fetched: the request is not refused for a bad token, it cannot be checked now. */
export class KeysUnavailableError extends Error {
  override name = 'KeysUnavailableError';
}
