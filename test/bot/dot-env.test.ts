import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nockConnector } from '../support/bot-connector.js';
import { cardOf, cardTexts, startDesk } from '../support/desk-harness.js';
import { goOffline } from '../support/offline.js';

const ROOT = resolve(import.meta.dirname, '../..');
const APP_ID = '8f2b8c5e-2d5a-4a51-9d0e-2f1c7b3a9e41';

describe("tests never read the developer's .env (SPEC 9 authentication stays what the test asked for)", () => {
  it('SPEC 9: with MicrosoftAppId and a password in the project root .env (the README sideload step), a test desk stays anonymous', async () => {
    // A copy of the project root as far as a desk reads it, plus the .env of someone who followed the sideload step.
    const root = await mkdtemp(join(tmpdir(), 'agentdesk-root-'));
    await Promise.all(['config', 'directory', 'manifest'].map((dir) => symlink(join(ROOT, dir), join(root, dir))));
    await writeFile(join(root, '.env'), `MicrosoftAppId=${APP_ID}\nMicrosoftAppPassword=from-dot-env\nMicrosoftAppType=MultiTenant\n`);
    const offline = goOffline();
    const fake = nockConnector();
    const anonymous = await startDesk({ rootDir: root });
    try {
      // No token, yet the turn runs and the status card arrives.
      const response = await anonymous.message('status');
      expect(response.status).toBe(200);
      expect(cardTexts(cardOf(fake.activities().at(-1)))).toContain('Your status');
      expect(offline.unmatched).toEqual([]);
    } finally {
      await anonymous.stop();
      fake.close();
      offline.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
