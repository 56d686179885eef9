import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../manifest/fill-template.js';
import { checkIcon } from '../../manifest/icon-rules.js';
import { expandCommandTranslations } from '../../manifest/localize.js';
import { PLACEHOLDER_APP_ID, readEnv, resolveSettings } from '../../manifest/package-env.js';
import { PackageValidationError } from '../../manifest/package-error.js';
import { decodePng, encodePng } from '../../manifest/png.js';
import { loadCommandAliases } from '../../manifest/sources.js';

const ID_A = '11111111-2222-4333-8444-555555555555';
const ID_B = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('package settings', () => {
  it('falls back to a placeholder GUID and localhost, flagged local-only, when nothing is set', () => {
    expect(resolveSettings({})).toEqual({
      appId: PLACEHOLDER_APP_ID,
      teamsAppId: PLACEHOLDER_APP_ID,
      botDomain: 'localhost',
      localOnly: true,
    });
  });

  it('uses MicrosoftAppId as the Teams app id unless TEAMS_APP_ID is set', () => {
    expect(resolveSettings({ MicrosoftAppId: ID_A }).teamsAppId).toBe(ID_A);
    expect(resolveSettings({ MicrosoftAppId: ID_A, TEAMS_APP_ID: ID_B }).teamsAppId).toBe(ID_B);
    expect(resolveSettings({ MicrosoftAppId: ID_A }).localOnly).toBe(false);
  });

  it('rejects a BOT_DOMAIN that is a URL rather than a host', () => {
    expect(() => resolveSettings({ BOT_DOMAIN: 'https://abc.devtunnels.ms/' })).toThrow(PackageValidationError);
  });

  it('reads .env but lets the real environment win', () => {
    const root = mkdtempSync(join(tmpdir(), 'agentdesk-env-'));
    try {
      writeFileSync(join(root, '.env'), `MicrosoftAppId=${ID_A}\nBOT_DOMAIN=from-file.example.com\n`);
      const env = readEnv(root, { BOT_DOMAIN: 'from-env.example.com' });
      expect(resolveSettings(env)).toMatchObject({ appId: ID_A, botDomain: 'from-env.example.com' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('template filling and localization', () => {
  it('names every placeholder that has no value', () => {
    expect(() => fillPlaceholders({ a: '${{NOPE}}', b: ['${{ALSO_NOPE}}'] }, {})).toThrow(/NOPE[\s\S]*ALSO_NOPE/);
  });

  it('fills values as data, so quotes cannot break the JSON', () => {
    expect(fillPlaceholders({ a: 'x ${{V}} y' }, { V: '"}' })).toEqual({ a: 'x "} y' });
  });

  it('reports a command that a language file does not translate', () => {
    const commands = [
      { title: 'help', description: 'Help' },
      { title: 'status', description: 'Status' },
    ];
    const strings = { 'bots[0].commandLists[0].commands[0].title': 'hjælp', 'bots[0].commandLists[0].commands[0].description': 'Hjælp' };
    const { issues } = expandCommandTranslations(strings, commands, 3);
    expect(issues).toEqual([
      'missing title translation for command "status" (bots[0].commandLists[0].commands[1].title)',
      'missing description translation for command "status" (bots[0].commandLists[0].commands[1].description)',
    ]);
  });

  it('exposes the localized titles Teams may send for each command', () => {
    expect(loadCommandAliases()).toEqual({
      help: ['help', 'hjælp', 'hjelp', 'hjälp'],
      status: ['status'],
      messages: ['messages', 'beskeder', 'meldinger', 'meddelanden'],
      post: ['post', 'send', 'skicka'],
      board: ['board', 'oversigt', 'oversikt', 'översikt'],
      session: ['session', 'økt'],
    });
  });
});

describe('icons', () => {
  const image = (rgba: number[]) => ({ width: 32, height: 32, data: Uint8Array.from({ length: 32 * 32 * 4 }, (_, i) => rgba[i % 4] ?? 0) });

  it('round-trips RGBA pixels through the PNG encoder and decoder', () => {
    const original = image([12, 200, 99, 128]);
    expect(decodePng(encodePng(original))).toEqual(original);
  });

  it('rejects an outline icon with a coloured pixel and a colour icon of the wrong size', () => {
    const outline = image([0, 0, 0, 0]);
    outline.data.set([255, 0, 0, 255], (3 * 32 + 5) * 4);
    expect(checkIcon('outline', 'outline.png', encodePng(outline))).toEqual([
      'outline.png: outline icon must be white on transparent; 1 pixels are not (first at x=5, y=3)',
    ]);
    expect(checkIcon('color', 'color.png', encodePng(outline))).toEqual(['color.png: color icon must be 192x192, is 32x32']);
  });
});
