import { describe, expect, it } from 'vitest';
import { goAvailable, useScene } from './e2e-desk.js';
import type { PlaygroundUser } from './playground.js';

const SECRET = 'e2e-platform-secret-consult-0123';

const AGENT: PlaygroundUser = {
  id: 'pg-agent-lars',
  name: 'Lars Nygaard',
  aadObjectId: '3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  givenName: 'Lars',
  surname: 'Nygaard',
  email: 'lars.nygaard@contoso.example',
  userPrincipalName: 'lars.nygaard@contoso.example',
};
/** The expert from the shipped directory (directory/people.json), signed in to her own Teams. */
const EXPERT: PlaygroundUser = {
  id: 'pg-expert-kjersti',
  name: 'Kjersti Dahl',
  aadObjectId: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f',
  givenName: 'Kjersti',
  surname: 'Dahl',
  email: 'kjersti.dahl@contoso.example',
  userPrincipalName: 'kjersti.dahl@contoso.example',
};

describe('an agent on a call consults an expert in Teams and transfers the call (two Playground instances)', () => {
  const scene = useScene({
    secret: SECRET,
    people: {
      agent: { user: AGENT, otherUsers: [EXPERT], artifacts: 'consult/agent' },
      expert: { user: EXPERT, otherUsers: [AGENT], artifacts: 'consult/expert' },
    },
  });

  it('BN-1, CON-3, CON-5, CON-6, XFER-1: on a call the agent signs in, finds the expert, consults her, she accepts, and the agent transfers the call to her', async () => {
    const { desk } = scene;
    const agent = scene.teams('agent');
    const expert = scene.teams('expert');
    await agent.waitForText('Welcome to AgentDesk', 30_000);
    await expert.waitForText('Welcome to AgentDesk', 30_000);

    // Step 1: the agent goes Available and a call is answered on their phone.
    await goAvailable(agent, '+4520304050');
    expect(
      await desk.platform({
        type: 'contact.offered',
        contact: {
          id: 'e2e-call',
          channel: 'voice',
          kind: 'inbound',
          queue: 'tech',
          from: '+4799887766',
          variables: [{ name: 'reason', label: 'Reason', value: 'No signal on the fibre line' }],
        },
      }),
    ).toBe(202);
    await agent.waitForText('Ringing');
    expect(await desk.platform({ type: 'contact.answered', contactId: 'e2e-call' })).toBe(202);
    await agent.waitForText('Call with +4799887766');
    await agent.waitForText('Connected');
    // BN-1: the organization's noise removal, shown on the call as text, nothing to press.
    await agent.waitForText('Background noise removal: On. Your organization sets this; ask your administrator to change it.');
    expect(await agent.page.getByRole('button', { name: /noise/i }).count()).toBe(0);
    await agent.screenshot('01-on-a-call');

    // Step 2 (CON-3): the expert search asks for sign-in first...
    const card = agent.page.locator('.ac-adaptiveCard', { hasText: 'Call with +4799887766' }).last();
    await card.getByLabel(/Find an expert/).fill('fibre inst');
    await agent.clickCardButton('Search experts');
    await agent.waitForText('Local sign-in (development only)');
    await agent.screenshot('02-sign-in-required');

    // Step 3 (CON-3): ...then finds the expert by department.
    await agent.clickCardButton(/Sign in/);
    const again = agent.page.locator('.ac-adaptiveCard', { hasText: 'Call with +4799887766' }).last();
    await again.getByLabel(/Find an expert/).fill('fibre inst');
    await agent.clickCardButton('Search experts');
    await agent.waitForText('Kjersti Dahl');
    await agent.waitForText('Fibre network specialist · Fibre Installations');
    await agent.screenshot('03-experts-found');

    // Step 4 (CON-5): Consult puts the customer on hold and the expert gets the request in her own chat.
    // Several people work in Fibre Installations: each button names whom it consults.
    await agent.clickCardButton('Consult Kjersti');
    await agent.waitForText('Consult requested');
    await agent.screenshot('04-consult-requested');
    await expert.waitForText('Lars Nygaard asks you to consult on a call', 15_000);
    await expert.waitForText('No signal on the fibre line');
    await expert.screenshot('01-consult-request');

    // Step 5 (CON-6): the expert accepts; the agent sees Consulting with Transfer enabled.
    await expert.clickCardButton(/^Accept$/);
    await expert.waitForText('You are consulting.');
    await expert.screenshot('02-consulting');
    await agent.waitForText('Consulted: Kjersti Dahl · Consulting', 15_000);
    const transfer = agent.page.getByRole('button', { name: 'Transfer', exact: true }).last();
    await expect.poll(() => transfer.isEnabled(), { timeout: 5_000 }).toBe(true);
    await agent.screenshot('05-consulting');

    // Step 6 (XFER-1): the agent transfers and ends in wrap-up while the expert has the call.
    await agent.clickCardButton('Transfer');
    await agent.waitForText('Transferred to Kjersti Dahl', 15_000);
    await agent.waitForText('Choose a wrap-up code to finish.', 15_000);
    await expert.waitForText('Call with +4799887766', 15_000);
    const [call] = await desk.app.service.contacts(['e2e-call']);
    expect(call).toMatchObject({ agentId: EXPERT.aadObjectId, status: 'connected' });
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('WrapUp');
    await agent.screenshot('06-agent-wrap-up');
    await expert.screenshot('03-expert-has-the-call');
  });
});
