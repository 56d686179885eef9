import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphReadiness } from '../../src/directory/directory-readiness.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startDesk } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const GRAPH_SETTINGS = {
  DIRECTORY_SOURCE: 'graph',
  MicrosoftAppId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  MicrosoftAppPassword: 'app-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: TENANT,
};
const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

let offline: OfflineGuard;
beforeEach(() => {
  offline = goOffline();
});
afterEach(() => {
  nock.cleanAll();
  offline.close();
});

describe('/healthz and /readyz', () => {
  it('/readyz answers 503 with the reason when the store cannot be written; /healthz still says the process lives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-ready-'));
    const dataDir = join(dir, 'data');
    const store = await LowdbStore.open(join(dataDir, 'desk.json'));
    const desk = await startDesk({ store });
    try {
      expect(await get(`${desk.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
      // The data folder disappears under the desk (an unmounted volume); even root cannot write there now.
      await rm(dataDir, { recursive: true });
      await writeFile(dataDir, 'not a folder');
      expect(await get(`${desk.url}/readyz`)).toEqual({
        status: 503,
        body: { status: 'unavailable', reason: 'store', message: 'The store does not answer.' },
      });
      expect(await get(`${desk.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
      const logged = desk.logs.map((l) => JSON.parse(l)).find((l) => l.event === 'readiness.failed');
      expect(logged).toMatchObject({ level: 'warn', reason: 'store', error: 'StoreUnavailableError' });
    } finally {
      await desk.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with DIRECTORY_SOURCE=graph, /readyz asks Entra and Graph, and is 503 while Graph fails', async () => {
    const desk = await startDesk({ env: GRAPH_SETTINGS });
    try {
      const entra = nock('https://login.microsoftonline.com').get(`/${TENANT}/v2.0/.well-known/openid-configuration`).reply(200, { issuer: 'x' });
      const graphDown = nock('https://graph.microsoft.com').get('/v1.0/').reply(503, {});
      expect(await get(`${desk.url}/readyz`)).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'directory' } });
      expect(entra.isDone() && graphDown.isDone()).toBe(true);

      nock('https://login.microsoftonline.com').get(`/${TENANT}/v2.0/.well-known/openid-configuration`).reply(200, { issuer: 'x' });
      // An anonymous call is refused with 401: Graph answers, which is all readiness needs.
      nock('https://graph.microsoft.com')
        .get('/v1.0/')
        .reply(401, { error: { code: 'InvalidAuthenticationToken' } });
      expect(await get(`${desk.url}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
      expect(offline.unmatched).toEqual([]);
    } finally {
      await desk.stop();
    }
  });
});

describe('graphReadiness', () => {
  it('fails for a tenant Entra does not know, remembers a success for a minute, then asks again', async () => {
    let now = 0;
    const check = graphReadiness({ tenantId: TENANT, now: () => now });
    nock('https://login.microsoftonline.com').get(`/${TENANT}/v2.0/.well-known/openid-configuration`).reply(400, { error: 'invalid_tenant' });
    nock('https://graph.microsoft.com').get('/v1.0/').reply(401, {});
    await expect(check()).rejects.toThrow(/Entra sign-in metadata of the tenant answered 400/);

    const entra = nock('https://login.microsoftonline.com').get(`/${TENANT}/v2.0/.well-known/openid-configuration`).times(2).reply(200, {});
    nock('https://graph.microsoft.com').get('/v1.0/').times(2).reply(401, {});
    await check();
    now = 59_000;
    await check(); // remembered: nothing asked
    expect(entra.pendingMocks()).toHaveLength(1);
    now = 61_000;
    await check();
    expect(entra.isDone()).toBe(true);
  });

  it('fails when Microsoft cannot be reached at all', async () => {
    const check = graphReadiness({ tenantId: TENANT });
    nock('https://login.microsoftonline.com').get(`/${TENANT}/v2.0/.well-known/openid-configuration`).replyWithError('getaddrinfo ENOTFOUND');
    nock('https://graph.microsoft.com').get('/v1.0/').reply(401, {});
    await expect(check()).rejects.toThrow();
  });
});
