import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBotAuthFixture, type BotAuthFixture } from '../support/bot-auth.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { cardOf, cardTexts, startDesk, type DeskUnderTest } from '../support/desk-harness.js';

const APP_ID = '8f2b8c5e-2d5a-4a51-9d0e-2f1c7b3a9e41';
let auth: BotAuthFixture;
let connector: ConnectorRecorder;
let desk: DeskUnderTest;

beforeAll(async () => {
  auth = installBotAuthFixture(APP_ID);
  connector = nockConnector(auth.serviceUrl);
  desk = await startDesk({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret', MicrosoftAppType: 'MultiTenant' } });
});
afterAll(async () => {
  await desk.stop();
  connector.close();
  auth.close();
});

const now = () => Math.floor(Date.now() / 1000);

describe('POST /api/messages with MicrosoftAppId set (SPEC 9 authentication)', () => {
  it('a correctly signed Bot Framework token passes and the bot answers through the connector', async () => {
    const response = await desk.message('status', { token: auth.signToken() });
    expect(response.status).toBe(200);
    const reply = connector.activities().at(-1);
    expect(cardTexts(cardOf(reply))).toContain('Your status');
    // The reply used the app's own access token from the (nocked) Entra token endpoint.
    expect(connector.calls.at(-1)?.authorization).toMatch(/^Bearer /);
    expect(auth.unmatched).toEqual([]);
  });

  it('a turn answers through the connector its activity came from, though turns reuse their connector clients', async () => {
    const other = nockConnector('https://smba.example.net/emea/');
    try {
      const replies = async (serviceUrl: string) => {
        const response = await desk.message('status', { token: auth.signToken({ serviceurl: serviceUrl }), serviceUrl });
        expect(response.status).toBe(200);
      };
      const here = connector.activities().length;
      await replies(auth.serviceUrl);
      await replies('https://smba.example.net/emea/');
      await replies(auth.serviceUrl);
      expect(connector.activities().length - here).toBe(2);
      expect(other.activities()).toHaveLength(1);
      expect(cardTexts(cardOf(other.activities()[0]))).toContain('Your status');
      expect(other.calls[0]?.authorization).toMatch(/^Bearer /);
    } finally {
      other.close();
    }
  });

  const refused: Array<[string, () => string | undefined, RegExp]> = [
    ['no token at all', () => undefined, /bearer token is required/],
    ['a token signed with another key', () => auth.signToken({ key: 'other' }), /invalid signature/],
    ['a token for another audience', () => auth.signToken({ aud: '11111111-2222-3333-4444-555555555555' }), /Invalid AppId/],
    ['a token from another issuer', () => auth.signToken({ iss: 'https://evil.example.com' }), /No valid identity/],
    ['an expired token (beyond the 5-minute skew)', () => auth.signToken({ exp: now() - 600, nbf: now() - 4000 }), /expired/],
    ['a token that is not valid yet', () => auth.signToken({ nbf: now() + 3600 }), /not active/],
    ['a token whose key id is unknown', () => auth.signToken({ kid: 'unknown-key' }), /Signing Key could not be retrieved/],
    ['garbage instead of a JWT', () => 'not.a.jwt', /No valid identity|jwt malformed|invalid/i],
  ];
  it.each(refused)('%s gets 401, without a stack, and the bot never runs', async (_name, token, reason) => {
    const before = connector.activities().length;
    const value = token();
    const response = await desk.message('status', value ? { token: value } : {});
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).toMatch(reason);
    expect(JSON.stringify(response.body)).not.toMatch(/\s+at\s+\S+\s\(/);
    expect(connector.activities()).toHaveLength(before);
  });
});
