/** Languages the cards speak (SPEC 9); English is the fallback. */
export const LOCALES = ['en', 'da', 'nb', 'sv'] as const;

/** A supported card language. */
export type Locale = (typeof LOCALES)[number];

// Teams sends BCP 47 tags such as "da-DK", "nb-NO", "sv-SE"; "no" and "nn" read bokmål best.
const BY_LANGUAGE: Record<string, Locale> = { en: 'en', da: 'da', nb: 'nb', no: 'nb', nn: 'nb', sv: 'sv' };

/** Picks the card language for a Teams locale tag, English when unknown or missing. */
export function pickLocale(tag: string | undefined | null): Locale {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return BY_LANGUAGE[language] ?? 'en';
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
