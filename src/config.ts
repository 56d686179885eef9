import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ConfigError, issueLine } from './config-error.js';
import { isPostgresUrl } from './store/postgres-connection.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optionalText = z.string().trim().default('');

const schema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a port number from 0 to 65535 (0 picks a free port)' })
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(65535, 'must be at most 65535')
      .default(3978),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    MicrosoftAppId: optionalText.refine((v) => v === '' || GUID.test(v), "must be a GUID (the bot's app registration id) or empty for local anonymous mode"),
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalText.refine((v) => v === '' || GUID.test(v), 'must be a GUID (the Entra tenant id)'),
    DATA_FILE: z.string().trim().min(1).default('data/agentdesk.json'),
    // lowdb: one file, one process. postgres: several instances on one database (DATABASE_URL).
    STORE: z.enum(['lowdb', 'postgres']).default('lowdb'),
    DATABASE_URL: z.string().trim().refine(isPostgresUrl, 'must be a PostgreSQL URL: postgresql://user:password@host:5432/database').optional(),
    DATABASE_SCHEMA: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain schema name: lower-case letters, digits and _ (at most 63)')
      .default('public'),
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: 'must be a whole number of connections from 1 to 100' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(10),
    DESK_CONFIG_FILE: z.string().trim().min(1).default('config/desk.json'),
    DIRECTORY_FILE: z.string().trim().min(1).default('directory/people.json'),
    DIRECTORY_SOURCE: z.enum(['local', 'graph']).default('local'),
    // MSG-2: the Teams app's manifest id, which Graph installs for recipients who lack the app (default: MicrosoftAppId).
    TEAMS_APP_ID: optionalText,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    // JSON lines for log collectors; pretty (pino-pretty, a development dependency) for a person at a terminal.
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    // Not trimmed, like the platform secret: the bearer token a Prometheus scraper sends. Unset: no /metrics.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    // Not trimmed: the secret's bytes are what the platform signs with.
    PLATFORM_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    SIMULATOR: z.enum(['off', 'on']).default('off'),
    // PLAT-1: where commands go (`POST {PLATFORM_URL}/commands`); unset: the built-in simulator is the platform.
    PLATFORM_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL (the platform's base; commands go to {PLATFORM_URL}/commands)" }).optional(),
    // Not trimmed, like PLATFORM_SECRET: its bytes are the key of the commands' signatures.
    PLATFORM_COMMAND_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    PLATFORM_COMMAND_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a whole number of milliseconds from 100 to 4500' })
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(4500, 'must be at most 4500 (Teams waits about 5 s for an answer to a card action)')
      .default(3000),
    // How long an applied platform event id is remembered: the longest a platform may retry an event.
    EVENT_ID_RETENTION_HOURS: z.coerce
      .number({ error: 'must be a whole number of hours from 1 to 720' })
      .int('must be a whole number')
      .min(1)
      .max(720)
      .default(24),
    // How long ended contacts stay in the store after they were wrapped up.
    HISTORY_RETENTION_DAYS: z.coerce
      .number({ error: 'must be a whole number of days from 1 to 3650' })
      .int('must be a whole number')
      .min(1)
      .max(3650)
      .default(7),
    // PLAT-4: the longest wait between two tries of an outbox item (backoff doubles up to it, with full jitter).
    OUTBOX_RETRY_MAX_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds from 1 to 3600' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(3600, 'must be at most 3600')
      .default(60),
    // Teams SSO (CON-3): the Azure Bot OAuth connection that exchanges the Teams token; empty: no exchange.
    SSO_CONNECTION_NAME: optionalText,
    // The Playground has no real SSO: a visible development-only sign-in stands in, never with an app id.
    LOCAL_SIGNIN: z.enum(['off', 'on']).optional(),
    // The public host of the bot and the Desk tab: the tab's tokens are for api://<BOT_DOMAIN>/botid-<MicrosoftAppId>.
    BOT_DOMAIN: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a bare host name like "agentdesk.example.com" (no scheme, port or path)')
      .default('localhost'),
    // The built-in platform rings an agent's phone this long before it answers a routed call (SIMULATOR=on).
    SIMULATOR_ANSWER_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds from 0 to 60' })
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(60, 'must be at most 60')
      .default(3),
    // SUP-1: where customers reach the desk (join links, the join page); unset: the address the desk listens on.
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL: the address customers open join links on, like https://support.example.com' })
      .optional(),
    SIMULATOR_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds from 2 to 3600' })
      .int('must be a whole number')
      .min(2, 'must be at least 2')
      .max(3600, 'must be at most 3600')
      .default(20),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when STORE is postgres' });
    }
    if (env.DIRECTORY_SOURCE === 'graph' && (!env.MicrosoftAppId || !env.MicrosoftAppTenantId || !env.MicrosoftAppPassword)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DIRECTORY_SOURCE'],
        message: 'graph needs MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (the on-behalf-of flow)',
      });
    }
    if (env.PLATFORM_URL && !env.PLATFORM_COMMAND_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['PLATFORM_COMMAND_SECRET'], message: 'is required when PLATFORM_URL is set (commands are signed with it)' });
    }
    if (!env.MicrosoftAppId) return;
    if (env.LOCAL_SIGNIN === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_SIGNIN'],
        message: 'must be off when MicrosoftAppId is set (local sign-in is for the anonymous Playground only)',
      });
    }
    if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required when MicrosoftAppType is ${env.MicrosoftAppType}` });
    }
  });

/** Settings read once at start-up; frozen. An empty MicrosoftAppId means local anonymous mode. */
export type AppConfig = Readonly<z.infer<typeof schema> & { anonymous: boolean; rootDir: string }>;

/** Names of the settings, for the README and error messages. */
export const SETTING_NAMES = Object.keys(schema.shape) as Array<keyof z.infer<typeof schema>>;

/** Where settings come from besides `env`. */
export interface ConfigSources {
  /**
   * Also read `<rootDir>/.env` (the environment wins). Only start-up asks for it:
   * tests and benchmarks say what they want in `env`, so a developer's `.env`
   * (the README's sideload step puts an app id there) never changes them.
   */
  dotEnv?: boolean;
}

/**
 * Parses settings from `env` and, when asked, a `.env` file in `rootDir`
 * (environment wins). Throws ConfigError with one line naming the setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv, rootDir: string, sources: ConfigSources = {}): AppConfig {
  const fromFile = sources.dotEnv ? readDotEnv(resolve(rootDir, '.env')) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const name of SETTING_NAMES) if (env[name] !== undefined) merged[name] = env[name];
  // An empty value means "use the default", as for unset variables.
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];

  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      issueLine('', parsed.error, merged, ['MicrosoftAppPassword', 'PLATFORM_SECRET', 'PLATFORM_COMMAND_SECRET', 'DATABASE_URL', 'METRICS_TOKEN']),
    );
  }
  const value = parsed.data;
  return Object.freeze({
    ...value,
    DATA_FILE: resolve(rootDir, value.DATA_FILE),
    DESK_CONFIG_FILE: resolve(rootDir, value.DESK_CONFIG_FILE),
    DIRECTORY_FILE: resolve(rootDir, value.DIRECTORY_FILE),
    anonymous: value.MicrosoftAppId === '',
    rootDir,
  });
}

function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
