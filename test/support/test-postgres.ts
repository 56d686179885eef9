import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const SCRIPT = new URL('../../scripts/test-postgres.sh', import.meta.url).pathname;
const run = promisify(execFile);

/** A PostgreSQL for tests: its URL, and how to stop it when the tests started it. */
export interface TestServer {
  url: string;
  /** The throwaway cluster's folder, when scripts/test-postgres.sh started one. */
  dir?: string;
  /** Fast shutdown, as a restart begins: connections get "terminating connection due to administrator command". */
  pause(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops it and removes its folder (nothing when the server was not started by the tests). */
  stop(): Promise<void>;
}

/**
 * The server of scripts/test-postgres.sh: `ensure` takes $DATABASE_URL, else
 * one on 127.0.0.1:5432, else starts a throwaway cluster; `fresh` always starts one.
 */
export async function startTestServer(mode: 'ensure' | 'fresh'): Promise<TestServer> {
  const { stdout } = await run('bash', [SCRIPT, mode], { env: process.env, timeout: 120_000 }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`scripts/test-postgres.sh ${mode} failed: ${(error.stderr || error.message).trim()}`);
  });
  const lines = new Map(stdout.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const url = lines.get('DATABASE_URL');
  if (!url) throw new Error(`scripts/test-postgres.sh ${mode} printed no DATABASE_URL`);
  const dir = lines.get('TEST_PG_DIR');
  const control = async (command: string) => {
    if (!dir) throw new Error(`the tests did not start the server at ${url}, so they cannot ${command} it`);
    await run('bash', [SCRIPT, command, dir], { timeout: 120_000 });
  };
  return { url, dir, pause: () => control('pause'), resume: () => control('resume'), stop: async () => (dir ? control('stop') : undefined) };
}
