/**
 * The CON-3 matching rules, shared by the in-memory index, the linear scan the
 * benchmark compares it with, and the Graph directory's local filtering.
 */
import { normalizePhone, samePhone } from '../engine/dial-number.js';
import type { Person } from './directory-port.js';

/** A parsed expert query: a full phone number, or words that must each prefix a field word. */
export type ExpertQuery = { kind: 'phone'; number: string } | { kind: 'words'; words: string[] } | { kind: 'none' };

// Letters NFD does not decompose (ø, æ, ß...) or that people type without their mark.
const LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', å: 'a', ö: 'o', ä: 'a', ü: 'u', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ł: 'l' };
const SPECIAL = /[øæåöäüßđðþł]/g;
const COMBINING = /\p{M}+/gu;
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
// Digits with the separators people type in phone numbers, and nothing else.
const PHONE_LIKE = /^\+?[\d\s\-()./]+$/;
const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Lower-cases and strips accents, so "Søren", "SØREN" and "soren" compare equal. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(SPECIAL, (c) => LETTERS[c] ?? c)
    .normalize('NFD')
    .replace(COMBINING, '');
}

/** The folded words of a text ("Fibre-network Specialist" -> fibre, network, specialist). */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .split(WORD_BREAK)
    .filter((w) => w.length > 0);
}

/** Reads what an agent typed: a phone number when it is digits and separators only, else words. */
export function parseExpertQuery(input: string): ExpertQuery {
  const trimmed = input.trim();
  if (/\d/.test(trimmed) && PHONE_LIKE.test(trimmed)) return { kind: 'phone', number: normalizePhone(trimmed) };
  const words = foldedWords(trimmed);
  return words.length > 0 ? { kind: 'words', words } : { kind: 'none' };
}

/** CON-3: only people with a work phone are experts. */
export function hasWorkPhone(person: Person): boolean {
  return person.businessPhones.some((phone) => normalizePhone(phone).length > 0);
}

/** The folded words a word query is matched against: first name, role and department (CON-3). */
export function searchableWords(person: Person): string[] {
  return [...foldedWords(person.givenName), ...foldedWords(person.jobTitle), ...foldedWords(person.department)];
}

/** True when every query word is a prefix of some field word. */
export function wordsMatch(fieldWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => fieldWords.some((w) => w.startsWith(q)));
}

/** Ranking class: 0 when a query word is a whole word of the first name, 1 for other matches. */
export function nameRank(person: Person, query: ExpertQuery): 0 | 1 {
  if (query.kind !== 'words') return 1;
  const given = foldedWords(person.givenName);
  return query.words.some((q) => given.includes(q)) ? 0 : 1;
}

/** Display order within a rank: by display name, then id so equal names stay in a stable order. */
export function compareByName(a: Person, b: Person): number {
  return collator.compare(a.displayName, b.displayName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** True when a person is an expert the query finds (CON-3). */
export function matchesExpert(person: Person, query: ExpertQuery): boolean {
  if (query.kind === 'none' || !hasWorkPhone(person)) return false;
  if (query.kind === 'phone') return person.businessPhones.some((phone) => samePhone(phone, query.number));
  return wordsMatch(searchableWords(person), query.words);
}

/** The plain linear scan: every CON-3 rule applied to every person, ranked; the index must agree with it. */
export function scanExperts(people: readonly Person[], input: string): Person[] {
  const query = parseExpertQuery(input);
  return people
    .filter((person) => matchesExpert(person, query))
    .map((person) => ({ person, rank: nameRank(person, query) }))
    .sort((a, b) => a.rank - b.rank || compareByName(a.person, b.person))
    .map(({ person }) => person);
}
