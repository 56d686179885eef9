import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage } from '../../manifest/build-package.js';
import { resolveSettings, webApplicationResource } from '../../manifest/package-env.js';
import { validateManifest } from '../../manifest/schema-validator.js';
import { readSources } from '../../manifest/sources.js';
import { loadConfig } from '../../src/config.js';
import { tokenRulesOf } from '../../src/tab/token-rules.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const DOMAIN = 'desk.contoso.example';

let work: string;
let files: Record<string, Uint8Array>;
const json = (name: string) => JSON.parse(strFromU8(files[name] ?? new Uint8Array())) as Record<string, any>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'agentdesk-tab-manifest-'));
  const built = buildAppPackage({ settings: resolveSettings({ MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN }), outFile: join(work, 'appPackage.zip') });
  files = unzipSync(readFileSync(built.zipPath));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Desk tab in the Teams app package', () => {
  it('declares a personal static tab on BOT_DOMAIN beside the bot chat, and the manifest still validates', () => {
    const manifest = json('manifest.json');
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest.staticTabs).toEqual([
      { entityId: 'desk', name: 'Desk', contentUrl: `https://${DOMAIN}/tab/`, scopes: ['personal'], context: ['personalTab'] },
      { entityId: 'conversations', scopes: ['personal'] },
    ]);
    // Teams loads the tab only from a domain the app lists.
    expect(manifest.validDomains).toContain(DOMAIN);
  });

  it('names the tab in Danish, Norwegian and Swedish', () => {
    expect(json('da.json')['staticTabs[0].name']).toBe('Skrivebord');
    expect(json('nb-no.json')['staticTabs[0].name']).toBe('Skrivebord');
    expect(json('sv-se.json')['staticTabs[0].name']).toBe('Skrivbord');
  });

  it("checks tab tokens against the manifest's own webApplicationInfo.resource, filled as the package fills it", () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', BOT_DOMAIN: DOMAIN }, '/srv/desk');
    const rules = tokenRulesOf(config);
    expect(rules?.resource).toBe(json('manifest.json').webApplicationInfo.resource);
    expect(rules?.resource).toBe(`api://${DOMAIN}/botid-${APP_ID}`);
    expect(webApplicationResource(readSources().template as any, resolveSettings({ MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN }))).toBe(rules?.resource);
    // Without an app id there is no Teams sign-in: the page offers a development identity instead.
    expect(tokenRulesOf(loadConfig({}, '/srv/desk'))).toBeUndefined();
  });

  it('refuses a BOT_DOMAIN that is not a bare host name, with one line naming it', () => {
    expect(() => loadConfig({ BOT_DOMAIN: 'https://desk.contoso.example/' }, '/srv/desk')).toThrow(/^BOT_DOMAIN: must be a bare host name/);
  });
});
