/**
 * In-memory expert search (CON-3): a sorted array of (folded word, person)
 * pairs, binary-searched for a prefix range, so a query costs O(log n + matches)
 * instead of a scan of everyone; phone numbers in a map by normalised number.
 */
import { normalizePhone } from '../engine/dial-number.js';
import type { Person } from './directory-port.js';
import { compareByName, foldedWords, hasWorkPhone, parseExpertQuery, searchableWords, wordsMatch } from './expert-match.js';

/** Searches a fixed list of people by the CON-3 rules; build once, query many times. */
export class ExpertIndex {
  /** Experts (work phone only) in display-name order: a person's position is their ordinal. */
  private readonly people: Person[];
  private readonly words: string[][];
  private readonly givenNames: string[][];
  private readonly tokens: string[];
  private readonly owners: Uint32Array;
  private readonly phones = new Map<string, number[]>();
  // Per-query dedup stamps: a person found through two of their words counts once.
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(people: readonly Person[]) {
    this.people = people.filter(hasWorkPhone).sort(compareByName);
    this.words = this.people.map(searchableWords);
    this.givenNames = this.people.map((p) => foldedWords(p.givenName));
    this.seen = new Uint32Array(this.people.length);
    const pairs: Array<[string, number]> = [];
    this.people.forEach((person, ordinal) => {
      for (const word of new Set(this.words[ordinal])) pairs.push([word, ordinal]);
      for (const phone of person.businessPhones) this.addPhone(normalizePhone(phone), ordinal);
    });
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.tokens = pairs.map(([word]) => word);
    this.owners = Uint32Array.from(pairs, ([, ordinal]) => ordinal);
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
    const ranges = query.words.map((word) => this.prefixRange(word));
    // Walk the narrowest word's range; the other words are checked per candidate.
    const [start, end] = ranges.reduce((best, r) => (r[1] - r[0] < best[1] - best[0] ? r : best));
    const exact: number[] = [];
    const prefix: number[] = [];
    const stamp = this.nextStamp();
    for (let i = start; i < end; i++) {
      const ordinal = this.owners[i]!;
      if (this.seen[ordinal] === stamp) continue;
      this.seen[ordinal] = stamp;
      if (query.words.length > 1 && !wordsMatch(this.words[ordinal]!, query.words)) continue;
      const given = this.givenNames[ordinal]!;
      (query.words.some((q) => given.includes(q)) ? exact : prefix).push(ordinal);
    }
    exact.sort(byNumber);
    prefix.sort(byNumber);
    const ordered = exact.length === 0 ? prefix : prefix.length === 0 ? exact : exact.concat(prefix);
    const count = Math.min(ordered.length, limit);
    const result = new Array<Person>(count);
    for (let i = 0; i < count; i++) result[i] = this.people[ordered[i]!]!;
    return result;
  }

  /** [first, end) of the sorted tokens that start with `word`. */
  private prefixRange(word: string): [number, number] {
    // Folded tokens never contain U+FFFF, so word+U+FFFF sorts after every token with this prefix.
    return [this.lowerBound(word), this.lowerBound(`${word}\uffff`)];
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

const byNumber = (a: number, b: number) => a - b;
