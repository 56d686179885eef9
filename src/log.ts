import { pino, stdTimeFunctions, type DestinationStream, type LoggerOptions } from 'pino';
import { currentTurn } from './turn-scope.js';

/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** How log lines look: JSON lines for machines (production), or readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** A structured logger: one JSON line per event. Callers pass ids, never names, phones or variable values. */
export interface Log {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

// A second line of defence behind "callers pass ids": fields that would hold what a person typed,
// a customer's data or a credential are masked even if a caller passes them by mistake.
const REDACTED = [
  'text',
  'value',
  'variables',
  'phone',
  'token',
  'password',
  'authorization',
  '*.text',
  '*.value',
  '*.variables',
  '*.phone',
  '*.token',
  '*.authorization',
  'contact.from',
];

/** pino's options shared by every format: the event name as message, level names, ISO time, the turn id. */
function options(level: LogLevel): LoggerOptions {
  return {
    level,
    messageKey: 'event',
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED, censor: '[redacted]' },
    mixin: () => {
      const turn = currentTurn();
      return turn ? { turn } : {};
    },
  };
}

/** Keeps the `Log` interface (event name first) in front of pino (fields first). */
function adapt(logger: pino.Logger): Log {
  return {
    debug: (event, fields = {}) => logger.debug(fields, event),
    info: (event, fields = {}) => logger.info(fields, event),
    warn: (event, fields = {}) => logger.warn(fields, event),
    error: (event, fields = {}) => logger.error(fields, event),
  };
}

/** Creates a logger writing JSON lines through `write` (stdout by default, synchronously, so nothing is lost at exit). */
export function createLog(level: LogLevel, write?: (line: string) => void): Log {
  const destination: DestinationStream = write ? { write: (line: string) => write(line.trimEnd()) } : pino.destination({ dest: 1, sync: true });
  return adapt(pino(options(level), destination));
}

/** The process logger: JSON lines, or readable lines through pino-pretty (a development dependency) for `npm run dev`. */
export async function createConsoleLog(level: LogLevel, format: LogFormat): Promise<Log> {
  if (format === 'json') return createLog(level);
  const { default: pretty } = await import('pino-pretty').catch(() => {
    throw new PrettyLogUnavailableError();
  });
  const stream = pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    messageKey: 'event',
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
  return adapt(pino(options(level), stream));
}

/** LOG_FORMAT=pretty on an install without development dependencies. */
export class PrettyLogUnavailableError extends Error {
  override name = 'PrettyLogUnavailableError';
  constructor() {
    super('LOG_FORMAT: pretty needs pino-pretty, a development dependency (npm ci without --omit=dev); use json in production');
  }
}

/** The error's kind and message only: stacks stay out of logs that leave the process. */
export function errorFields(error: unknown): Record<string, string> {
  return error instanceof Error ? { error: error.name, message: error.message } : { error: String(error) };
}
