import { spawn, type ChildProcess } from 'node:child_process';
import { SETTING_NAMES } from '../../src/config.js';

const ROOT = new URL('../..', import.meta.url).pathname;
// main.ts reads the root's .env and the environment, as `npm start` must. An empty value means "the default"
// and wins over .env, so every setting starts blank: neither a developer's .env nor their shell changes a test.
const DEFAULTS = Object.fromEntries(SETTING_NAMES.map((name) => [name, '']));

/** A desk started as `npm start` starts it: its process, everything it printed, and its exit code. */
export interface DeskProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** The base URL it logged in desk.started, once it did. */
  started(ms?: number): Promise<string>;
}

/**
 * Starts `src/main.ts` with these settings and every other one at its default
 * (the rest of the environment, PATH and such, is passed on). Node
 * loads tsx as a hook rather than through tsx's command, which relays a signal
 * only if the desk confirms it within 30 ms and else kills it: on a busy
 * machine that turned a clean SIGTERM stop into exit code 143.
 */
export function startDeskProcess(env: Record<string, string>): DeskProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...DEFAULTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async started(ms = 60_000) {
      const end = Date.now() + ms;
      for (;;) {
        const line = output.split('\n').find((l) => l.includes('desk.started'));
        if (line) return (JSON.parse(line).url as string).replace('/api/messages', '');
        if (Date.now() > end || child.exitCode !== null) throw new Error(`the desk did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
