import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';
import { ROOT, startE2eDesk, type E2eDesk } from './e2e-desk.js';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

const AGENT: PlaygroundUser = {
  id: 'pg-agent-tab',
  name: 'Ingrid Solberg',
  aadObjectId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  givenName: 'Ingrid',
  surname: 'Solberg',
  email: 'ingrid.solberg@contoso.example',
  userPrincipalName: 'ingrid.solberg@contoso.example',
};
/** The lead of the shipped configuration's default team. */
const LEAD = 'b1f2c3d4-0000-4000-8000-000000000005';
const SHOTS = join(ROOT, 'test-artifacts/tab');
const THEMES = ['default', 'dark', 'contrast'] as const;

let desk: E2eDesk;
let base: string;
let teams: PlaygroundSession;
let agentTab: Page;
let leadTab: Page;
/** Console errors and page errors of every tab page opened here. */
const problems: string[] = [];

/** A page of the tab in the Playground's browser, offline: teams-js's list of Teams origins is answered locally. */
async function openTab(path: string, viewport = { width: 1100, height: 900 }): Promise<Page> {
  const page = await teams.page.context().newPage();
  await page.setViewportSize(viewport);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  await page.route('https://res.cdn.office.net/**', (route) => route.fulfill({ json: { validOrigins: ['teams.microsoft.com', '*.teams.microsoft.com'] } }));
  await page.goto(`${base}${path}`);
  return page;
}

/** Picks the development identity on the page (local anonymous mode only). */
async function signInAs(page: Page, id: string): Promise<void> {
  await page
    .getByRole('heading', { name: 'Choose a development identity' })
    .or(page.getByText('Choose a development identity'))
    .first()
    .waitFor({ timeout: 15_000 });
  await page.getByLabel('Or an Entra object id').fill(id);
  await page.getByRole('button', { name: 'Use this identity' }).click();
  await page.getByTestId('dev-banner').waitFor();
  await page.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  desk = await startE2eDesk('e2e-tab-platform-secret-0123456789');
  base = desk.endpoint.replace('/api/messages', '');
  teams = await startPlayground({
    botEndpoint: desk.endpoint,
    port: await freePort(),
    user: AGENT,
    workDir: join(desk.dir, 'playground-tab'),
    artifactsDir: join(ROOT, 'test-artifacts/e2e/tab'),
  });
  await teams.waitForText('Welcome to AgentDesk', 30_000);
  await teams.sendText('status');
  await teams.waitForText('Your status');
});

afterEach(() => {
  expect(problems).toEqual([]);
});

afterAll(async () => {
  await teams?.stop();
  await desk?.stop();
});

describe('the Desk tab (development identity, local anonymous mode)', () => {
  it("ST-1, ST-4: the agent changes status in the tab and the bot's status card in the Playground shows it", async () => {
    agentTab = await openTab('/tab/?theme=default');
    await signInAs(agentTab, AGENT.aadObjectId);
    await expect.poll(() => agentTab.getByTestId('status-state').innerText()).toBe('Logged out');
    await agentTab.getByLabel('Idle code').selectOption({ label: 'Training' });
    await agentTab.getByRole('button', { name: 'Idle', exact: true }).click();
    await expect.poll(() => agentTab.getByTestId('status-state').innerText()).toBe('Idle');
    expect(await desk.app.service.agent(AGENT.aadObjectId)).toMatchObject({ state: 'Idle', code: 'training' });
    // The same engine command as the card's button: the chat's status card is updated in place.
    await teams.waitForText(/Idle\s+Training/);
    await teams.screenshot('01-status-card-after-tab');
    await shot(agentTab, 'agent-default');
  });

  it('STAT-1: the lead’s board shows the agent’s state change within 2 s, without a reload', async () => {
    leadTab = await openTab('/tab/?theme=dark');
    await signInAs(leadTab, LEAD);
    await leadTab.getByRole('tab', { name: 'Team board' }).click();
    const state = leadTab.locator(`[data-agent="${AGENT.aadObjectId}"] [data-testid="board-state"]`);
    await expect.poll(() => state.innerText(), { timeout: 10_000 }).toBe('Idle');
    await leadTab.locator('[data-live="live"]').waitFor();
    const navigations: string[] = [];
    leadTab.on('framenavigated', (frame) => navigations.push(frame.url()));

    // Timed from the moment the agent's page asks the desk for the change (the browser's own click handling aside).
    const requested = agentTab.waitForRequest((request) => request.url().includes('/api/tab/action')).then(() => Date.now());
    await agentTab.getByRole('button', { name: 'Break', exact: true }).click();
    await expect.poll(() => state.innerText(), { timeout: 5000, interval: 25 }).toBe('Break');
    const seenAfterMs = Date.now() - (await requested);
    expect(seenAfterMs).toBeLessThan(2000);
    expect(navigations).toEqual([]);
    process.stdout.write(`board showed the change ${seenAfterMs} ms after the agent's page sent it\n`);
    await teams.waitForText(/Your status\s+Break/);
    await shot(leadTab, 'board-dark');
  });

  it('the views in the default, dark and high-contrast themes, and at 320 px (Teams mobile)', async () => {
    for (const theme of THEMES) {
      for (const [page, view] of [
        [agentTab, 'agent'],
        [leadTab, 'board'],
      ] as const) {
        await page.goto(`${base}/tab/?theme=${theme}`);
        await page.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
        if (view === 'board') await page.getByRole('tab', { name: 'Team board' }).click();
        await page
          .locator(view === 'board' ? '[data-testid="board-agent"]' : '[data-testid="status-state"]')
          .first()
          .waitFor();
        expect(await page.locator('.app').getAttribute('data-theme')).toBe(theme);
        await shot(page, `${view}-${theme}`);
      }
    }
    for (const [page, view] of [
      [agentTab, 'agent'],
      [leadTab, 'board'],
    ] as const) {
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${base}/tab/?theme=default`);
      await page.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
      if (view === 'board') await page.getByRole('tab', { name: 'Team board' }).click();
      await page.waitForTimeout(300);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await shot(page, `${view}-320px`);
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('is usable from the keyboard: Tab to a status button, Enter presses it', async () => {
    await agentTab.goto(`${base}/tab/?theme=default`);
    await agentTab.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
    await agentTab.locator('body').click({ position: { x: 1, y: 1 } });
    let reached = false;
    for (let step = 0; step < 40 && !reached; step++) {
      await agentTab.keyboard.press('Tab');
      reached = await agentTab.evaluate(() => (globalThis as any).document.activeElement?.textContent === 'Working offline');
    }
    expect(reached).toBe(true);
    await agentTab.keyboard.press('Enter');
    await expect.poll(() => agentTab.getByTestId('status-state').innerText()).toBe('Working offline');
  });

  it('PO-3, CAD-1: a chat offered to the agent shows our request card in the tab; Accept there opens the interaction card, secure values masked', async () => {
    await agentTab.goto(`${base}/tab/?theme=default`);
    await agentTab.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
    await agentTab.getByLabel('Phone for voice calls').fill('+47 998 87 766');
    await agentTab.getByRole('button', { name: 'Save number' }).click();
    await agentTab.getByText('Calls ring on +4799887766.').waitFor();
    await agentTab.getByRole('button', { name: 'Available', exact: true }).click();
    await expect.poll(() => agentTab.getByTestId('status-state').innerText()).toBe('Available');
    const offered = await desk.platform({
      type: 'contact.offered',
      contact: {
        id: 'tab-e2e-chat-1',
        channel: 'chat',
        kind: 'inbound',
        queue: 'tech',
        from: 'kari@example.no',
        variables: [
          { name: 'customerName', label: 'Customer', value: 'Kari Nordmann' },
          { name: 'reason', label: 'Reason for contact', value: 'Invoice question', editable: true },
          { name: 'cpr', label: 'National ID', value: '010190-12345', secure: true },
        ],
      },
    });
    expect(offered).toBe(202);
    // Arrives live: no reload.
    const requests = agentTab.getByRole('region', { name: 'Contact requests' });
    await requests.getByText('Kari Nordmann').first().waitFor({ timeout: 5_000 });
    await shot(agentTab, 'agent-request');
    await requests.getByRole('button', { name: 'Accept' }).first().click();
    const interactions = agentTab.getByRole('region', { name: 'Interactions' });
    await interactions
      .getByText(/Kari Nordmann/)
      .first()
      .waitFor({ timeout: 5_000 });
    // The editable variable is an input of the card, filled with its value (CAD-1).
    expect(await interactions.getByLabel('Reason for contact').inputValue()).toBe('Invoice question');
    await expect.poll(() => agentTab.getByTestId('status-state').innerText()).toBe('Engaged');
    expect(await agentTab.content()).not.toContain('010190-12345');
    await shot(agentTab, 'agent-interaction');
  });

  it('STAT-1: the board says when the connection is lost, and on reconnecting (Last-Event-ID) shows what changed meanwhile, without a reload', async () => {
    await leadTab.goto(`${base}/tab/?theme=default`);
    await leadTab.locator('[data-live="live"]').waitFor({ timeout: 10_000 });
    await leadTab.getByRole('tab', { name: 'Team board' }).click();
    const state = leadTab.locator(`[data-agent="${AGENT.aadObjectId}"] [data-testid="board-state"]`);
    await expect.poll(() => state.innerText(), { timeout: 10_000 }).toBe('Engaged');
    const navigations: string[] = [];
    leadTab.on('framenavigated', (frame) => navigations.push(frame.url()));
    // The server drops every stream, and for a while new ones end at once (as through a failing proxy).
    await leadTab.route('**/api/tab/events**', (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: ': unavailable\n\n' }));
    desk.app.tab.stop();
    await leadTab.getByTestId('live-lost').waitFor({ timeout: 5_000 });
    expect(await leadTab.getByTestId('live-lost').innerText()).toContain('Connection lost');
    await shot(leadTab, 'board-connection-lost');
    // Meanwhile the customer hangs up: the agent goes to wrap-up.
    expect(await desk.platform({ type: 'contact.ended', contactId: 'tab-e2e-chat-1', by: 'customer' })).toBe(202);
    await leadTab.unroute('**/api/tab/events**');
    await expect.poll(() => state.innerText(), { timeout: 20_000 }).toBe('Wrap-up');
    await leadTab.locator('[data-live="live"]').waitFor({ timeout: 5_000 });
    expect(navigations).toEqual([]);
  });

  it('in the dev identity’s language: ?lang=da shows the desk in Danish', async () => {
    await agentTab.goto(`${base}/tab/?theme=default&lang=da-DK`);
    await expect.poll(() => agentTab.getByTestId('status-state').innerText(), { timeout: 10_000 }).toBe('Efterbehandling');
    await agentTab.getByRole('heading', { name: 'Beskeder fra din teamleder' }).waitFor();
  });
});

describe('the Desk tab outside Teams, when the desk has an app id', () => {
  let browser: Browser;
  let stop: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-tab-teams-'));
    const config = loadConfig(
      {
        DATA_FILE: join(dir, 'desk.json'),
        MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        MicrosoftAppPassword: 'not-used-here',
        BOT_DOMAIN: 'desk.contoso.example',
      },
      ROOT,
    );
    const app = await createApp(config, createLog('warn'));
    url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    stop = async () => {
      await browser.close();
      await app.stop(1000);
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(async () => stop?.());

  it('says it must be opened in Teams and offers no development identity', async () => {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.route('https://res.cdn.office.net/**', (route) => route.fulfill({ json: { validOrigins: ['teams.microsoft.com'] } }));
    await page.goto(`${url}/tab/`);
    await page.getByTestId('open-in-teams').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('open-in-teams').innerText()).toContain('Open AgentDesk in Teams');
    expect(await page.getByText('Choose a development identity').count()).toBe(0);
    await shot(page, 'outside-teams');
  });
});
