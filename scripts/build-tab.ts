/**
 * Builds the Desk tab page (Vite) into build/tab/, which the server serves under
 * /tab/. With --if-stale it builds only when a source is newer than the last
 * build, so `npm start` and the end-to-end tests stay quick after the first time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** What the page is made from: its own sources, the card strings and templates it shares, and the locked dependencies. */
const SOURCES = ['tab', 'cards', 'src/tab/tab-wire.ts', 'src/desk-views/desk-read-model.ts', 'package-lock.json'];
const BUILT = join(ROOT, 'build', 'tab', 'index.html');

function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether build/tab is missing or older than any of its sources. */
export function tabIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => existsSync(join(ROOT, source)) && newest(join(ROOT, source)) > built);
}

/** Runs `vite build` for the tab; throws when it fails. */
export function buildTab(): void {
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const run = spawnSync(vite, ['build', '--config', join(ROOT, 'tab', 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the Desk tab build failed (vite exited ${run.status ?? run.signal})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--if-stale') && !tabIsStale()) process.exit(0);
  try {
    buildTab();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
