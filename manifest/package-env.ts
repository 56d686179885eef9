import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { fillPlaceholders } from './fill-template.js';
import { PackageValidationError } from './package-error.js';

/** GUID used when MicrosoftAppId is unset: matches the schema's GUID pattern, obviously not a real app. */
export const PLACEHOLDER_APP_ID = '00000000-0000-4000-8000-000000000000';

/** Host used when BOT_DOMAIN is unset; the schema takes any string for validDomains. */
export const DEFAULT_BOT_DOMAIN = 'localhost';

/** Values the package step fills into the manifest template. */
export interface PackageSettings {
  /** Entra app id of the bot (`MicrosoftAppId`). */
  appId: string;
  /** Teams app id (`TEAMS_APP_ID`), the bot's app id unless set. */
  teamsAppId: string;
  /** Public host of the bot, without scheme or path (`BOT_DOMAIN`). */
  botDomain: string;
  /** True when MicrosoftAppId was missing and the placeholder GUID was used. */
  localOnly: boolean;
}

/** Merges `<root>/.env` (if present) under `env`; the real environment wins, as with dotenv. */
export function readEnv(root: string, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = join(root, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** Picks and checks the three settings, applying local-validation defaults when unset or empty. */
export function resolveSettings(env: Record<string, string | undefined>): PackageSettings {
  const get = (name: string) => env[name]?.trim() || undefined;
  const appId = get('MicrosoftAppId');
  const botDomain = get('BOT_DOMAIN') ?? DEFAULT_BOT_DOMAIN;
  // validDomains and the api:// resource want a bare host; a pasted tunnel URL is the usual mistake.
  if (/[/:\s]/.test(botDomain)) {
    throw new PackageValidationError([`BOT_DOMAIN must be a bare host name like "agentdesk.example.com", got "${botDomain}"`]);
  }
  return {
    appId: appId ?? PLACEHOLDER_APP_ID,
    teamsAppId: get('TEAMS_APP_ID') ?? appId ?? PLACEHOLDER_APP_ID,
    botDomain,
    localOnly: appId === undefined,
  };
}

/** The template's placeholder names mapped to their values. */
export function placeholderValues(settings: PackageSettings): Record<string, string> {
  return {
    MicrosoftAppId: settings.appId,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_DOMAIN: settings.botDomain,
  };
}

/** The manifest's `webApplicationInfo.resource` for these settings: the audience of the Desk tab's SSO tokens. */
export function webApplicationResource(template: { webApplicationInfo?: { resource?: string } }, settings: PackageSettings): string {
  const resource = template.webApplicationInfo?.resource;
  if (!resource) throw new PackageValidationError(['manifest.json has no webApplicationInfo.resource']);
  return fillPlaceholders(resource, placeholderValues(settings));
}
