import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryAuthError, DirectoryUnavailableError } from '../../src/directory/directory-port.js';
import { GraphDirectory } from '../../src/directory/graph-directory.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const TENANT = 'tenant-1';
const caller = { userId: 'agent-1', token: 'sso-token-of-agent-1' };
const NOW = new Date('2025-06-02T09:00:00.000Z');

const user = (id: string, givenName: string, surname: string, jobTitle: string, department: string, businessPhones: string[]) => ({
  id,
  givenName,
  surname,
  displayName: `${givenName} ${surname}`,
  jobTitle,
  department,
  businessPhones,
  mail: `${id}@contoso.example`,
});
const KJERSTI = user('kjersti', 'Kjersti', 'Dahl', 'Fibre network specialist', 'Fibre Installations', ['+47 22 45 67 89']);
const SOREN = user('soren', 'Søren', 'Østergaard', 'Billing specialist', 'Billing', ['+45 33 12 34 56']);

let sleeps: number[];
let guard: OfflineGuard;
const directory = () =>
  new GraphDirectory({ tenantId: TENANT, clientId: 'app-id', clientSecret: 'app-secret', now: () => NOW, sleep: async (ms) => void sleeps.push(ms) });

/** The OBO exchange; returns the form fields it received. */
function tokenEndpoint(times = 1): URLSearchParams[] {
  const bodies: URLSearchParams[] = [];
  nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .times(times)
    .reply(200, (_uri, body) => {
      bodies.push(new URLSearchParams(String(body)));
      return { token_type: 'Bearer', access_token: 'graph-token', expires_in: 3599 };
    });
  return bodies;
}

function presenceEndpoint(): string[][] {
  const batches: string[][] = [];
  nock(GRAPH)
    .post('/v1.0/communications/getPresencesByUserId')
    .times(10)
    .reply(200, (_uri, body) => {
      const ids = (body as { ids: string[] }).ids;
      batches.push(ids);
      return { value: ids.map((id) => ({ id, availability: 'Available', activity: 'Available' })) };
    });
  return batches;
}

beforeAll(() => {
  guard = goOffline();
});
afterAll(() => guard.close());
beforeEach(() => {
  sleeps = [];
});
afterEach(() => {
  nock.cleanAll();
  expect(guard.unmatched).toEqual([]);
});

describe('GraphDirectory', () => {
  it('CON-3: exchanges the agent SSO token on behalf of the agent, once per token lifetime', async () => {
    const bodies = tokenEndpoint();
    presenceEndpoint();
    nock(GRAPH)
      .get('/v1.0/users')
      .query(true)
      .times(2)
      .reply(200, { value: [KJERSTI] });
    const graph = directory();
    await graph.search('kjersti', caller);
    await graph.search('kjersti', caller);
    expect(bodies).toHaveLength(1);
    expect(Object.fromEntries(bodies[0]!)).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: 'app-id',
      client_secret: 'app-secret',
      assertion: 'sso-token-of-agent-1',
      scope: 'https://graph.microsoft.com/.default',
      requested_token_use: 'on_behalf_of',
    });
  });

  it('CON-3: searches users with $search, $select and ConsistencyLevel, then applies the CON-3 rules locally', async () => {
    tokenEndpoint();
    const presence = presenceEndpoint();
    let query: Record<string, string> = {};
    let headers: Record<string, unknown> = {};
    nock(GRAPH)
      .get('/v1.0/users')
      .query((q) => {
        query = q as Record<string, string>;
        return true;
      })
      .reply(function () {
        headers = this.req.headers;
        return [
          200,
          {
            value: [
              KJERSTI,
              user('kjerstin', 'Kjerstin', 'Aas', 'Field technician', 'Fibre Installations', []),
              // Graph's displayName search also finds surnames; CON-3 searches first names only.
              user('bjarne', 'Bjarne', 'Kjerstad', 'Recruiter', 'HR', ['+4722000001']),
            ],
          },
        ];
      });
    const found = await directory().search('kjer', caller);
    expect(query).toEqual({
      $search: '"displayName:kjer" OR "givenName:kjer" OR "jobTitle:kjer" OR "department:kjer"',
      $select: 'id,givenName,surname,displayName,jobTitle,department,businessPhones,mail',
      $top: '50',
    });
    expect(headers.consistencylevel).toBe('eventual');
    expect(headers.authorization).toBe('Bearer graph-token');
    expect(found.map((p) => p.id)).toEqual(['kjersti']);
    expect(found[0]!.presence).toEqual({ availability: 'Available', activity: 'Available', updatedAt: NOW.toISOString() });
    expect(presence).toEqual([['kjersti']]);
  });

  it('CON-3: a phone query keeps only the person whose work phone is the full number', async () => {
    tokenEndpoint();
    presenceEndpoint();
    let search = '';
    nock(GRAPH)
      .get('/v1.0/users')
      .query((q) => {
        search = String(q.$search);
        return true;
      })
      .reply(200, { value: [SOREN, user('other', 'Søs', 'Berg', 'Paralegal', 'Legal', ['+4533123457'])] });
    const found = await directory().search('0045 33123456', caller);
    expect(search).toBe('"displayName:0045 33123456" OR "givenName:0045 33123456" OR "jobTitle:0045 33123456" OR "department:0045 33123456"');
    expect(found.map((p) => p.id)).toEqual(['soren']);
  });

  it('CON-4: presence of 1,300 people is read in 2 requests of 650 ids', async () => {
    tokenEndpoint();
    const batches = presenceEndpoint();
    const ids = Array.from({ length: 1300 }, (_, i) => `user-${i}`);
    const presence = await directory().refreshPresence(ids, caller);
    expect(batches.map((b) => b.length)).toEqual([650, 650]);
    expect(batches.flat()).toEqual(ids);
    expect(Object.keys(presence)).toHaveLength(1300);
    expect(presence['user-1299']).toEqual({ availability: 'Available', activity: 'Available', updatedAt: NOW.toISOString() });
  });

  it('CON-4: a 429 is retried after Retry-After seconds', async () => {
    tokenEndpoint();
    nock(GRAPH)
      .post('/v1.0/communications/getPresencesByUserId')
      .reply(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '2' });
    presenceEndpoint();
    const presence = await directory().refreshPresence(['kjersti'], caller);
    expect(sleeps).toEqual([2000]);
    expect(presence.kjersti?.availability).toBe('Available');
  });

  it('CON-4: throttled past 3 retries gives DirectoryUnavailableError', async () => {
    tokenEndpoint();
    const scope = nock(GRAPH).post('/v1.0/communications/getPresencesByUserId').times(4).reply(429, {}, { 'Retry-After': '1' });
    await expect(directory().refreshPresence(['kjersti'], caller)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect(sleeps).toEqual([1000, 1000, 1000]);
    expect(scope.isDone()).toBe(true);
  });

  const consent: Array<[string, object]> = [
    [
      'AADSTS65001 invalid_grant',
      {
        error: 'invalid_grant',
        error_description: 'AADSTS65001: The user or administrator has not consented to use the application.\r\nTrace ID: x',
        suberror: 'consent_required',
      },
    ],
    [
      'interaction_required',
      {
        error: 'interaction_required',
        error_description: 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.',
      },
    ],
  ];
  it.each(consent)('CON-3: an OBO %s answer is DirectoryAuthError consent', async (_name, body) => {
    nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(400, body);
    const error = await directory()
      .search('kjersti', caller)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryAuthError);
    expect(error).toMatchObject({ reason: 'consent' });
  });

  it('CON-3: an expired SSO token (invalid_grant without consent) is DirectoryAuthError token', async () => {
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(400, { error: 'invalid_grant', error_description: 'AADSTS500133: Assertion is not within its valid time range.' });
    await expect(directory().search('kjersti', caller)).rejects.toMatchObject({ name: 'DirectoryAuthError', reason: 'token' });
  });

  it('CON-3: a 401 from Graph is DirectoryAuthError token, and the cached Graph token is dropped', async () => {
    const bodies = tokenEndpoint(2);
    nock(GRAPH)
      .get('/v1.0/users')
      .query(true)
      .reply(401, { error: { code: 'InvalidAuthenticationToken' } });
    const graph = directory();
    await expect(graph.search('kjersti', caller)).rejects.toMatchObject({ name: 'DirectoryAuthError', reason: 'token' });
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    await expect(graph.search('kjersti', caller)).resolves.toEqual([]);
    expect(bodies).toHaveLength(2);
  });

  it('CON-3: never calls Microsoft without the agent token', async () => {
    await expect(directory().search('kjersti', { userId: 'agent-1', token: '' })).rejects.toMatchObject({ reason: 'token' });
    await expect(directory().refreshPresence(['kjersti'], { userId: 'agent-1', token: '' })).rejects.toBeInstanceOf(DirectoryAuthError);
  });

  it('gets people by id with presence, 15 ids per $filter', async () => {
    tokenEndpoint();
    presenceEndpoint();
    const filters: string[] = [];
    nock(GRAPH)
      .get('/v1.0/users')
      .query((q) => {
        filters.push(String(q.$filter));
        return true;
      })
      .times(2)
      .reply(200, (uri) => ({ value: uri.includes('soren') ? [SOREN] : [KJERSTI] }));
    const ids = ['kjersti', ...Array.from({ length: 14 }, (_, i) => `gone-${i}`), 'soren'];
    const people = await directory().get(ids, caller);
    expect(filters).toHaveLength(2);
    expect(filters[1]).toBe("id in ('soren')");
    expect(people.map((p) => [p.id, p.presence?.availability])).toEqual([
      ['kjersti', 'Available'],
      ['soren', 'Available'],
    ]);
  });
});
