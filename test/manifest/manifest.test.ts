import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAppPackage, type BuiltPackage } from '../../manifest/build-package.js';
import type { BotCommand, ManifestDocument } from '../../manifest/fill-template.js';
import { nonWhitePixels } from '../../manifest/icon-rules.js';
import { resolveSettings } from '../../manifest/package-env.js';
import { PackageValidationError } from '../../manifest/package-error.js';
import { decodePng, readPngSize } from '../../manifest/png.js';
import { validateDocument, validateManifest } from '../../manifest/schema-validator.js';
import { MANIFEST_DIR } from '../../manifest/sources.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const DOMAIN = 'agentdesk.example.com';
const LANGUAGE_FILES = ['da.json', 'nb-no.json', 'sv-se.json'];
const commands = JSON.parse(readFileSync(join(MANIFEST_DIR, 'commands.json'), 'utf8')) as BotCommand[];

// The validator must work offline: any fetch or socket is a test failure, not a slow pass.
const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network disabled in manifest tests'));
const connectSpy = vi.spyOn(Socket.prototype, 'connect').mockImplementation(() => {
  throw new Error('network disabled in manifest tests');
});
afterEach(() => {
  expect(fetchSpy).not.toHaveBeenCalled();
  expect(connectSpy).not.toHaveBeenCalled();
});

let work: string;
let built: BuiltPackage;
let zip: Record<string, Uint8Array>;
const json = (name: string) => JSON.parse(strFromU8(zip[name] ?? new Uint8Array())) as Record<string, unknown>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'agentdesk-manifest-'));
  const settings = resolveSettings({ MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN });
  built = buildAppPackage({ settings, outFile: join(work, 'build', 'appPackage.zip') });
  zip = unzipSync(readFileSync(built.zipPath));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Teams app package', () => {
  it('writes a zip holding the manifest, both icons and every localization file at its root', () => {
    expect(existsSync(built.zipPath)).toBe(true);
    expect(Object.keys(zip).sort()).toEqual(['color.png', 'manifest.json', 'outline.png', ...LANGUAGE_FILES].sort());
  });

  it('has a manifest that validates against the official v1.30 schema with zero errors', () => {
    const manifest = json('manifest.json');
    expect(manifest.manifestVersion).toBe('1.30');
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('fills every placeholder from the environment', () => {
    for (const [name, bytes] of Object.entries(zip)) {
      if (name.endsWith('.json')) expect(strFromU8(bytes), name).not.toContain('${{');
    }
    const manifest = json('manifest.json') as Record<string, any>;
    expect(manifest.id).toBe(APP_ID); // TEAMS_APP_ID defaults to the bot's id
    expect(manifest.bots?.[0]?.botId).toBe(APP_ID);
    // The token service's domain lets sign-in work from the message extension (Teams' auth docs).
    expect(manifest.validDomains).toEqual([DOMAIN, 'token.botframework.com']);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${DOMAIN}/botid-${APP_ID}` });
  });

  it('lists exactly the commands of commands.json in one command list per bot scope', () => {
    const bot = (json('manifest.json') as unknown as ManifestDocument).bots?.[0];
    expect(bot?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of bot?.scopes ?? []) {
      const lists = bot?.commandLists?.filter((l) => l.scopes.includes(scope)) ?? [];
      expect(lists, scope).toHaveLength(1);
      expect(lists[0]?.commands, scope).toEqual(commands);
    }
    expect(commands.map((c) => c.title)).toEqual(['help', 'status', 'messages', 'post', 'board', 'session']);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon', () => {
    expect(readPngSize(zip['color.png'] ?? new Uint8Array())).toEqual({ width: 192, height: 192 });
    expect(readPngSize(zip['outline.png'] ?? new Uint8Array())).toEqual({ width: 32, height: 32 });
  });

  it('draws the outline icon in white only, on a fully transparent background', () => {
    const bytes = zip['outline.png'] ?? new Uint8Array();
    expect(nonWhitePixels(bytes)).toEqual({ count: 0, first: null });
    const { data } = decodePng(bytes);
    const alphas = [...data.filter((_, i) => i % 4 === 3)];
    expect(alphas[0]).toBe(0); // corner is background
    expect(alphas.filter((a) => a === 255).length).toBeGreaterThan(100); // and there is a mark
  });

  it('has localization files that validate and translate every command in every scope', () => {
    for (const file of LANGUAGE_FILES) {
      const strings = json(file);
      expect(validateDocument(strings, '1.30', 'localization'), file).toEqual([]);
      for (let list = 0; list < 3; list++) {
        for (let j = 0; j < commands.length; j++) {
          expect(strings[`bots[0].commandLists[${list}].commands[${j}].title`], `${file} list ${list} cmd ${j}`).toBeTypeOf('string');
          expect(strings[`bots[0].commandLists[${list}].commands[${j}].description`]).toBeTypeOf('string');
        }
      }
    }
    expect(json('da.json')['bots[0].commandLists[2].commands[0].title']).toBe('hjælp');
  });
});

describe('schema validation rejects broken documents', () => {
  const valid = () => structuredClone(built.manifest) as Record<string, any>;

  it.each([
    [
      'a non-GUID app id',
      (m: Record<string, any>) => {
        m.id = 'agentdesk';
      },
      '/id must match pattern',
    ],
    [
      'a non-GUID bot id',
      (m: Record<string, any>) => {
        m.bots[0].botId = 'not-a-guid';
      },
      '/bots/0/botId',
    ],
    [
      'an unknown property',
      (m: Record<string, any>) => {
        m.colour = 'teal';
      },
      'must NOT have additional properties (colour)',
    ],
    [
      'a too long short name',
      (m: Record<string, any>) => {
        m.name.short = 'A'.repeat(31);
      },
      '/name/short',
    ],
    ['an unknown bot scope', (m: Record<string, any>) => void m.bots[0].scopes.push('meeting'), '/bots/0/scopes/3'],
    [
      'a mismatched manifestVersion',
      (m: Record<string, any>) => {
        m.manifestVersion = '1.29';
      },
      '/$schema must be the official',
    ],
    [
      'a $schema URL off Microsoft',
      (m: Record<string, any>) => {
        m.$schema = 'https://example.com/MicrosoftTeams.schema.json';
      },
      '/$schema',
    ],
  ])('rejects %s', (_label, breakIt, expected) => {
    const manifest = valid();
    breakIt(manifest);
    const issues = validateManifest(manifest);
    expect(issues.join('\n')).toContain(expected);
  });

  it('rejects a localization file with an empty name or a key the schema does not know', () => {
    const strings = { ...json('sv-se.json'), 'name.short': '   ', tagline: 'AgentDesk' };
    const issues = validateDocument(strings, '1.30', 'localization').join('\n');
    expect(issues).toContain('/name.short must match pattern');
    expect(issues).toContain('(tagline)');
  });

  it('refuses to write a package from a broken template and reports every problem', () => {
    const dir = join(work, 'broken-manifest');
    cpSync(MANIFEST_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const template = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, any>;
    template.developer.websiteUrl = 'ftp://agentdesk.example.com';
    template.icons.outline = 'color.png';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(template));
    const outFile = join(work, 'broken', 'appPackage.zip');
    const settings = resolveSettings({ MicrosoftAppId: APP_ID });

    let caught: unknown;
    try {
      buildAppPackage({ settings, outFile, manifestDir: dir });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(PackageValidationError);
    const issues = (caught as PackageValidationError).issues;
    expect(issues.join('\n')).toContain('/developer/websiteUrl must match pattern');
    expect(issues.join('\n')).toContain('outline icon must be 32x32, is 192x192');
    expect(existsSync(outFile)).toBe(false);
  });
});
