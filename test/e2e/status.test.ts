import { describe, expect, it } from 'vitest';
import { useScene } from './e2e-desk.js';
import type { PlaygroundUser } from './playground.js';

const AGENT: PlaygroundUser = {
  id: 'pg-agent-asa',
  name: 'Åsa Lindqvist',
  aadObjectId: '5e1d1a3c-7a43-4c1e-9f63-3b5a0f4c2a11',
  givenName: 'Åsa',
  surname: 'Lindqvist',
  email: 'asa.lindqvist@contoso.example',
  userPrincipalName: 'asa.lindqvist@contoso.example',
};

describe('an agent sets their status in Teams (Agents Playground)', () => {
  // The real bot on its embedded defaults (lowdb file, shipped desk config), as `npm start` runs it.
  const scene = useScene({ people: { agent: { user: AGENT, artifacts: 'status-en' } } });

  it('ST-1, ST-4, ST-5: install shows the welcome card; `status` shows the status card; Idle needs a code; Available needs a phone', async () => {
    const teams = scene.teams('agent');

    // Step 1: install shows the welcome card.
    await teams.waitForText('Welcome to AgentDesk', 30_000);
    // The Playground's install activities carry no display name, as Teams' often do.
    await teams.waitForText('Hi! AgentDesk brings your contact-center desk into Teams.');
    await teams.screenshot('01-welcome');

    // Step 2 (ST-1): `status` shows the status card, logged out, with the five choices.
    await teams.sendText('status');
    await teams.waitForText('Your status');
    await teams.waitForText('Logged out');
    for (const name of ['Available', 'Idle', 'Working offline', 'Break', 'Log out']) {
      await teams.page.getByRole('button', { name, exact: true }).last().waitFor({ state: 'visible', timeout: 5_000 });
    }
    await teams.screenshot('02-status');

    // Step 3 (ST-4): Idle without a code is refused on the card with the reason.
    await teams.clickCardButton(/^Idle$/);
    await teams.waitForText('Choose an idle code before you set Idle.');
    await teams.screenshot('03-idle-refused');

    // Step 4 (ST-4): choosing an idle code then Idle shows Idle with that code.
    await teams.chooseInCard('Idle code', 'Training');
    await teams.clickCardButton(/^Idle$/);
    await teams.waitForText('Training');
    await teams.waitForText(/Time in state 00:00:0\d/);
    expect(await scene.desk.app.service.agent(AGENT.aadObjectId)).toMatchObject({ state: 'Idle', code: 'training' });
    await teams.screenshot('04-idle-training');

    // Step 5 (ST-5): Available needs a phone...
    await teams.clickCardButton(/^Available$/);
    await teams.waitForText(/Register a phone number/);
    await teams.screenshot('05-available-needs-phone');

    // Step 6 (ST-5): ...after registering one, Available shows Available.
    const card = teams.page.locator('.ac-adaptiveCard').last();
    await card.getByLabel('Phone for voice calls').fill('+46 70 123 45 67');
    await teams.clickCardButton('Save number');
    await teams.waitForText('Calls ring on +46701234567.');
    await teams.screenshot('06-phone-saved');

    await teams.clickCardButton(/^Available$/);
    await teams.waitForText(/Time in state 00:00:0\d/);
    expect(await scene.desk.app.service.agent(AGENT.aadObjectId)).toMatchObject({ state: 'Available', phone: '+46701234567' });
    await teams.page.locator('.ac-adaptiveCard').last().getByText('Available', { exact: true }).first().waitFor({ state: 'visible', timeout: 5_000 });
    await teams.screenshot('07-available');
  });
});

describe('a Danish agent gets Danish cards (Agents Playground, locale da-DK)', () => {
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
  const scene = useScene({ people: { agent: { user: DANISH, locale: 'da-DK', artifacts: 'status-da' } } });

  it('ST-1: the welcome and status cards speak Danish', async () => {
    const teams = scene.teams('agent');

    // Step 1: the welcome card, in Danish.
    await teams.waitForText('Velkommen til AgentDesk', 30_000);
    await teams.screenshot('01-velkommen');

    // Step 2: the status card, in Danish, logged out.
    await teams.sendText('status');
    await teams.waitForText('Din status');
    await teams.waitForText('Logget ud');
    await teams.page.getByRole('button', { name: 'Tilgængelig', exact: true }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await teams.screenshot('02-status');

    // Step 3: an idle code and Inaktiv; Log ud becomes available again.
    await teams.chooseInCard('Inaktiv-kode', 'Frokost');
    await teams.clickCardButton(/^Inaktiv$/);
    await teams.waitForText('Frokost');
    expect(await scene.desk.app.service.agent(DANISH.aadObjectId)).toMatchObject({ state: 'Idle', code: 'lunch' });
    // Logged out before, so Log ud was disabled; now Idle, the updated card must offer it again.
    const logOut = teams.page.getByRole('button', { name: 'Log ud', exact: true }).last();
    await expect.poll(() => logOut.isEnabled(), { timeout: 5_000 }).toBe(true);
    await teams.screenshot('03-dansk-inaktiv');
  });
});
