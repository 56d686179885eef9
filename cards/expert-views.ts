import type { Locale } from './locale.js';
import { clip, MAX_NAME } from './format.js';
import { isStringKey, say } from './strings.js';

/** The local (development-only) sign-in card (CON-3 in the Playground, which has no Teams SSO). */
export interface SignInView {
  title: string;
  error: string;
  text: string;
  button: string;
  /** Set once signed in: the card then says so and drops its button. */
  done: string;
}

/** One organization expert as a card with Consult (CON-1, CON-3). */
export interface ExpertView {
  id: string;
  title: string;
  subtitle: string;
  presenceText: string;
  consultTitle: string;
}

/** The facts about an expert that a card may show: never mail or phone (previews list only these). */
export interface ExpertFacts {
  id: string;
  displayName: string;
  jobTitle: string;
  department: string;
  presence?: { availability: string; updatedAt: string };
}

/** The local sign-in card; `until` (already formatted) marks it as done. */
export function signInView(locale: Locale, until?: string): SignInView {
  return {
    title: say(locale, 'signIn.localTitle'),
    error: '',
    text: say(locale, 'signIn.localText'),
    button: say(locale, 'signIn.localButton'),
    done: until ? say(locale, 'signIn.localDone', { until }) : '',
  };
}

/** The expert card a person inserts from the search. */
export function expertView(expert: ExpertFacts, locale: Locale, now: Date): ExpertView {
  return {
    id: expert.id,
    title: clip(expert.displayName, MAX_NAME),
    subtitle: expertSubtitle(expert),
    presenceText: presenceText(expert, locale, now),
    consultTitle: say(locale, 'experts.consult'),
  };
}

/** "job title · department", leaving out what is empty. */
export function expertSubtitle(expert: ExpertFacts): string {
  return [expert.jobTitle, expert.department]
    .filter((part) => part.trim() !== '')
    .map((part) => clip(part, MAX_NAME))
    .join(' · ');
}

/** "Available · 4 min ago": presence can lag, so its age is always shown (CON-3). Empty without presence. */
export function presenceText(expert: ExpertFacts, locale: Locale, now: Date): string {
  if (!expert.presence) return '';
  return say(locale, 'experts.presence', {
    availability: availabilityLabel(expert.presence.availability, locale),
    age: ageText(expert.presence.updatedAt, locale, now),
  });
}

/** Graph's availability in the reader's language; a value we have no words for ("BeRightBack") is shown as a phrase. */
export function availabilityLabel(availability: string, locale: Locale): string {
  const key = `presence.${availability}`;
  if (isStringKey(key)) return say(locale, key);
  const words = availability.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How long ago an instant was, coarsely; an unreadable or future instant reads as "just now". */
function ageText(iso: string, locale: Locale, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  const minutes = Number.isFinite(ms) ? Math.floor(ms / 60_000) : 0;
  if (minutes < 1) return say(locale, 'age.now');
  if (minutes < 60) return say(locale, 'age.minutes', { n: minutes });
  if (minutes < 48 * 60) return say(locale, 'age.hours', { n: Math.floor(minutes / 60) });
  return say(locale, 'age.days', { n: Math.floor(minutes / (24 * 60)) });
}
