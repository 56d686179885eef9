import nock from 'nock';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsoTokenStore, jwtExpiry } from '../../bot/sso-tokens.js';
import { localSignInEnabled } from '../../bot/sso.js';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';
import { installBotAuthFixture, type BotAuthFixture } from '../support/bot-auth.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { SOREN, startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { ANNA, fakeDirectory, type FakeDirectory } from '../support/fake-directory.js';

const APP_ID = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const CONNECTION = 'agentdesk-sso';
// The Bot Framework token service the CloudAdapter's UserTokenClient calls (AuthenticationConstants.OAuthUrl).
const TOKEN_SERVICE = 'https://api.botframework.com';
const SIGN_IN_LINK = 'https://token.botframework.com/api/oauth/signin?signin=abc';
const ROOT = resolve(import.meta.dirname, '../..');

/** A JWT the token service hands back (unsigned: the bot never verifies it, the directory's API does). */
const userJwt = (expSeconds: number) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: expSeconds, oid: SOREN.aadObjectId })).toString('base64url')}.sig`;
const EXCHANGED = userJwt(Math.floor(Date.now() / 1000) + 3600);

let auth: BotAuthFixture;
let connector: ConnectorRecorder;
let directory: FakeDirectory;
let desk: DeskUnderTest;
let exchanges: Array<{ query: Record<string, string>; token: unknown }> = [];
const interceptors: nock.Interceptor[] = [];

beforeAll(async () => {
  auth = installBotAuthFixture(APP_ID);
  connector = nockConnector(auth.serviceUrl);
  const service = nock(TOKEN_SERVICE).persist();
  const serve = (method: 'GET' | 'POST', path: string) => {
    const interceptor = service.intercept(path, method).query(true);
    interceptors.push(interceptor);
    return interceptor;
  };
  serve('POST', '/api/usertoken/exchange').reply((uri, body) => {
    const query = Object.fromEntries(new URL(uri, TOKEN_SERVICE).searchParams);
    const token = (body as { token?: unknown }).token;
    exchanges.push({ query, token });
    // The token service refuses a Teams token it cannot exchange (consent missing) with 400 and an error body.
    if (token !== 'good-teams-token') return [400, { error: { code: 'ServiceError', message: 'consent_required' } }];
    return [200, { channelId: 'msteams', connectionName: CONNECTION, token: EXCHANGED, expiration: new Date(Date.now() + 3600_000).toISOString() }];
  });
  serve('GET', '/api/usertoken/GetToken').reply((uri) => {
    const code = new URL(uri, TOKEN_SERVICE).searchParams.get('code');
    if (code === '123456') return [200, { channelId: 'msteams', connectionName: CONNECTION, token: EXCHANGED }];
    return [404, {}];
  });
  serve('GET', '/api/botsignin/GetSignInResource').reply(200, { signInLink: SIGN_IN_LINK, tokenExchangeResource: { id: 'x', uri: `api://botid-${APP_ID}` } });
});
afterAll(() => {
  for (const i of interceptors) nock.removeInterceptor(i);
  connector.close();
  auth.close();
});

describe('Teams SSO with MicrosoftAppId set (CON-3, SPEC 9)', () => {
  // Each test its own desk (tokens held in memory) and its own record of exchanges.
  beforeEach(async () => {
    exchanges = [];
    directory = fakeDirectory([ANNA]);
    desk = await startDesk({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret', MicrosoftAppType: 'MultiTenant', SSO_CONNECTION_NAME: CONNECTION },
      overrides: { directory },
    });
  });
  afterEach(async () => {
    await desk.stop();
    expect(auth.unmatched).toEqual([]);
  });

  const signed = () => ({ token: auth.signToken() });
  const search = (query: string) =>
    desk.invokeNamed('composeExtension/query', { commandId: 'searchExperts', parameters: [{ name: 'query', value: query }] }, signed());
  const exchange = (token: string) => desk.invokeNamed('signin/tokenExchange', { id: 'exchange-1', connectionName: CONNECTION, token }, signed());

  it("CON-3: a search without a token answers Teams' auth response with the sign-in link, and the directory is never called", async () => {
    const response = await search('anna');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      composeExtension: { type: 'auth', suggestedActions: { actions: [{ type: 'openUrl', value: SIGN_IN_LINK, title: 'Sign in' }] } },
    });
    expect(directory.calls).toHaveLength(0);
  });

  it('CON-3: a failing token exchange answers 412 with the documented body, so Teams shows a sign-in card', async () => {
    const response = await exchange('teams-token-without-consent');

    expect(response.status).toBe(412);
    expect(response.body).toEqual({ id: 'exchange-1', connectionName: CONNECTION, failureDetail: expect.stringMatching(/unable to exchange token/) });
    expect(exchanges.at(-1)).toEqual({ query: { userId: SOREN.id, connectionName: CONNECTION, channelId: 'msteams' }, token: 'teams-token-without-consent' });
    expect((await search('anna')).body.composeExtension.type).toBe('auth');
    expect(directory.calls).toHaveLength(0);
  });

  it('CON-3: a successful exchange answers 200 and opens the gate: the directory gets the exchanged token and the agent id', async () => {
    const response = await exchange('good-teams-token');
    expect(response.status).toBe(200);

    const found = await search('anna');

    expect(found.body.composeExtension.type).toBe('result');
    expect(found.body.composeExtension.attachments[0].preview.content.title).toBe('Anna Berg');
    expect(directory.calls).toEqual([{ method: 'search', query: 'anna', caller: { userId: SOREN.aadObjectId, token: EXCHANGED } }]);
    // Neither the Teams token nor the exchanged one is ever logged.
    expect(desk.logs.join('\n')).not.toContain(EXCHANGED);
    expect(desk.logs.join('\n')).not.toContain('good-teams-token');
  });

  it('CON-3: signin/verifyState with a magic code stores the token from the token service', async () => {
    const other = { id: '29:kaj', aadObjectId: 'a0a0a0a0-0000-4000-8000-000000000009', name: 'Kaj Munk' };
    expect((await desk.invokeNamed('signin/verifyState', { state: '999999' }, { ...signed(), user: other })).status).toBe(412);
    expect((await desk.invokeNamed('signin/verifyState', { state: '123456' }, { ...signed(), user: other })).status).toBe(200);
    const before = directory.calls.length;
    await desk.invokeNamed(
      'composeExtension/query',
      { commandId: 'searchExperts', parameters: [{ name: 'query', value: 'anna' }] },
      { ...signed(), user: other },
    );
    expect(directory.calls.slice(before)).toEqual([{ method: 'search', query: 'anna', caller: { userId: other.aadObjectId, token: EXCHANGED } }]);
  });

  it('CON-3: the local sign-in button is refused when MicrosoftAppId is set', async () => {
    const response = await desk.invoke(
      'sso.localSignIn',
      {},
      { ...signed(), user: { id: '29:eve', aadObjectId: 'a0a0a0a0-0000-4000-8000-00000000000e', name: 'Eve' } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 403, value: { code: 'Forbidden' } });
  });
});

describe('LOCAL_SIGNIN setting (CON-3)', () => {
  const env = (extra: Record<string, string>) => loadConfig({ DATA_FILE: 'x.json', ...extra }, ROOT, { dotEnv: false });
  const withAppId = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' };

  it('CON-3: LOCAL_SIGNIN=on with a MicrosoftAppId is refused at start-up', () => {
    expect(() => env({ ...withAppId, LOCAL_SIGNIN: 'on' })).toThrow(ConfigError);
    expect(() => env({ ...withAppId, LOCAL_SIGNIN: 'on' })).toThrow(/LOCAL_SIGNIN: must be off when MicrosoftAppId is set/);
  });

  it('CON-3: local sign-in is on by default only in anonymous mode, and can be turned off there', () => {
    expect(localSignInEnabled(env({}))).toBe(true);
    expect(localSignInEnabled(env({ LOCAL_SIGNIN: 'off' }))).toBe(false);
    expect(localSignInEnabled(env(withAppId))).toBe(false);
    expect(localSignInEnabled(env({ ...withAppId, LOCAL_SIGNIN: 'off' }))).toBe(false);
    expect(env({}).SSO_CONNECTION_NAME).toBe('');
  });
});

describe('SsoTokenStore', () => {
  it('keeps a JWT until a minute before its exp claim, read without verifying', () => {
    let now = new Date('2026-11-20T09:00:00Z');
    const store = new SsoTokenStore(() => now);
    const exp = Date.parse('2026-11-20T10:00:00Z') / 1000;
    const jwt = userJwt(exp);
    expect(jwtExpiry(jwt)).toEqual(new Date(exp * 1000));
    store.put('agent', jwt, new Date('2030-01-01T00:00:00Z')); // the claim wins over a fallback
    now = new Date('2026-11-20T09:58:59Z');
    expect(store.get('agent')).toBe(jwt);
    now = new Date('2026-11-20T09:59:01Z');
    expect(store.get('agent')).toBeUndefined();
  });

  it('gives an opaque token its fallback expiry, and nothing for another agent', () => {
    let now = new Date('2026-11-20T09:00:00Z');
    const store = new SsoTokenStore(() => now);
    expect(jwtExpiry('local-abc')).toBeUndefined();
    store.put('agent', 'local-abc', new Date('2026-11-20T10:00:00Z'));
    expect(store.get('other')).toBeUndefined();
    expect(store.get('agent')).toBe('local-abc');
    now = new Date('2026-11-20T10:00:00Z');
    expect(store.get('agent')).toBeUndefined();
  });
});
