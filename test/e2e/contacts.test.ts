import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, goAvailable, startE2eDesk, type E2eDesk } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

const SECRET = 'e2e-platform-secret-0123456789ab';

const AGENT: PlaygroundUser = {
  id: 'pg-agent-mette',
  name: 'Mette Holm',
  aadObjectId: '7d2c3e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  givenName: 'Mette',
  surname: 'Holm',
  email: 'mette.holm@contoso.example',
  userPrincipalName: 'mette.holm@contoso.example',
};

let desk: E2eDesk;
let teams: PlaygroundSession;

const offer = (id: string, channel: string, from: string) =>
  desk.platform({
    type: 'contact.offered',
    contact: {
      id,
      channel,
      kind: 'inbound',
      queue: 'tech',
      from,
      variables: [
        { name: 'customerName', label: 'Customer', value: from },
        { name: 'reason', label: 'Reason', value: 'Router keeps restarting' },
        { name: 'cpr', label: 'National ID', value: '010203-9999', secure: true },
      ],
    },
  });

beforeAll(async () => {
  desk = await startE2eDesk(SECRET);
  teams = await startPlayground({
    botEndpoint: desk.endpoint,
    port: await freePort(),
    user: AGENT,
    workDir: join(desk.dir, 'playground'),
    artifactsDir: join(ARTIFACTS, 'contacts'),
  });
  await teams.waitForText('Welcome to AgentDesk', 30_000);
});

afterAll(async () => {
  await teams?.stop();
  await desk?.stop();
});

describe('an agent works a chat from popover to wrap-up in Teams (Agents Playground)', () => {
  it('the agent registers a phone and goes Available from the status card', async () => {
    await goAvailable(teams, '+4520304050');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Available');
  });

  it("PO-1, PO-4: an offered chat pops up in the agent's chat, without the secure variable", async () => {
    expect(await offer('e2e-chat-1', 'chat', 'Jane Doe')).toBe(202);
    await teams.waitForText('Contact requests');
    await teams.waitForText('Chat · Technical Support');
    await teams.waitForText('Router keeps restarting');
    expect(await teams.page.locator('body').innerText()).not.toContain('010203-9999');
    await teams.screenshot('01-popover');
  });

  it('Accept shows the interaction card', async () => {
    await teams.clickCardButton(/^Accept$/);
    await teams.waitForText('Chat with Jane Doe');
    await teams.waitForText('Connected');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Engaged');
    await teams.screenshot('02-interaction');
  });

  it('WRAP-1: End shows wrap-up, and a wrap-up code returns the agent to Available', async () => {
    await teams.clickCardButton(/^End$/);
    await teams.waitForText('has ended. Choose a wrap-up code to finish.');
    await teams.screenshot('03-wrap-up');
    await teams.chooseInCard('Wrap-up code', 'Resolved');
    await teams.clickCardButton(/^Submit$/);
    await teams.waitForText('Wrapped up: Resolved.');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Available');
    await teams.screenshot('04-wrapped-up');
  });

  it('PO-3: seven stacked requests show "1-5 of 7" and "Accept 7 requests" accepts them all', async () => {
    const channels = ['chat', 'email', 'social', 'chat', 'email', 'social', 'chat'];
    for (const [i, channel] of channels.entries()) expect(await offer(`e2e-stack-${i}`, channel, `Customer ${i + 1}`)).toBe(202);
    await teams.waitForText('1-5 of 7');
    await teams.screenshot('05-seven-stacked');
    await teams.clickCardButton('Accept 7 requests');
    await teams.waitForText('No pending requests.');
    const agent = await desk.app.service.agent(AGENT.aadObjectId);
    expect(agent?.active).toHaveLength(7);
    expect(agent?.state).toBe('Engaged');
    await teams.screenshot('06-all-accepted');
  });
});
