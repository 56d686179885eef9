/**
 * What PostgreSQL's text and jsonb cannot hold: U+0000, and UTF-16 surrogates
 * that are not part of a pair (Node would send U+FFFD in their place, so two
 * different keys would become one). JSON.stringify writes both as `\u` escapes
 * (lower-case hex), so a JSON text is checked for those escapes that are not
 * themselves escaped backslashes.
 */
const BAD_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;
/** In a `u` regex a surrogate class only matches a surrogate that is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const NUL = 'U+0000';
const SURROGATE = 'a lone UTF-16 surrogate';

/** What in this string PostgreSQL cannot hold, or undefined when it can hold all of it. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL;
  if (LONE_SURROGATE.test(text)) return SURROGATE;
  return undefined;
}

/** What in this JSON text (as JSON.stringify makes it) PostgreSQL cannot hold, or undefined. */
export function unstorableJson(json: string): string | undefined {
  // The common case has no escape at all: one scan, no regex.
  if (!json.includes('\\u')) return undefined;
  const bad = BAD_ESCAPE.exec(json);
  if (!bad) return undefined;
  return bad[0].endsWith('0000') ? NUL : SURROGATE;
}
