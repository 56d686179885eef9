import type { z } from 'zod';

/** A setting that cannot run the desk: the message is one line naming the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Turns the first zod issue into one line, "PREFIX path: what is wrong (got value)".
 * Values of settings named in `secret` are never shown.
 */
export function issueLine(prefix: string, error: z.ZodError, input: unknown, secret: readonly string[] = []): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix} is invalid`.trim();
  const path = issue.path.map(String).join('.');
  const got = secret.some((name) => issue.path.includes(name)) ? undefined : scalarAt(input, issue.path);
  const shown = got === undefined ? '' : ` (got ${JSON.stringify(got).slice(0, 80)})`;
  return `${[prefix, path].filter(Boolean).join(' ')}: ${issue.message}${shown}`;
}

function scalarAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return typeof current === 'object' ? undefined : current;
}
