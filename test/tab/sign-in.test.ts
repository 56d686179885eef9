import type { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type CryptoKey = webcrypto.CryptoKey;
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const DOMAIN = 'desk.contoso.example';
const RESOURCE = `api://${DOMAIN}/botid-${APP_ID}`;
const AGENT_ID = '5e1d1a3c-7a43-4c1e-9f63-3b5a0f4c2a11';
const NOW = new Date('2026-11-20T09:00:00.000Z');
const KID = 'test-key-1';

let desk: DeskUnderTest;
let offline: OfflineGuard;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let metadataReads = 0;

/** A token as Entra issues it for the tab (v2.0), with any claim replaced or removed (undefined). */
async function token(claims: Record<string, unknown> = {}, options: { key?: CryptoKey; kid?: string; expiresIn?: number } = {}): Promise<string> {
  const iat = Math.floor(NOW.getTime() / 1000);
  const payload: Record<string, unknown> = {
    aud: RESOURCE,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    oid: AGENT_ID,
    name: 'Åsa Lindqvist',
    preferred_username: 'asa@contoso.example',
    iat,
    nbf: iat,
    exp: iat + (options.expiresIn ?? 3600),
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload as never).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID, typ: 'JWT' }).sign(options.key ?? signingKey);
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${desk.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

beforeAll(async () => {
  offline = goOffline();
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', alg: 'RS256' };
  // Entra's tenant-independent metadata and the key set it names.
  nock('https://login.microsoftonline.com')
    .persist()
    .get('/common/v2.0/.well-known/openid-configuration')
    .reply(() => {
      metadataReads++;
      return [
        200,
        {
          issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
          jwks_uri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
          id_token_signing_alg_values_supported: ['RS256'],
        },
      ];
    })
    .get('/common/discovery/v2.0/keys')
    .reply(200, { keys: [jwk] });
  desk = await startDesk({
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      BOT_DOMAIN: DOMAIN,
    },
    startAt: NOW.toISOString(),
  });
});

afterEach(() => expect(offline.unmatched).toEqual([]));

afterAll(async () => {
  await desk?.stop();
  nock.cleanAll();
  offline?.close();
});

describe('Desk tab sign-in: Teams SSO tokens checked before any data', () => {
  it('a valid token signed with a key Entra publishes gets the desk of the person it names', async () => {
    const answer = await get('/api/tab/desk', bearer(await token()));
    expect(answer.status).toBe(200);
    expect(answer.body.me).toEqual({ id: AGENT_ID, name: 'Åsa Lindqvist' });
    expect(answer.body.status.state).toBe('LoggedOut');
    // The keys were found through the tenant-independent metadata, once.
    expect(metadataReads).toBe(1);
  });

  it('a v2.0 token whose audience is the app id (as Entra issues them) also passes', async () => {
    const answer = await get('/api/tab/desk', bearer(await token({ aud: APP_ID })));
    expect(answer.status).toBe(200);
    expect(answer.body.me.id).toBe(AGENT_ID);
  });

  it('a v1.0 token (issuer sts.windows.net of its tenant) passes', async () => {
    const answer = await get('/api/tab/desk', bearer(await token({ iss: `https://sts.windows.net/${TENANT}/` })));
    expect(answer.status).toBe(200);
  });

  const refusals: Array<[string, () => Promise<Record<string, string>>]> = [
    ['no token at all', async () => ({})],
    ['a header that is not a bearer token', async () => ({ authorization: `Basic ${Buffer.from('asa:secret').toString('base64')}` })],
    ['a token that is not a JWT', async () => bearer('not-a-token')],
    ['an expired token', async () => bearer(await token({}, { expiresIn: -120 }))],
    ['a token not yet valid', async () => bearer(await token({ nbf: Math.floor(NOW.getTime() / 1000) + 600 }))],
    ['a token for another audience', async () => bearer(await token({ aud: 'api://elsewhere.example/botid-0f8fad5b-d9cb-469f-a165-70867728950e' }))],
    ['a token from another issuer', async () => bearer(await token({ iss: 'https://login.example.com/v2.0' }))],
    ['a token whose issuer is another tenant than its tid', async () => bearer(await token({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))],
    ['a token from another tenant', async () => bearer(await token({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))],
    ['a token with a bad signature (signed by a key Entra does not publish)', async () => bearer(await token({}, { key: strangerKey }))],
    [
      'a token whose payload was changed after signing',
      async () => {
        const [header, , signature] = (await token()).split('.');
        const forged = Buffer.from(JSON.stringify({ aud: RESOURCE, oid: '00000000-0000-4000-8000-00000000dead', tid: TENANT })).toString('base64url');
        return bearer(`${header}.${forged}.${signature}`);
      },
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({ aud: RESOURCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: AGENT_ID }),
        ).toString('base64url');
        return bearer(`${header}.${payload}.`);
      },
    ],
    ['a token without an object id', async () => bearer(await token({ oid: undefined }))],
    ['the development identity header (only honoured without an app id)', async () => ({ 'x-agentdesk-dev-user': AGENT_ID })],
  ];

  it.each(refusals)('%s gets 401 and no data', async (_label, headers) => {
    const sent = await headers();
    for (const path of ['/api/tab/desk', '/api/tab/board', '/api/tab/events?view=desk']) {
      const answer = await get(path, sent);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).toEqual({ error: { code: 'Unauthorized', message: 'Sign in to AgentDesk in Teams.' } });
    }
  });

  it('a refused press changes nothing: the status stays as it was', async () => {
    const response = await fetch(`${desk.url}/api/tab/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await token({}, { key: strangerKey })) },
      body: JSON.stringify({ verb: 'status.set', data: { state: 'Break' } }),
    });
    expect(response.status).toBe(401);
    expect((await desk.app.service.agent(AGENT_ID))?.state).toBe('LoggedOut');
  });

  it('the page learns it must use Teams sign-in (no development identities are offered)', async () => {
    expect(await get('/api/tab/setup')).toEqual({ status: 200, body: { mode: 'teams' } });
  });
});
