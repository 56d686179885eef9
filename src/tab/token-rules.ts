import { resolveSettings, webApplicationResource } from '../../manifest/package-env.js';
import { readSources } from '../../manifest/sources.js';
import type { AppConfig } from '../config.js';
import type { TokenRules } from './entra-token.js';

/**
 * The rules for the tab's Teams tokens: audience is the manifest's
 * `webApplicationInfo.resource` filled exactly as `npm run package` fills it,
 * so the two cannot drift apart. Undefined in local anonymous mode (no app id).
 */
export function tokenRulesOf(config: AppConfig): TokenRules | undefined {
  if (config.anonymous) return undefined;
  const settings = resolveSettings({ MicrosoftAppId: config.MicrosoftAppId, BOT_DOMAIN: config.BOT_DOMAIN });
  return {
    resource: webApplicationResource(readSources().template as { webApplicationInfo?: { resource?: string } }, settings),
    appId: config.MicrosoftAppId,
    ...(config.MicrosoftAppTenantId ? { tenantId: config.MicrosoftAppTenantId } : {}),
  };
}
