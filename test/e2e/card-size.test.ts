import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../src/desk-config.js';
import { ARTIFACTS, goAvailable, ROOT, startE2eDesk, type E2eDesk } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

const SECRET = 'e2e-platform-secret-0123456789ab';
const AGENT: PlaygroundUser = {
  id: 'pg-agent-ivar',
  name: 'Ivar Berg',
  aadObjectId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  givenName: 'Ivar',
  surname: 'Berg',
  email: 'ivar.berg@contoso.example',
  userPrincipalName: 'ivar.berg@contoso.example',
};
/** The smallest budget the configuration allows, so a chat with the API's largest variables must be reduced. */
const shipped = loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT);
const desk40 = { ...shipped, limits: { ...shipped.limits, maxCardKB: 40 } };

let desk: E2eDesk;
let teams: PlaygroundSession;

beforeAll(async () => {
  desk = await startE2eDesk(SECRET, { desk: desk40 });
  teams = await startPlayground({
    botEndpoint: desk.endpoint,
    port: await freePort(),
    user: AGENT,
    workDir: join(desk.dir, 'playground'),
    artifactsDir: join(ARTIFACTS, 'card-size'),
  });
  await teams.waitForText('Welcome to AgentDesk', 30_000);
});

afterAll(async () => {
  await teams?.stop();
  await desk?.stop();
});

describe('a card over the size budget in Teams (Agents Playground)', () => {
  it('a chat with 50 variables of 256 characters pops up and is accepted', async () => {
    await goAvailable(teams, '+4520304060');
    const variables = Array.from({ length: 50 }, (_, i) => ({
      name: `field${i}`,
      label: `Field ${i} `.padEnd(80, '·'),
      value: `Note ${i}: `.padEnd(256, 'x'),
      editable: i % 2 === 0,
    }));
    const status = await desk.platform({
      type: 'contact.offered',
      contact: { id: 'e2e-big', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Big Data', variables },
    });
    expect(status).toBe(202);
    await teams.waitForText('Contact requests');
    await teams.clickCardButton(/^Accept$/);
    await teams.waitForText('Chat with Big Data');
  });

  it('the interaction card is reduced: status and End stay, the editable variables say how many are shown', async () => {
    await teams.waitForText(/Editable variables 1-\d+ of 25/);
    await teams.waitForText('Connected');
    const card = teams.page.locator('.ac-adaptiveCard').last();
    await expect(card.getByRole('button', { name: 'End', exact: true }).isVisible()).resolves.toBe(true);
    expect(await card.innerText()).not.toContain('Field 48');
    await teams.screenshot('01-reduced');
  });

  it('"Show all" answers with the rest of the list', async () => {
    await teams.clickCardButton(/^Show all \(\d+ more\)$/);
    await teams.waitForText('Field 48');
    expect(await teams.page.locator('.ac-adaptiveCard').last().innerText()).toContain('Field 0');
    await teams.screenshot('02-show-all');
  });
});
