/**
 * In-memory expert search (CON-3): a sorted array of (folded word, person)
 * pairs, binary-searched for a prefix range, so a query costs O(log n + matches)
 * instead of a scan of everyone; phone numbers in a map by normalised number.
 */
import { normalizePhone } from '../engine/dial-number.js';
import type { Person } from './directory-port.js';
import { mergeOwners } from './ordinal-merge.js';
import { compareByName, foldedWords, hasWorkPhone, parseExpertQuery, searchableWords, wordsMatch } from './expert-match.js';

/** Searches a fixed list of people by the CON-3 rules; build once, query many times. */
export class ExpertIndex {
  /** Experts (work phone only) in display-name order: a person's position is their ordinal. */
  private readonly people: Person[];
  private readonly words: string[][];
  private readonly givenNames: string[][];
  /** Sorted folded words; `owners[i]` has word `tokens[i]`, as a first name when `fromGivenName[i]` is 1. */
  private readonly tokens: string[];
  private readonly owners: Uint32Array;
  private readonly fromGivenName: Uint8Array;
  private readonly phones = new Map<string, number[]>();
  // Per-query scratch, reset lazily by stamp so a query never clears arrays of n people.
  private readonly seen: Uint32Array;
  private readonly wordHits: Uint8Array;
  private readonly lastWord: Uint8Array;
  private readonly verdict: Uint8Array;
  private stamp = 0;

  constructor(people: readonly Person[]) {
    this.people = people.filter(hasWorkPhone).sort(compareByName);
    this.words = this.people.map(searchableWords);
    this.givenNames = this.people.map((p) => foldedWords(p.givenName));
    const n = this.people.length;
    this.seen = new Uint32Array(n);
    this.wordHits = new Uint8Array(n);
    this.lastWord = new Uint8Array(n);
    this.verdict = new Uint8Array(n);
    const pairs: Array<[string, number, number]> = [];
    this.people.forEach((person, ordinal) => {
      const given = new Set(this.givenNames[ordinal]);
      for (const word of new Set(this.words[ordinal])) pairs.push([word, ordinal, given.has(word) ? 1 : 0]);
      for (const phone of person.businessPhones) this.addPhone(normalizePhone(phone), ordinal);
    });
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.tokens = pairs.map(([word]) => word);
    this.owners = Uint32Array.from(pairs, ([, ordinal]) => ordinal);
    this.fromGivenName = Uint8Array.from(pairs, ([, , given]) => given);
  }

  /** How many experts are searchable (people without a work phone are left out). */
  get size(): number {
    return this.people.length;
  }

  /** Experts matching the query, exact first-name matches first, then by display name. */
  search(input: string, limit = Number.POSITIVE_INFINITY): Person[] {
    const query = parseExpertQuery(input);
    if (query.kind === 'none') return [];
    if (query.kind === 'phone') return (this.phones.get(query.number) ?? []).slice(0, limit).map((o) => this.people[o]!);
    const ranges = query.words
      .slice(0, 255)
      .map((word) => this.wordRange(word))
      .sort((a, b) => a.end - a.start - (b.end - b.start));
    if (Number.isFinite(limit)) return this.firstMatches(query.words, ranges, Math.max(0, Math.floor(limit)));
    const driver = ranges[0]!;
    // Walk the ranges of words about as common as the rarest one; check much commoner words per candidate.
    const walkLimit = Math.max(4 * (driver.end - driver.start), 1024);
    const walked = ranges.filter((r) => r.end - r.start <= walkLimit);
    const checked = ranges.filter((r) => r.end - r.start > walkLimit).map((r) => r.word);
    const stamp = this.nextStamp();
    const candidates: number[] = [];
    const { owners, seen, wordHits, lastWord, verdict, fromGivenName } = this;
    for (let w = 0; w < walked.length; w++) {
      const { start, exactEnd, end } = walked[w]!;
      for (let i = start; i < end; i++) {
        const o = owners[i]!;
        if (seen[o] !== stamp) {
          if (w > 0) continue;
          seen[o] = stamp;
          wordHits[o] = 0;
          lastWord[o] = 255;
          verdict[o] = PREFIX;
          candidates.push(o);
        }
        if (lastWord[o] !== w) {
          lastWord[o] = w;
          wordHits[o]!++;
        }
        if (i < exactEnd && fromGivenName[i] === 1) verdict[o] = EXACT;
      }
    }
    let matched = 0;
    for (const o of candidates) {
      if (this.wordHits[o] !== walked.length || (checked.length > 0 && !wordsMatch(this.words[o]!, checked))) {
        this.verdict[o] = NONE;
        continue;
      }
      if (this.verdict[o] === PREFIX && checked.some((q) => this.givenNames[o]!.includes(q))) this.verdict[o] = EXACT;
      matched++;
    }
    return this.collect(candidates, matched, stamp, limit);
  }

  /**
   * The first `limit` matches without walking every match: exact first-name
   * matches from the (short) runs of equal tokens, then the rest merged in
   * display order from the rarest word's range (`ranges` is rarest first).
   */
  private firstMatches(words: string[], ranges: WordRange[], limit: number): Person[] {
    const stamp = this.nextStamp();
    const { owners, seen } = this;
    const exact: number[] = [];
    for (const range of ranges) {
      for (let i = range.start; i < range.exactEnd; i++) {
        const o = owners[i]!;
        if (this.fromGivenName[i] !== 1 || seen[o] === stamp) continue;
        seen[o] = stamp;
        if (wordsMatch(this.words[o]!, words)) exact.push(o);
      }
    }
    const chosen = exact.sort(byNumber).slice(0, limit);
    const driver = ranges[0]!;
    if (chosen.length < limit) {
      // Ordinals seen above are exact matches already chosen, or fail a word anyway.
      mergeOwners(this.tokens, owners, driver.start, driver.end, (o) => {
        if (seen[o] !== stamp && wordsMatch(this.words[o]!, words)) chosen.push(o);
        return chosen.length < limit;
      });
    }
    return chosen.map((o) => this.people[o]!);
  }

  /** The matched candidates in rank, then name, order. */
  private collect(candidates: number[], matched: number, stamp: number, limit: number): Person[] {
    const exact: number[] = [];
    const prefix: number[] = [];
    const { seen, verdict } = this;
    if (matched > seen.length >>> 4) {
      // Many matches: one pass over ordinals is cheaper than sorting them, and comes out ordered.
      for (let o = 0; o < seen.length; o++) {
        if (seen[o] !== stamp) continue;
        const v = verdict[o];
        if (v === EXACT) exact.push(o);
        else if (v === PREFIX) prefix.push(o);
      }
    } else {
      for (const o of candidates) {
        const v = verdict[o];
        if (v === EXACT) exact.push(o);
        else if (v === PREFIX) prefix.push(o);
      }
      exact.sort(byNumber);
      prefix.sort(byNumber);
    }
    const { people } = this;
    const count = Math.min(exact.length + prefix.length, limit);
    const result = new Array<Person>(count);
    for (let i = 0; i < count; i++) result[i] = people[i < exact.length ? exact[i]! : prefix[i - exact.length]!]!;
    return result;
  }

  /** Where the tokens starting with `word` lie, and where those equal to it end. */
  private wordRange(word: string): WordRange {
    // Tokens equal to `word` sort first within its prefix range; U+0000 and U+FFFF never occur in folded words.
    return { word, start: this.lowerBound(word), exactEnd: this.lowerBound(`${word}\u0000`), end: this.lowerBound(`${word}\uffff`) };
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tokens[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private addPhone(number: string, ordinal: number): void {
    if (number.length === 0) return;
    const owners = this.phones.get(number);
    if (!owners) this.phones.set(number, [ordinal]);
    else if (owners[owners.length - 1] !== ordinal) owners.push(ordinal);
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      // Wrapped after 2^32 queries: old stamps could collide, so start clean.
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

interface WordRange {
  word: string;
  start: number;
  exactEnd: number;
  end: number;
}

const NONE = 0;
const EXACT = 1;
const PREFIX = 2;
const byNumber = (a: number, b: number) => a - b;
