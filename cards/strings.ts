import da from './i18n/da.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import nb from './i18n/nb.json' with { type: 'json' };
import sv from './i18n/sv.json' with { type: 'json' };
import type { Locale } from './locale.js';

/** A key of the card strings; English defines the set, a test keeps the others complete. */
export type StringKey = keyof typeof en;

/** All strings of one language. */
export type Strings = Readonly<Record<StringKey, string>>;

/** The string tables, by language. */
export const STRINGS: Readonly<Record<Locale, Strings>> = { en, da, nb, sv };

/** A localized string with `{name}` placeholders filled in. */
export function say(locale: Locale, key: StringKey, params: Record<string, string | number> = {}): string {
  const template = STRINGS[locale][key] ?? STRINGS.en[key];
  // Most strings have no placeholder: a card renders dozens of them per turn.
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Whether a key exists, for codes that arrive as data (engine error codes). */
export function isStringKey(key: string): key is StringKey {
  return Object.hasOwn(en, key);
}
