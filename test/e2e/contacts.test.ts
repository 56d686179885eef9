import { describe, expect, it } from 'vitest';
import { goAvailable, useScene, type E2eDesk } from './e2e-desk.js';
import type { PlaygroundUser } from './playground.js';

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

/** The platform offers a contact in the tech queue, with a secure variable that must never show. */
const offer = (desk: E2eDesk, id: string, channel: string, from: string) =>
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

describe('an agent works a chat from popover to wrap-up in Teams (Agents Playground)', () => {
  const scene = useScene({ secret: SECRET, people: { agent: { user: AGENT, artifacts: 'contacts' } } });

  it('PO-1, PO-4, WRAP-1: Available, a chat pops up without the secure variable, Accept, End, a wrap-up code, Available again', async () => {
    const { desk } = scene;
    const teams = scene.teams('agent');
    await teams.waitForText('Welcome to AgentDesk', 30_000);

    // Step 1: the agent registers a phone and goes Available from the status card.
    await goAvailable(teams, '+4520304050');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Available');
    await teams.screenshot('01-available');

    // Step 2 (PO-1, PO-4): an offered chat pops up in the agent's chat, without the secure variable.
    expect(await offer(desk, 'e2e-chat-1', 'chat', 'Jane Doe')).toBe(202);
    await teams.waitForText('Contact requests');
    await teams.waitForText('Chat · Technical Support');
    await teams.waitForText('Router keeps restarting');
    expect(await teams.page.locator('body').innerText()).not.toContain('010203-9999');
    await teams.screenshot('02-popover');

    // Step 3: Accept shows the interaction card.
    await teams.clickCardButton(/^Accept$/);
    await teams.waitForText('Chat with Jane Doe');
    await teams.waitForText('Connected');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Engaged');
    await teams.screenshot('03-interaction');

    // Step 4 (WRAP-1): End turns the same card into the wrap-up, saying how it ended...
    await teams.clickCardButton(/^End$/);
    await teams.waitForText('Ended by you. Choose a wrap-up code to finish.');
    await teams.screenshot('04-wrap-up');

    // Step 5 (WRAP-1): ...and a wrap-up code returns the agent to Available.
    await teams.chooseInCard('Wrap-up code', 'Resolved');
    await teams.clickCardButton(/^Submit$/);
    await teams.waitForText('Wrapped up: Resolved.');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('Available');
    await teams.screenshot('05-wrapped-up');
  });
});

describe('stacked requests in Teams (Agents Playground)', () => {
  const scene = useScene({ secret: SECRET, people: { agent: { user: AGENT, artifacts: 'contacts-stacked' } } });

  it('PO-3: seven stacked requests show "1-5 of 7" and "Accept 7 requests" accepts them all', async () => {
    const { desk } = scene;
    const teams = scene.teams('agent');
    await teams.waitForText('Welcome to AgentDesk', 30_000);

    // Step 1: the agent registers a phone and goes Available from the status card.
    await goAvailable(teams, '+4520304050');
    await teams.screenshot('01-available');

    // Step 2 (PO-3): seven requests of three channels stack on one card, five at a time.
    const channels = ['chat', 'email', 'social', 'chat', 'email', 'social', 'chat'];
    for (const [i, channel] of channels.entries()) expect(await offer(desk, `e2e-stack-${i}`, channel, `Customer ${i + 1}`)).toBe(202);
    await teams.waitForText('1-5 of 7');
    await teams.screenshot('02-seven-stacked');

    // Step 3 (PO-3): "Accept 7 requests" takes them all.
    await teams.clickCardButton('Accept 7 requests');
    await teams.waitForText('No pending requests.');
    const agent = await desk.app.service.agent(AGENT.aadObjectId);
    expect(agent?.active).toHaveLength(7);
    expect(agent?.state).toBe('Engaged');
    await teams.screenshot('03-all-accepted');
  });
});
