import { pickLocale, type Locale } from '../../cards/locale.js';
import da from './i18n/da.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import nb from './i18n/nb.json' with { type: 'json' };
import sv from './i18n/sv.json' with { type: 'json' };

/** A key of the customer page's strings; English defines the set, a test keeps the others complete. */
export type PageKey = keyof typeof en;

/** The customer page's strings, by language. */
export const PAGE_STRINGS: Readonly<Record<Locale, Readonly<Record<PageKey, string>>>> = { en, da, nb, sv };

/** A page string with `{name}` placeholders filled in (the values are escaped by whoever puts them in HTML). */
export function pageSay(locale: Locale, key: PageKey, params: Record<string, string | number> = {}): string {
  const template = PAGE_STRINGS[locale][key] ?? PAGE_STRINGS.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * The page language from the browser's Accept-Language (`da-DK,da;q=0.9,en;q=0.8`):
 * the supported language with the highest weight, English when none is.
 */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .slice(0, 1000)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = pickLocale(tag);
    // pickLocale answers English for anything it does not know: only a real English tag counts as English.
    if (locale !== 'en' || /^en\b/i.test(tag)) return locale;
  }
  return 'en';
}
