/** Languages the cards speak (SPEC 9); English is the fallback. */
export const LOCALES = ['en', 'da', 'nb', 'sv'] as const;

/** A supported card language. */
export type Locale = (typeof LOCALES)[number];

// Teams sends BCP 47 tags such as "da-DK", "nb-NO", "sv-SE"; "no" and "nn" read bokmål best.
// A Map: the tag comes from the client, and "constructor" must not find Object's own.
const BY_LANGUAGE: ReadonlyMap<string, Locale> = new Map([
  ['en', 'en'],
  ['da', 'da'],
  ['nb', 'nb'],
  ['no', 'nb'],
  ['nn', 'nb'],
  ['sv', 'sv'],
]);

/** Picks the card language for a Teams locale tag, English when unknown, missing or not text. */
export function pickLocale(tag: unknown): Locale {
  if (typeof tag !== 'string') return 'en';
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return BY_LANGUAGE.get(language) ?? 'en';
}

/** Labels an admin may give per language; `label` is the fallback. */
export interface LocalizedLabel {
  label: string;
  labels?: Partial<Record<Locale, string>>;
}

/** The label in the user's language, or the admin's default label. */
export function labelIn(item: LocalizedLabel, locale: Locale): string {
  return item.labels?.[locale] ?? item.label;
}
