import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type AppOverrides, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';
import { signedHeaders } from '../../src/platform/signature.js';
import type { PlaygroundSession } from './playground.js';

/** The project root, and where end-to-end screenshots go. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts/e2e');

/** The real bot on its embedded defaults (lowdb file, shipped config and directory), plus a signed platform client. */
export interface E2eDesk {
  app: DeskApp;
  dir: string;
  endpoint: string;
  /** Posts a signed platform event, as a contact-center platform would; returns the HTTP status. */
  platform(event: Record<string, unknown>): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the desk as `npm start` runs it, with a platform secret when given; `overrides` may give another desk
 * configuration or the built-in platform's timings, `env` more settings (SIMULATOR=on makes the built-in platform
 * send its events too). Set E2E_DEBUG=1 to see its log.
 */
export async function startE2eDesk(
  secret?: string,
  overrides: Pick<AppOverrides, 'desk' | 'simulation'> = {},
  env: Record<string, string> = {},
): Promise<E2eDesk> {
  const dir = await mkdtemp(join(tmpdir(), 'agentdesk-e2e-'));
  const config = loadConfig({ DATA_FILE: join(dir, 'desk.json'), PORT: '0', ...(secret ? { PLATFORM_SECRET: secret } : {}), ...env }, ROOT);
  const app = await createApp(
    config,
    createLog(process.env.E2E_DEBUG ? 'debug' : 'warn', (line) => process.stderr.write(`${line}\n`)),
    overrides,
  );
  const base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  let seq = 0;
  return {
    app,
    dir,
    endpoint: `${base}/api/messages`,
    async platform(event) {
      const body = JSON.stringify({ id: `e2e-${Date.now()}-${++seq}`, ...event });
      const response = await fetch(`${base}/api/platform/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(secret ?? '', body, new Date()) },
        body,
      });
      return response.status;
    },
    async stop() {
      await app.stop(2000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a person does to take voice work: `status`, register a phone on the card, press Available (ST-5). */
export async function goAvailable(teams: PlaygroundSession, phone: string): Promise<void> {
  await teams.sendText('status');
  await teams.waitForText('Your status');
  await teams.page.locator('.ac-adaptiveCard').last().getByLabel('Phone for voice calls').fill(phone);
  await teams.clickCardButton('Save number');
  await teams.waitForText(`Calls ring on ${phone.replace(/\s/g, '')}.`);
  await teams.clickCardButton(/^Available$/);
  await teams.waitForText('You are ready to receive contacts.');
}
