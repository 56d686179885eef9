/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** A structured logger: one JSON line per event. Callers pass ids, never names, phones or variable values. */
export interface Log {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Creates a logger writing JSON lines through `write` (stdout by default). */
export function createLog(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (RANK[lvl] < RANK[level]) return;
      write(JSON.stringify({ level: lvl, event, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The error's kind and message only: stacks stay out of logs that leave the process. */
export function errorFields(error: unknown): Record<string, string> {
  return error instanceof Error ? { error: error.name, message: error.message } : { error: String(error) };
}
