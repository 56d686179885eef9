import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type AppOverrides, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLog } from '../../src/log.js';
import { signedHeaders } from '../../src/platform/signature.js';
import { afterEach, beforeEach } from 'vitest';
import { freePort } from './free-port.js';
import { startPlayground, type PlaygroundSession, type PlaygroundUser } from './playground.js';

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
  // Settings from here only, never the developer's .env.
  const config = loadConfig({ DATA_FILE: join(dir, 'desk.json'), PORT: '0', ...(secret ? { PLATFORM_SECRET: secret } : {}), ...env }, ROOT, { dotEnv: false });
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

/** One person of a scene: who is signed in to their Playground, in which language, who else is in their directory. */
export interface ScenePerson {
  user: PlaygroundUser;
  /** Screenshots go to test-artifacts/e2e/<artifacts>. */
  artifacts: string;
  locale?: string;
  otherUsers?: PlaygroundUser[];
}

/** A fresh desk and one Playground per person, for one test. */
export interface Scene<P extends string> {
  readonly desk: E2eDesk;
  teams(person: P): PlaygroundSession;
}

/**
 * Before each test of the describe it is called in: a fresh desk (its own
 * data file) and a Playground per person, each opened on the bot, so every
 * test starts from an empty desk and a newly installed app, whatever ran
 * before it. After each test, all of it is stopped and removed.
 */
export function useScene<P extends string>(options: { secret?: string; people: Record<P, ScenePerson> }): Scene<P> {
  let desk: E2eDesk | undefined;
  const sessions = new Map<P, PlaygroundSession>();
  beforeEach(async () => {
    desk = await startE2eDesk(options.secret);
    // Two people, two Teams: each Playground instance is one signed-in person.
    for (const [name, person] of Object.entries(options.people) as Array<[P, ScenePerson]>) {
      // Screenshots of an earlier run (or of steps since renamed) must not pass for this one's.
      await rm(join(ARTIFACTS, person.artifacts), { recursive: true, force: true });
      const session = await startPlayground({
        botEndpoint: desk.endpoint,
        port: await freePort(),
        user: person.user,
        ...(person.locale ? { locale: person.locale } : {}),
        ...(person.otherUsers ? { otherUsers: person.otherUsers } : {}),
        workDir: join(desk.dir, `playground-${name}`),
        artifactsDir: join(ARTIFACTS, person.artifacts),
      });
      sessions.set(name, session);
    }
  });
  afterEach(async () => {
    for (const session of sessions.values()) await session.stop();
    sessions.clear();
    await desk?.stop();
    desk = undefined;
  });
  return {
    get desk() {
      if (!desk) throw new Error('the desk starts before each test');
      return desk;
    },
    teams(person) {
      const session = sessions.get(person);
      if (!session) throw new Error(`no Playground for ${person}: it starts before each test`);
      return session;
    },
  };
}
