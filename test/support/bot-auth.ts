/**
 * Offline Bot Framework authentication for tests. Local RSA keys are served via
 * nock as the channel's OpenID metadata + JWKS that botframework-connector
 * fetches, tokens are signed with them, and the bot's own client-credentials
 * token request to Entra ID is answered with a fake access token.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import nock from 'nock';
import { AppCredentials, AuthenticationConstants } from 'botframework-connector';
// Not re-exported by the package index, but its static cache must be reset (see resetSdkCaches).
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';
import { FAKE_SERVICE_URL } from './bot-connector.js';
import { goOffline } from './offline.js';

/** Claims of a channel-to-bot token; extra claims (ver, appid, tid...) pass through as given. */
export interface BotTokenClaims {
  iss: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  serviceurl: string;
  [claim: string]: unknown;
}

/** Claim overrides (an `undefined` value drops the claim) plus how to sign. */
export type SignTokenOptions = Partial<BotTokenClaims> & {
  /** 'other' signs with a key the JWKS does not hold, under the good `kid`: a bad signature. */
  key?: 'good' | 'other';
  /** `kid` header; set one the JWKS lacks to test unknown keys. */
  kid?: string;
  /** Lifetime from now when `exp` is not given; default 3600. */
  expiresInSec?: number;
};

/** One client-credentials request the bot sent to Entra ID. */
export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
}

/** An installed fixture; install once per test file (beforeAll) and close in afterAll. */
export interface BotAuthFixture {
  appId: string;
  /** Default `serviceurl` claim; the activity's serviceUrl must equal it exactly. */
  serviceUrl: string;
  /** `kid` of the good key in the JWKS. */
  kid: string;
  tokenRequests: TokenRequest[];
  /** Non-loopback requests nock refused; assert empty to prove the test stayed offline. */
  unmatched: string[];
  signToken(options?: SignTokenOptions): string;
  close(): void;
}

/** Fixture options; defaults suit a Teams bot on the fake connector. */
export interface BotAuthOptions {
  serviceUrl?: string;
  /** Channels the JWKS key is endorsed for; the SDK rejects other channelIds. [] disables the check. */
  endorsements?: string[];
}

/** Issuer of tokens the Bot Framework channels (Teams included) send to bots. */
export const CHANNEL_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;
/** Access token the fake Entra ID hands the bot for its outbound calls. */
export const FAKE_ACCESS_TOKEN = 'fake-bot-framework-access-token';

// We serve the metadata documents, so jwks_uri is ours to pick; the real values keep it recognisable.
const METADATA = [
  { url: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl, jwks: 'https://login.botframework.com/v1/.well-known/keys' },
  // Emulator / Entra-issued (and skill) tokens are checked against this one instead.
  { url: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl, jwks: 'https://login.microsoftonline.com/common/discovery/v2.0/keys' },
];
// MSAL knows login.microsoftonline.com's endpoints (hard-coded metadata), so this is its only call.
const TOKEN_PATH = /^\/[^/?]+\/oauth2\/v2\.0\/token(\?|$)/;

/** Nocks OpenID metadata, JWKS and the Entra token endpoint for `appId`, and resets SDK caches. */
export function installBotAuthFixture(appId: string, options: BotAuthOptions = {}): BotAuthFixture {
  const { serviceUrl = FAKE_SERVICE_URL, endorsements = ['msteams'] } = options;
  const offline = goOffline();
  resetSdkCaches();
  const good = newKey();
  const other = newKey();
  const kid = `test-${randomUUID()}`;
  const jwks = { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: good.n, e: good.e, endorsements }] };
  const tokenRequests: TokenRequest[] = [];
  const interceptors: nock.Interceptor[] = [];
  const serve = (url: string, method: 'GET' | 'POST', path: string | RegExp): nock.Interceptor => {
    const interceptor = nock(new URL(url).origin).persist().intercept(path, method);
    interceptors.push(interceptor);
    return interceptor;
  };
  for (const { url, jwks: jwksUri } of METADATA) {
    const { pathname } = new URL(url);
    // OpenIdMetadata.refreshCache reads nothing but jwks_uri from this document.
    serve(url, 'GET', pathname).reply(200, { jwks_uri: jwksUri });
    serve(jwksUri, 'GET', new URL(jwksUri).pathname).reply(200, jwks);
  }
  serve('https://login.microsoftonline.com', 'POST', TOKEN_PATH).reply((path, body) => {
    const form = new URLSearchParams(typeof body === 'string' ? body : '');
    tokenRequests.push({ tenant: path.split('/')[1] ?? '', clientId: form.get('client_id') ?? '', scope: form.get('scope') ?? '' });
    return [200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: FAKE_ACCESS_TOKEN }];
  });

  const signToken = (opts: SignTokenOptions = {}): string => {
    const { key = 'good', kid: keyId = kid, expiresInSec = 3600, ...overrides } = opts;
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, iat: now, nbf: now - 60, exp: now + expiresInSec, ...overrides };
    return signJwt(claims, keyId, key === 'good' ? good.privateKey : other.privateKey);
  };
  const close = (): void => {
    for (const i of interceptors) nock.removeInterceptor(i);
    offline.close();
    resetSdkCaches();
  };
  return { appId, serviceUrl, kid, tokenRequests, unmatched: offline.unmatched, signToken, close };
}

/**
 * botframework-connector keeps process-wide caches that would outlive this
 * fixture's keys: OpenIdMetadata per metadata URL (keys kept 24 h, refetched on
 * an unknown kid at most hourly) and AppCredentials' access tokens (~1 h, keyed
 * by appId + scope, so a second install would never hit the token endpoint).
 */
function resetSdkCaches(): void {
  for (const [owner, field] of [
    [JwtTokenExtractor, 'openIdMetadataCache'],
    [AppCredentials, 'cache'],
  ] as const) {
    const cache: unknown = (owner as unknown as Record<string, unknown>)[field];
    // Fail loudly if an SDK upgrade renames the cache: stale keys would turn valid tokens into 401s.
    if (!(cache instanceof Map)) throw new Error(`bot-auth fixture: ${owner.name}.${field} is no longer a Map`);
    cache.clear();
  }
}

function newKey(): { privateKey: KeyObject; n: string; e: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  if (!n || !e) throw new Error('bot-auth fixture: RSA JWK without n/e');
  return { privateKey, n, e };
}

function signJwt(claims: Record<string, unknown>, kid: string, privateKey: KeyObject): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
