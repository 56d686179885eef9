import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, useScene } from './e2e-desk.js';
import type { PlaygroundUser } from './playground.js';

const CSR: PlaygroundUser = {
  id: 'pg-csr-lars',
  name: 'Lars Nygaard',
  aadObjectId: '3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  givenName: 'Lars',
  surname: 'Nygaard',
  email: 'lars.nygaard@contoso.example',
  userPrincipalName: 'lars.nygaard@contoso.example',
};
const HELPER: PlaygroundUser = {
  id: 'pg-helper-kjersti',
  name: 'Kjersti Dahl',
  aadObjectId: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f',
  givenName: 'Kjersti',
  surname: 'Dahl',
  email: 'kjersti.dahl@contoso.example',
  userPrincipalName: 'kjersti.dahl@contoso.example',
};

const CUSTOMER_ARTIFACTS = join(ARTIFACTS, 'sessions/customer');

describe('a support session with a helper and a customer in a browser (two Playground instances plus Chromium)', () => {
  const scene = useScene({
    people: {
      csr: { user: CSR, otherUsers: [HELPER], artifacts: 'sessions/csr' },
      helper: { user: HELPER, otherUsers: [CSR], artifacts: 'sessions/helper' },
    },
  });

  it('SUP-1, SUP-3, VC-1, VC-2: a CSR starts a session, a helper joins with the number, a customer through the link; the mic goes to the customer, control to the helper', async () => {
    const csr = scene.teams('csr');
    const helper = scene.teams('helper');
    await csr.waitForText('Welcome to AgentDesk', 30_000);
    await helper.waitForText('Welcome to AgentDesk', 30_000);

    // Step 1 (SUP-1): the CSR starts a session and gets its number, grouped.
    await csr.sendText('session');
    await csr.waitForText(/Support session \d{3} \d{3} \d{3}/);
    await csr.waitForText('You have control of this session.');
    const title = await csr.page.locator('.ac-adaptiveCard', { hasText: 'You have control of this session.' }).last().innerText();
    const number = /Support session (\d{3} \d{3} \d{3})/.exec(title)![1]!.replace(/ /g, '');
    await csr.screenshot('01-session-started');

    // Step 2 (SUP-3): the helper joins with the number, without control.
    await helper.sendText(`session ${number}`);
    await helper.waitForText('You are helping. Lars Nygaard has control.');
    await helper.screenshot('01-helping');
    await csr.waitForText('Support representative, helping');

    // Step 3 (SUP-1): the CSR posts the join link in the chat; the customer opens it in a browser and types a name.
    await csr.clickCardButton('Post the join link in this chat');
    await csr.waitForText(`Join support session ${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
    const chat = await csr.page.locator('body').innerText();
    const link = /http:\/\/127\.0\.0\.1:\d+\/join\?n=\d{9}&t=[\w-]+/.exec(chat)?.[0];
    expect(link).toBeDefined();
    const browser = csr.page.context().browser()!;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 900 } });
    try {
      const customer = await context.newPage();
      await customer.goto(link!);
      await customer.getByText('You are joining support session').waitFor();
      await customer.getByLabel('Your name').fill('Mette Nielsen');
      await customer.getByRole('button', { name: 'Join' }).click();
      await customer.getByText('Lars Nygaard is helping you now.').waitFor();
      await customer.getByText('Also helping: Kjersti Dahl').waitFor();
      await mkdir(CUSTOMER_ARTIFACTS, { recursive: true });
      await customer.screenshot({ path: join(CUSTOMER_ARTIFACTS, '01-joined.png'), fullPage: true });
      await csr.waitForText('Mette Nielsen');

      // Step 4 (VC-1): the CSR starts a voice call; the customer's page asks her to join, live, and she joins.
      await csr.clickCardButton('Start voice call');
      await customer.getByText('Lars Nygaard started a voice call.').waitFor({ timeout: 15_000 });
      await customer.getByRole('button', { name: 'Join voice call' }).click();
      await customer.getByText('You are in the voice call. You are muted.', { exact: false }).waitFor({ timeout: 15_000 });

      // Step 5 (VC-2): the CSR gives her the mic; her page shows she may speak, without reloading.
      await csr.waitForText('Give the mic');
      await csr.clickCardButton('Give the mic');
      await customer.getByText('You may speak now.').waitFor({ timeout: 15_000 });
      await customer.getByText('May speak: Lars Nygaard, you').waitFor();
      await customer.screenshot({ path: join(CUSTOMER_ARTIFACTS, '02-may-speak.png'), fullPage: true });
      // The README shows the customer's page as a run saw it; UPDATE_DOCS=1 takes this run's (the number differs each run).
      const docsShot = join(ROOT, 'docs/support-customer-page.png');
      if (process.env.UPDATE_DOCS === '1' || !existsSync(docsShot)) await copyFile(join(CUSTOMER_ARTIFACTS, '02-may-speak.png'), docsShot);
      await csr.waitForText(/May speak\s+Lars Nygaard, Mette Nielsen/);
      await csr.screenshot('02-customer-may-speak');

      // Step 6 (SUP-3): the CSR hands control to the helper: her card now has the control actions, his no longer.
      await csr.clickCardButton('Hand over control');
      await csr.waitForText('You are helping. Kjersti Dahl has control.', 15_000);
      await helper.waitForText('You have control of this session.', 15_000);
      const helperCard = helper.page.locator('.ac-adaptiveCard', { hasText: 'You have control of this session.' }).last();
      await expect.poll(() => helperCard.getByRole('button', { name: 'End session', exact: true }).count(), { timeout: 10_000 }).toBe(1);
      const csrCard = csr.page.locator('.ac-adaptiveCard', { hasText: 'You are helping. Kjersti Dahl has control.' }).last();
      expect(await csrCard.getByRole('button', { name: 'End session', exact: true }).count()).toBe(0);
      expect(await csrCard.getByRole('button', { name: 'Hand over control', exact: true }).count()).toBe(0);
      await csr.screenshot('03-csr-helping');
      await helper.screenshot('02-helper-in-control');
      // The voice call goes on, and the customer's page still shows who may speak.
      await customer.getByText('You may speak now.').waitFor();
      expect(JSON.stringify(await scene.desk.app.store.scan('session'))).toContain('"controllerId":"6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f"');
    } finally {
      await context.close();
    }
  });
});
