import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import shipped from '../../config/desk.json' with { type: 'json' };
import { parseDeskConfig } from '../../src/desk-config.js';
import { GraphAppInstaller } from '../../src/leads/app-installer.js';
import { cardActions, cardTexts, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const TEAMS_APP_ID = 'a1a1a1a1-0000-4000-8000-0000000000aa';
const CATALOG_ID = 'catalog-app-1';
const GRAPH = 'https://graph.microsoft.com';
const LEAD: TestUser = { id: '29:greta', aadObjectId: 'f0f0f0f0-0000-4000-8000-00000000000a', name: 'Greta Lead' };
const AGENT: TestUser = { id: '29:aksel', aadObjectId: 'f0f0f0f0-0000-4000-8000-00000000000b', name: 'Aksel Agent' };
// Never opened AgentDesk: no conversation until the install brings one.
const NEWCOMER: TestUser = { id: '29:nora', aadObjectId: 'f0f0f0f0-0000-4000-8000-00000000000c', name: 'Nora Newcomer' };
const desk = parseDeskConfig(
  {
    ...shipped,
    teams: [{ id: 'support', name: 'Support', channels: ['chat'], members: [AGENT.aadObjectId, NEWCOMER.aadObjectId], leads: [LEAD.aadObjectId] }],
    defaultTeam: 'support',
  },
  'test',
);
const installer = () =>
  new GraphAppInstaller({
    tenantId: TENANT,
    clientId: 'app-client-id',
    clientSecret: 'app-secret',
    teamsAppId: TEAMS_APP_ID,
    retry: { sleep: async () => undefined, maxRetries: 1, maxWaitMs: 0 },
  });

const fx = useDesk(() => ({ overrides: { desk, appInstaller: installer() } }));
afterEach(() => {
  nock.cleanAll();
});

/** Entra's token and the app catalog, as Graph answers them for the app. */
function nockTokenAndCatalog(): nock.Scope[] {
  return [
    nock('https://login.microsoftonline.com')
      .post(
        `/${TENANT}/oauth2/v2.0/token`,
        (body: Record<string, string>) => body.grant_type === 'client_credentials' && body.scope === 'https://graph.microsoft.com/.default',
      )
      .reply(200, { access_token: 'graph-token', expires_in: 3600 }),
    nock(GRAPH)
      .get('/v1.0/appCatalogs/teamsApps')
      .query({ $filter: `externalId eq '${TEAMS_APP_ID}'` })
      .matchHeader('authorization', 'Bearer graph-token')
      .reply(200, { value: [{ id: CATALOG_ID, externalId: TEAMS_APP_ID }] }),
  ];
}

const factsOf = (card: unknown) => new Map(cardTexts(card).flatMap((t) => (t.includes(': ') ? [t.split(': ') as [string, string]] : [])));

describe('MSG-2: installing the app with Microsoft Graph for recipients who lack it', () => {
  it('MSG-2: a "not installed" recipient gets the app through Graph users/{id}/teamwork/installedApps, and the message once the install’s conversation arrives', async () => {
    await fx.desk.install({ user: LEAD });
    await fx.desk.install({ user: AGENT });
    await fx.desk.message('post', { user: LEAD });
    const draftId = cardActions(fx.lastCardFor(LEAD)).find((a) => a.verb === 'message.send')?.data.draftId as string;
    const posted = await fx.desk.invoke(
      'message.send',
      { draftId, audience: 'team:support', text: 'Welcome aboard, everyone', importance: 'normal' },
      { user: LEAD },
    );
    const broadcastId = cardActions(posted.body.value).find((a) => a.verb === 'report.refresh')?.data.broadcastId as string;
    await fx.desk.app.outbox.drain();

    const before = (await fx.desk.invoke('report.refresh', { broadcastId }, { user: LEAD })).body.value;
    expect(factsOf(before).get('Not installed')).toBe('1');
    const install = cardActions(before).find((a) => a.verb === 'report.install');
    expect(install?.title).toBe('Install AgentDesk for 1 not installed');

    const installs: unknown[] = [];
    const scopes = [
      ...nockTokenAndCatalog(),
      nock(GRAPH)
        .post(`/v1.0/users/${NEWCOMER.aadObjectId}/teamwork/installedApps`)
        .matchHeader('authorization', 'Bearer graph-token')
        .reply(201, (_uri, body) => {
          installs.push(body);
          return {};
        }),
    ];
    const pressed = await fx.desk.invoke('report.install', install!.data, { user: LEAD });
    expect(cardTexts(pressed.body.value)).toContain('Installing AgentDesk for 1: their messages go out as soon as the app is installed.');
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(installs).toEqual([{ 'teamsApp@odata.bind': `${GRAPH}/v1.0/appCatalogs/teamsApps/${CATALOG_ID}` }]);
    expect(factsOf(pressed.body.value).get('Installing')).toBe('1');
    // Nothing reaches the newcomer before Teams brings the install's conversation.
    expect(fx.lastCardFor(NEWCOMER, (card) => cardTexts(card).includes('Welcome aboard, everyone'))).toBeUndefined();

    // Teams tells the bot it was installed: the waiting message goes out, once.
    await fx.desk.install({ user: NEWCOMER });
    await fx.desk.app.outbox.drain();
    const delivered = fx.connector.calls.filter(
      (c) =>
        c.method === 'POST' && decodeURIComponent(c.path).includes(`personal-${NEWCOMER.id}`) && JSON.stringify(c.body).includes('Welcome aboard, everyone'),
    );
    expect(delivered).toHaveLength(1);
    const after = factsOf((await fx.desk.invoke('report.refresh', { broadcastId }, { user: LEAD })).body.value);
    expect(after.get('Sent')).toBe('2');
    expect(after.get('Not installed')).toBe('0');
  });

  it('MSG-2: an install Graph refuses is reported on the report card with its reason; the recipient stays "not installed"', async () => {
    await fx.desk.install({ user: LEAD });
    const posted = await fx.desk.invoke('message.send', { draftId: 'refused-1', audience: 'led', text: 'Anyone there?', importance: 'normal' }, { user: LEAD });
    const broadcastId = cardActions(posted.body.value).find((a) => a.verb === 'report.refresh')?.data.broadcastId as string;
    await fx.desk.app.outbox.drain();
    nockTokenAndCatalog();
    // The newcomer left the tenant meanwhile; the other agent is refused by policy.
    nock(GRAPH)
      .post(`/v1.0/users/${NEWCOMER.aadObjectId}/teamwork/installedApps`)
      .reply(404, { error: { code: 'Request_ResourceNotFound' } });
    nock(GRAPH)
      .post(`/v1.0/users/${AGENT.aadObjectId}/teamwork/installedApps`)
      .reply(403, { error: { code: 'Forbidden' } });
    const pressed = await fx.desk.invoke('report.install', { broadcastId }, { user: LEAD });
    const texts = cardTexts(pressed.body.value);
    expect(texts.some((t) => /^AgentDesk could not be installed for 2 \(HTTP 40[34]\)\.$/.test(t))).toBe(true);
    expect(factsOf(pressed.body.value).get('Not installed')).toBe('2');
    expect(factsOf(pressed.body.value).get('Installing')).toBeUndefined();
  });
});
