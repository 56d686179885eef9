import { pickLocale, type Locale } from '../../cards/locale.ts';
import { say, type StringKey } from '../../cards/strings.ts';

/** The page's strings: the same tables as the cards (cards/i18n), so chat and tab word things alike. */
export type { Locale, StringKey };

/** A function that says a key in one language. */
export type Say = (key: StringKey, params?: Record<string, string | number>) => string;

/** The sayer for a Teams locale tag (English when unknown). */
export function sayerFor(tag: string | undefined): { locale: Locale; t: Say } {
  const locale = pickLocale(tag);
  return { locale, t: (key, params) => say(locale, key, params) };
}
