/**
 * `npm run package`: builds build/appPackage.zip from manifest/ using MicrosoftAppId,
 * TEAMS_APP_ID and BOT_DOMAIN from the environment or .env. Exits 1 if the package is invalid.
 */
import { join, relative } from 'node:path';
import { buildAppPackage } from './build-package.js';
import { readEnv, resolveSettings } from './package-env.js';
import { PackageValidationError } from './package-error.js';

const root = join(import.meta.dirname, '..');

try {
  const settings = resolveSettings(readEnv(root));
  if (settings.localOnly) {
    console.warn('warning: MicrosoftAppId is not set; using a placeholder GUID, so this package is for local validation only');
  }
  const built = buildAppPackage({ settings, outFile: join(root, 'build', 'appPackage.zip') });
  console.log(`wrote ${relative(root, built.zipPath)}: ${Object.keys(built.files).join(', ')}`);
} catch (error) {
  if (!(error instanceof PackageValidationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
