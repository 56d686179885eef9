import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2eDesk, type E2eDesk } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

const AGENT: PlaygroundUser = {
  id: 'pg-agent-asa',
  name: 'Åsa Lindqvist',
  aadObjectId: '5e1d1a3c-7a43-4c1e-9f63-3b5a0f4c2a11',
  givenName: 'Åsa',
  surname: 'Lindqvist',
  email: 'asa.lindqvist@contoso.example',
  userPrincipalName: 'asa.lindqvist@contoso.example',
};

let desk: E2eDesk;

beforeAll(async () => {
  // The real bot on its embedded defaults (lowdb file, shipped desk config), as `npm start` runs it.
  desk = await startE2eDesk();
});

afterAll(async () => {
  await desk?.stop();
});

describe('an agent sets their status in Teams (Agents Playground)', () => {
  let teams: PlaygroundSession;

  beforeAll(async () => {
    teams = await startPlayground({
      botEndpoint: desk.endpoint,
      port: await freePort(),
      user: AGENT,
      workDir: join(desk.dir, 'playground-en'),
      artifactsDir: join(ARTIFACTS, 'status-en'),
    });
  });
  afterAll(async () => {
    await teams?.stop();
  });

  it('install shows the welcome card', async () => {
    await teams.waitForText('Welcome to AgentDesk', 30_000);
    await teams.screenshot('01-welcome');
    // The Playground's install activities carry no display name, as Teams' often do.
    await teams.waitForText('Hi! AgentDesk brings your contact-center desk into Teams.');
  });

  it('ST-1: `status` shows the status card, logged out, with the five choices', async () => {
    await teams.sendText('status');
    await teams.waitForText('Your status');
    await teams.waitForText('Logged out');
    for (const name of ['Available', 'Idle', 'Working offline', 'Break', 'Log out']) {
      await teams.page.getByRole('button', { name, exact: true }).last().waitFor({ state: 'visible', timeout: 5_000 });
    }
    await teams.screenshot('02-status');
  });

  it('ST-4: Idle without a code is refused on the card with the reason', async () => {
    await teams.clickCardButton(/^Idle$/);
    await teams.waitForText('Choose an idle code before you set Idle.');
    await teams.screenshot('03-idle-refused');
  });

  it('ST-4: choosing an idle code then Idle shows Idle with that code', async () => {
    await teams.chooseInCard('Idle code', 'Training');
    await teams.clickCardButton(/^Idle$/);
    await teams.waitForText('Training');
    await teams.waitForText(/Time in state 00:00:0\d/);
    expect(await desk.app.service.agent(AGENT.aadObjectId)).toMatchObject({ state: 'Idle', code: 'training' });
    await teams.screenshot('04-idle-training');
  });

  it('ST-5: Available needs a phone; after registering one, Available shows Available', async () => {
    await teams.clickCardButton(/^Available$/);
    await teams.waitForText(/Register a phone number/);
    await teams.screenshot('05-available-needs-phone');

    const card = teams.page.locator('.ac-adaptiveCard').last();
    await card.getByLabel('Phone for voice calls').fill('+46 70 123 45 67');
    await teams.clickCardButton('Save number');
    await teams.waitForText('Calls ring on +46701234567.');

    await teams.clickCardButton(/^Available$/);
    await teams.waitForText(/Time in state 00:00:0\d/);
    expect(await desk.app.service.agent(AGENT.aadObjectId)).toMatchObject({ state: 'Available', phone: '+46701234567' });
    await teams.page.locator('.ac-adaptiveCard').last().getByText('Available', { exact: true }).first().waitFor({ state: 'visible', timeout: 5_000 });
    await teams.screenshot('06-available');
  });
});

describe('a Danish agent gets Danish cards (Agents Playground, locale da-DK)', () => {
  let teams: PlaygroundSession;
  const DANISH: PlaygroundUser = {
    ...AGENT,
    id: 'pg-agent-soren',
    name: 'Søren Møller',
    aadObjectId: '5e1d1a3c-7a43-4c1e-9f63-3b5a0f4c2a12',
    givenName: 'Søren',
    surname: 'Møller',
    email: 'soren@contoso.example',
    userPrincipalName: 'soren@contoso.example',
  };

  beforeAll(async () => {
    teams = await startPlayground({
      botEndpoint: desk.endpoint,
      port: await freePort(),
      user: DANISH,
      locale: 'da-DK',
      workDir: join(desk.dir, 'playground-da'),
      artifactsDir: join(ARTIFACTS, 'status-da'),
    });
  });
  afterAll(async () => {
    await teams?.stop();
  });

  it('ST-1: the welcome and status cards speak Danish', async () => {
    await teams.waitForText('Velkommen til AgentDesk', 30_000);
    await teams.sendText('status');
    await teams.waitForText('Din status');
    await teams.waitForText('Logget ud');
    await teams.page.getByRole('button', { name: 'Tilgængelig', exact: true }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await teams.chooseInCard('Inaktiv-kode', 'Frokost');
    await teams.clickCardButton(/^Inaktiv$/);
    await teams.waitForText('Frokost');
    expect(await desk.app.service.agent(DANISH.aadObjectId)).toMatchObject({ state: 'Idle', code: 'lunch' });
    // Logged out before, so Log ud was disabled; now Idle, the updated card must offer it again.
    const logOut = teams.page.getByRole('button', { name: 'Log ud', exact: true }).last();
    await expect.poll(() => logOut.isEnabled(), { timeout: 5_000 }).toBe(true);
    await teams.screenshot('01-dansk-inaktiv');
  });
});
