import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { createConsoleLog, PrettyLogUnavailableError } from './log.js';
import { StoreUnavailableError } from './store/store-port.js';
import { describeTarget } from './store/postgres-connection.js';
import { DirectoryFileError } from './directory/local-directory.js';

// src/main.ts under tsx and dist/main.js when built both sit one folder below the project root.
const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const config = loadConfig(process.env, rootDir, { dotEnv: true });
  const log = await createConsoleLog(config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createApp(config, log);
  const port = await app.listen(config.PORT, config.HOST);
  const mode = config.anonymous ? 'local anonymous mode (no MicrosoftAppId)' : `app ${config.MicrosoftAppId}`;
  // Where the state lives, never with the database password.
  const store =
    config.STORE === 'postgres' ? { database: `${describeTarget(config.DATABASE_URL!)} schema ${config.DATABASE_SCHEMA}` } : { dataFile: config.DATA_FILE };
  log.info('desk.started', { url: `http://${config.HOST}:${port}/api/messages`, mode, ...store });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('desk.stopping', { signal });
    await app.stop();
    log.info('desk.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Configuration and storage problems are the operator's to fix: one clear line, no stack.
  if (
    error instanceof ConfigError ||
    error instanceof StoreUnavailableError ||
    error instanceof DirectoryFileError ||
    error instanceof PrettyLogUnavailableError
  ) {
    process.stderr.write(`AgentDesk cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`AgentDesk cannot start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  }
  process.exit(1);
});
