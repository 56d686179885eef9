/**
 * Proves the bot-auth fixture against a bare CloudAdapter behind restify:
 * valid channel tokens get a real turn (reply posted to the fake connector),
 * everything else is refused, and nothing leaves the machine.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import { AuthenticationError } from 'botframework-connector';
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { FAKE_ACCESS_TOKEN, installBotAuthFixture, type BotAuthFixture } from './bot-auth.js';
import { nockConnector, type ConnectorRecorder } from './bot-connector.js';
import { postActivity, startEchoBot, type EchoBot } from './echo-bot.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const TENANT_ID = '00000000-0000-4000-8000-0000000071d0';
const PASSWORD = 'not-a-real-secret';
const NOW = (): number => Math.floor(Date.now() / 1000);

// Loud SDK logging (console.error of every auth failure, with stack) would bury test output.
beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
afterAll(() => vi.restoreAllMocks());

/** Installs fixture, connector and an echo bot for one describe block. */
function harness(config: ConfigurationBotFrameworkAuthenticationOptions, wrap = false) {
  const h = {} as { fx: BotAuthFixture; connector: ConnectorRecorder; bot: EchoBot };
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    h.fx = installBotAuthFixture(APP_ID);
    h.connector = nockConnector(h.fx.serviceUrl);
    const auth = wrap ? new UnauthorizedOnJwtErrors(config) : new ConfigurationBotFrameworkAuthentication(config);
    h.bot = await startEchoBot(auth);
  });
  afterAll(async () => {
    await h.bot.close();
    // Every describe must have stayed offline, not just the ones that say so.
    expect(h.fx.unmatched).toEqual([]);
    h.connector.close();
    h.fx.close();
  });
  return h;
}

describe('bot-auth fixture, MultiTenant bare CloudAdapter', () => {
  const h = harness({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'MultiTenant' });

  it('a correctly signed channel token gets 200 and the echo reaches the connector', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken(), { text: 'hello', serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(200);
    expect(h.connector.activities()).toMatchObject([{ type: 'message', text: 'echo: hello', replyToId: 'incoming-1' }]);
    expect(h.connector.calls[0]).toMatchObject({ path: 'v3/conversations/conv-1/activities/incoming-1', authorization: `Bearer ${FAKE_ACCESS_TOKEN}` });
    expect(h.fx.tokenRequests).toEqual([{ tenant: 'botframework.com', clientId: APP_ID, scope: 'https://api.botframework.com/.default' }]);
  });

  // [case, token or undefined for no header, expected SDK message, activity overrides]
  const refused: [string, (fx: BotAuthFixture) => string | undefined, string, Record<string, unknown>?][] = [
    ['no Authorization header', () => undefined, 'Unauthorized Access. Request is not authorized'],
    ['wrong audience', (fx) => fx.signToken({ aud: 'someone-else' }), 'Unauthorized. Invalid AppId passed on token: someone-else'],
    ['wrong issuer', (fx) => fx.signToken({ iss: 'https://evil.example' }), 'Unauthorized. No valid identity.'],
    // Expired beyond the SDK's 300 s clock tolerance; expired by less still passes.
    ['expired token', (fx) => fx.signToken({ exp: NOW() - 600, nbf: NOW() - 4000 }), 'The token has expired'],
    ['key id not in the JWKS', (fx) => fx.signToken({ kid: 'unknown-kid' }), 'Signing Key could not be retrieved.'],
    ['serviceurl claim differs from the activity', (fx) => fx.signToken({ serviceurl: 'https://elsewhere.example/' }), 'Unauthorized. ServiceUrl claim do not match.'],
    ['channel the key is not endorsed for', (fx) => fx.signToken(), 'Could not validate endorsement for key', { channelId: 'slack' }],
  ];
  it.each(refused)('%s -> 401 with the SDK message and no stack trace', async (_name, token, message, overrides) => {
    const before = h.connector.calls.length;
    const res = await postActivity(h.bot.url, token(h.fx), { serviceUrl: h.fx.serviceUrl, ...overrides });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toContain(message);
    expect(res.body).not.toMatch(/\n\s+at |\.js:\d+/);
    expect(h.connector.calls.length).toBe(before);
  });

  it('SDK gap: a bad signature (other key, good kid) gets 500 "invalid signature", not 401', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken({ key: 'other' }), { serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toBe('invalid signature');
    expect(res.body).not.toMatch(/\n\s+at /);
  });

  it('SDK tolerates 300 s of clock skew: expired 200 s ago still passes', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken({ exp: NOW() - 200 }), { serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(200);
  });

  it('stays offline: no request reached a host without an interceptor', () => {
    expect(h.fx.unmatched).toEqual([]);
  });
});

describe('bot-auth fixture re-installed in the same file, SingleTenant', () => {
  const h = harness({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT_ID });

  it('fresh keys are accepted (metadata cache reset) and the token comes from the tenant', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken(), { text: 'again', serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(200);
    expect(h.connector.activities()).toMatchObject([{ text: 'echo: again' }]);
    expect(h.fx.tokenRequests).toEqual([{ tenant: TENANT_ID, clientId: APP_ID, scope: 'https://api.botframework.com/.default' }]);
  });

  it('expired token -> 401 for being expired (not for an unknown key)', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken({ exp: NOW() - 600 }), { serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toBe('The token has expired');
  });

  it('stays offline', () => expect(h.fx.unmatched).toEqual([]));
});

/**
 * The fix the app needs (sketch, proven below): jsonwebtoken's own errors
 * (bad signature, not yet valid, alg none) escape the SDK unwrapped and
 * CloudAdapter only answers 401 for AuthenticationError.
 */
class UnauthorizedOnJwtErrors extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    try {
      return await super.authenticateRequest(...args);
    } catch (err) {
      if (err instanceof Error && ['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(err.name)) {
        throw new AuthenticationError(err.message, 401);
      }
      throw err;
    }
  }
}

describe('with jsonwebtoken errors mapped to AuthenticationError', () => {
  const h = harness({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'MultiTenant' }, true);

  it.each([
    ['bad signature (other key)', { key: 'other' as const }, 'invalid signature'],
    ['not valid for another hour', { nbf: NOW() + 3600 }, 'jwt not active'],
  ])('%s -> 401', async (_name, overrides, message) => {
    const res = await postActivity(h.bot.url, h.fx.signToken(overrides), { serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(401);
    // The message proves the key was found and the signature check itself failed.
    expect(JSON.parse(res.body)).toBe(message);
    expect(h.connector.calls).toEqual([]);
  });

  it('a valid token still gets its echo', async () => {
    const res = await postActivity(h.bot.url, h.fx.signToken(), { text: 'ok', serviceUrl: h.fx.serviceUrl });
    expect(res.status).toBe(200);
    expect(h.connector.activities()).toMatchObject([{ text: 'echo: ok' }]);
  });
});
