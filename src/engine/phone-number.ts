import { fail, ok, type Result } from './result.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const SIP_URI = /^sips?:[^\s@:;]+@[A-Za-z0-9.-]+(:\d{1,5})?(;[^\s]*)?$/i;
// Visual separators people type in phone numbers; anything else makes the number invalid.
const SEPARATORS = /[\s\-().]/g;

/**
 * Validates and normalises an agent's registered phone (ST-5): an E.164 number
 * (separators removed) or a SIP URI (scheme lower-cased).
 */
export function normalizeAgentPhone(input: string): Result<string, 'phone.invalid'> {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 256) return fail('phone.invalid');
  if (/^sips?:/i.test(trimmed)) {
    if (!SIP_URI.test(trimmed)) return fail('phone.invalid');
    const colon = trimmed.indexOf(':');
    return ok(trimmed.slice(0, colon).toLowerCase() + trimmed.slice(colon));
  }
  const compact = trimmed.replace(SEPARATORS, '');
  return E164.test(compact) ? ok(compact) : fail('phone.invalid');
}
