import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/config-error.js';
import { loadDeskConfig, parseDeskConfig, policyOf } from '../../src/desk-config.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const APP_ID = '8f2b8c5e-2d5a-4a51-9d0e-2f1c7b3a9e41';

describe('settings (src/config.ts)', () => {
  it('defaults run everything locally: port 3978, anonymous, data under data/', () => {
    const config = loadConfig({}, '/srv/desk');
    expect(config).toMatchObject({ PORT: 3978, anonymous: true, DATA_FILE: '/srv/desk/data/agentdesk.json', DESK_CONFIG_FILE: '/srv/desk/config/desk.json' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number from 0 to 65535 (0 picks a free port) (got "eighty")'],
    [{ PORT: '70000' }, 'PORT: must be at most 65535 (got "70000")'],
    [{ MicrosoftAppId: 'my-bot' }, /^MicrosoftAppId: must be a GUID/],
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword: is required when MicrosoftAppId is set'],
    [
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId: is required when MicrosoftAppType is SingleTenant',
    ],
    [{ MicrosoftAppType: 'Anything' }, /^MicrosoftAppType: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ DIRECTORY_SOURCE: 'graph' }, /^DIRECTORY_SOURCE: graph needs MicrosoftAppId/],
    [{ STORE: 'postgres' }, 'DATABASE_URL: is required when STORE is postgres'],
    [{ STORE: 'mysql' }, /^STORE: /],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE: must be at least 1 (got "0")'],
    [{ DATABASE_SCHEMA: 'Desk-Schema' }, /^DATABASE_SCHEMA: must be a plain schema name/],
  ])('%j stops start-up with one line naming the setting', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv, '/srv/desk');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never shows the app password in an error', () => {
    expect(() => loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: '   ', MicrosoftAppType: 'MultiTenant' }, '/x')).toThrow(
      /MicrosoftAppPassword: is required/,
    );
    try {
      loadConfig({ MicrosoftAppId: 'x', MicrosoftAppPassword: 'hunter2' }, '/x');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('the store is the lowdb file unless STORE=postgres, whose DATABASE_URL is checked and never shown in an error', () => {
    expect(loadConfig({}, '/x')).toMatchObject({ STORE: 'lowdb', DATABASE_SCHEMA: 'public', DATABASE_POOL_SIZE: 10 });
    const url = 'postgresql://desk:hunter2@db.example.org:5432/desk?sslmode=verify-full';
    expect(loadConfig({ STORE: 'postgres', DATABASE_URL: url, DATABASE_POOL_SIZE: '4' }, '/x')).toMatchObject({
      STORE: 'postgres',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: 4,
    });
    for (const wrong of ['mysql://desk:hunter2@db/desk', 'desk:hunter2@db/desk']) {
      expect(() => loadConfig({ STORE: 'postgres', DATABASE_URL: wrong }, '/x')).toThrow(
        /^DATABASE_URL: must be a PostgreSQL URL: postgresql:\/\/user:password@host:5432\/database$/,
      );
    }
  });

  it('at start-up (dotEnv) it reads a .env file, and the environment wins over it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-env-'));
    try {
      await writeFile(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=warn\n');
      expect(loadConfig({}, dir, { dotEnv: true })).toMatchObject({ PORT: 4000, LOG_LEVEL: 'warn' });
      expect(loadConfig({ PORT: '4100' }, dir, { dotEnv: true }).PORT).toBe(4100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('SPEC 9: unless asked, a .env file is not read, so an app id put there for sideloading changes no test or benchmark', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-env-'));
    try {
      await writeFile(join(dir, '.env'), `MicrosoftAppId=${APP_ID}\nMicrosoftAppPassword=from-dot-env\nPORT=4000\n`);
      expect(loadConfig({}, dir)).toMatchObject({ MicrosoftAppId: '', anonymous: true, PORT: 3978 });
      expect(loadConfig({}, dir, { dotEnv: false })).toMatchObject({ MicrosoftAppId: '', anonymous: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('desk configuration (DESK_CONFIG_FILE)', () => {
  const shipped = loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT);

  it('the shipped default is complete: teams with leads, idle and wrap-up codes, queues, variables, timeouts', () => {
    expect(shipped.teams.length).toBeGreaterThan(0);
    expect(shipped.teams.some((t) => t.leads.length > 0)).toBe(true);
    expect(shipped.idleCodes.length).toBeGreaterThan(0);
    expect(shipped.wrapUpCodes.length).toBeGreaterThan(0);
    expect(shipped.queues.length).toBeGreaterThan(0);
    expect(shipped.variables.some((v) => v.secure)).toBe(true);
    expect(shipped.timeouts.ronaSeconds).toBeGreaterThan(0);
  });

  it('BN-1: background noise removal is on unless the admin turns it off, and only a boolean turns it off', () => {
    expect(shipped.backgroundNoiseRemoval).toEqual({ enabled: true });
    const { backgroundNoiseRemoval: _left, ...without } = shipped;
    expect(parseDeskConfig(without, 'desk.json').backgroundNoiseRemoval).toEqual({ enabled: true });
    expect(parseDeskConfig({ ...shipped, backgroundNoiseRemoval: { enabled: false } }, 'desk.json').backgroundNoiseRemoval).toEqual({ enabled: false });
    expect(() => parseDeskConfig({ ...shipped, backgroundNoiseRemoval: { enabled: 'no' } }, 'desk.json')).toThrow(/backgroundNoiseRemoval\.enabled/);
  });

  it('ST-4: at most 50 idle codes', () => {
    const codes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `code${i}`, label: `Code ${i}` }));
    expect(() => parseDeskConfig({ ...shipped, idleCodes: codes(50) }, 'desk.json')).not.toThrow();
    expect(() => parseDeskConfig({ ...shipped, idleCodes: codes(51) }, 'desk.json')).toThrow(
      'DESK_CONFIG_FILE desk.json: idleCodes: at most 50 idle codes (ST-4)',
    );
  });

  it('ST-4: idle code ids are unique', () => {
    const twice = [
      { id: 'lunch', label: 'Lunch' },
      { id: 'lunch', label: 'Lunch again' },
    ];
    expect(() => parseDeskConfig({ ...shipped, idleCodes: twice }, 'desk.json')).toThrow(/unique/);
  });

  it.each([
    [{ defaultTeam: 'nowhere' }, /defaultTeam: must name one of the teams/],
    [{ teams: [] }, /teams: needs at least one team/],
    [{ timeouts: { ronaSeconds: 'soon', consultSeconds: 30, privacyShieldSeconds: 60 } }, /timeouts\.ronaSeconds/],
  ])('%j is refused with a line naming the field', (patch, message) => {
    expect(() => parseDeskConfig({ ...shipped, ...patch }, 'desk.json')).toThrow(message);
  });

  it('the card size budget (limits.maxCardKB) is 80 KiB by default, 40 to 100 when set', () => {
    expect(shipped.limits.maxCardKB).toBe(80);
    const { maxCardKB: _, ...withoutBudget } = shipped.limits;
    expect(parseDeskConfig({ ...shipped, limits: withoutBudget }, 'desk.json').limits.maxCardKB).toBe(80);
    const { limits: __, ...withoutLimits } = shipped;
    expect(parseDeskConfig(withoutLimits, 'desk.json').limits.maxCardKB).toBe(80);
    for (const kb of [40, 100]) expect(parseDeskConfig({ ...shipped, limits: { ...shipped.limits, maxCardKB: kb } }, 'desk.json').limits.maxCardKB).toBe(kb);
    for (const kb of [39, 101, 80.5, '80']) {
      expect(() => parseDeskConfig({ ...shipped, limits: { ...shipped.limits, maxCardKB: kb } }, 'desk.json')).toThrow(/limits\.maxCardKB/);
    }
  });

  it.each([
    ['a label over 80 characters', { wrapUpCodes: [{ id: 'long', label: 'x'.repeat(81) }] }, /wrapUpCodes\.0\.label/],
    ['a translated label over 80 characters', { idleCodes: [{ id: 'long', label: 'Long', labels: { da: 'x'.repeat(81) } }] }, /idleCodes\.0\.labels\.da/],
    ['a control character in a label', { wrapUpCodes: [{ id: 'bell', label: 'Bell\u0007' }] }, /must not contain control characters/],
    ['a queue name over 80 characters', { queues: [{ id: 'q', name: 'x'.repeat(81), channels: ['voice'] }] }, /queues\.0\.name/],
    ['201 wrap-up codes', { wrapUpCodes: Array.from({ length: 201 }, (_, i) => ({ id: `c${i}`, label: `Code ${i}` })) }, /wrapUpCodes/],
  ])('cards stay bounded: %s is refused', (_what, patch, message) => {
    expect(() => parseDeskConfig({ ...shipped, entryPoints: [], ...patch }, 'desk.json')).toThrow(message);
  });

  it('a missing or broken file is one clear line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentdesk-desk-'));
    expect(() => loadDeskConfig(join(dir, 'nope.json'), dir)).toThrow('DESK_CONFIG_FILE nope.json: cannot be read');
    await writeFile(join(dir, 'bad.json'), '{ "teams": [');
    expect(() => loadDeskConfig(join(dir, 'bad.json'), dir)).toThrow(/DESK_CONFIG_FILE bad\.json: is not valid JSON/);
  });

  it("ST-5: team members serve their team's channels; others the default team's", () => {
    const policy = policyOf({ ...shipped, teams: [...shipped.teams.map((t) => (t.id === 'digital' ? { ...t, members: ['chat-agent'] } : t))] });
    expect(policy.channelsOf('chat-agent')).not.toContain('voice');
    expect(policy.channelsOf('anyone-else')).toContain('voice');
  });
});
