import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup: builds dist/ with `npm run build` once per run, so the
 * tests of the production entry (`npm start`) always run today's code, and CI
 * runs the build on every test run.
 */
export default function buildDist(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'inherit' });
}
