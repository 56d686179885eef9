import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, goAvailable, startE2eDesk, type E2eDesk } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

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

let desk: E2eDesk;
let agent: PlaygroundSession;
let expert: PlaygroundSession;

beforeAll(async () => {
  desk = await startE2eDesk(SECRET);
  // Two people, two Teams: each Playground instance is one signed-in person.
  const artifacts = join(ARTIFACTS, 'consult');
  agent = await startPlayground({
    botEndpoint: desk.endpoint,
    port: await freePort(),
    user: AGENT,
    otherUsers: [EXPERT],
    workDir: join(desk.dir, 'agent'),
    artifactsDir: join(artifacts, 'agent'),
  });
  expert = await startPlayground({
    botEndpoint: desk.endpoint,
    port: await freePort(),
    user: EXPERT,
    otherUsers: [AGENT],
    workDir: join(desk.dir, 'expert'),
    artifactsDir: join(artifacts, 'expert'),
  });
  await agent.waitForText('Welcome to AgentDesk', 30_000);
  await expert.waitForText('Welcome to AgentDesk', 30_000);
});

afterAll(async () => {
  await agent?.stop();
  await expert?.stop();
  await desk?.stop();
});

describe('an agent on a call consults an expert in Teams and transfers the call (two Playground instances)', () => {
  it('the agent goes Available and a call is answered on their phone', async () => {
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
  });

  it('CON-3: the expert search asks for sign-in first, then finds the expert by department', async () => {
    const card = agent.page.locator('.ac-adaptiveCard', { hasText: 'Call with +4799887766' }).last();
    await card.getByLabel(/Find an expert/).fill('fibre inst');
    await agent.clickCardButton('Search experts');
    await agent.waitForText('Local sign-in (development only)');
    await agent.screenshot('01-sign-in-required');
    await agent.clickCardButton(/Sign in/);
    const again = agent.page.locator('.ac-adaptiveCard', { hasText: 'Call with +4799887766' }).last();
    await again.getByLabel(/Find an expert/).fill('fibre inst');
    await agent.clickCardButton('Search experts');
    await agent.waitForText('Kjersti Dahl');
    await agent.waitForText('Fibre network specialist · Fibre Installations');
    await agent.screenshot('02-experts-found');
  });

  it('CON-5: Consult puts the customer on hold and the expert gets the request in her own chat', async () => {
    // Several people work in Fibre Installations: each button names whom it consults.
    await agent.clickCardButton('Consult Kjersti');
    await agent.waitForText('Consult requested');
    await expert.waitForText('Lars Nygaard asks you to consult on a call', 15_000);
    await expert.waitForText('No signal on the fibre line');
    await expert.screenshot('01-consult-request');
  });

  it('CON-6: the expert accepts; the agent sees Consulting with Transfer enabled', async () => {
    await expert.clickCardButton(/^Accept$/);
    await expert.waitForText('You are consulting.');
    await agent.waitForText('Consulted: Kjersti Dahl · Consulting', 15_000);
    const transfer = agent.page.getByRole('button', { name: 'Transfer', exact: true }).last();
    await expect.poll(() => transfer.isEnabled(), { timeout: 5_000 }).toBe(true);
    await agent.screenshot('03-consulting');
  });

  it('XFER-1: the agent transfers and ends in wrap-up while the expert has the call', async () => {
    await agent.clickCardButton('Transfer');
    await agent.waitForText('Transferred to Kjersti Dahl', 15_000);
    await agent.waitForText('Choose a wrap-up code to finish.', 15_000);
    await expert.waitForText('Call with +4799887766', 15_000);
    const [call] = await desk.app.service.contacts(['e2e-call']);
    expect(call).toMatchObject({ agentId: EXPERT.aadObjectId, status: 'connected' });
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('WrapUp');
    await agent.screenshot('04-agent-wrap-up');
    await expert.screenshot('02-expert-has-the-call');
  });
});
