/** Why a dial number was refused (CON-2). */
export type DialNumberRefusal = 'tooShort' | 'tooLong' | 'empty';

/** A cleaned dial number, or why it cannot be dialled (CON-2). */
export type CleanDialNumber = { ok: true; value: string } | { ok: false; reason: DialNumberRefusal };

/** The number shapes CON-2 names; `other` is dialled as typed (an extension, a short code). */
export type DialNumberFormat = 'us' | 'e164' | 'idd' | 'other';

const MIN_DIGITS = 3;
const MAX_DIGITS = 18;
// CON-2: digits and these four survive; letters, spaces, dashes, dots, brackets... are stripped.
const NOT_DIALLABLE = /[^0-9+#*:]/g;

/**
 * Cleans a typed dial number (CON-2): keeps digits and `+ # * :`, strips every
 * other character, then requires 3 to 18 digits.
 */
export function cleanDialNumber(input: string): CleanDialNumber {
  const value = input.replace(NOT_DIALLABLE, '');
  const digitCount = value.replace(/\D/g, '').length;
  if (digitCount === 0) return { ok: false, reason: 'empty' };
  if (digitCount < MIN_DIGITS) return { ok: false, reason: 'tooShort' };
  if (digitCount > MAX_DIGITS) return { ok: false, reason: 'tooLong' };
  return { ok: true, value };
}

/** Which CON-2 format a cleaned dial number has: US `+1AAANNNNNNN`, E.164 `+CCN...`, IDD `011CCN...`. */
export function dialNumberFormat(cleaned: string): DialNumberFormat {
  if (/^\+1[2-9]\d{2}[2-9]\d{6}$/.test(cleaned)) return 'us';
  if (/^\+[1-9]\d{2,17}$/.test(cleaned)) return 'e164';
  if (/^011[1-9]\d{2,15}$/.test(cleaned)) return 'idd';
  return 'other';
}

/**
 * A phone number reduced to compare with others: digits only, a leading `+`
 * kept, and the international prefixes `00` and `011` written as `+`.
 * Empty when the input holds no digits.
 */
export function normalizePhone(input: string): string {
  const trimmed = input.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 0) return '';
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('011')) return `+${digits.slice(3)}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}

/** True when both are the same phone number once normalised (`+45 33 12 34 56` = `0045 33123456`). */
export function samePhone(a: string, b: string): boolean {
  const left = normalizePhone(a);
  return left.length > 0 && left === normalizePhone(b);
}
