/**
 * The strongest plain scan we could write for the benchmark: words folded,
 * phones normalised and people put in display order once, up front; each query
 * still visits everyone. If the index beats this too, its speed-up is not just
 * the cost of folding text per query.
 */
import { normalizePhone } from '../src/engine/dial-number.js';
import type { Person } from '../src/directory/directory-port.js';
import { compareByName, foldedWords, hasWorkPhone, parseExpertQuery, searchableWords, wordsMatch } from '../src/directory/expert-match.js';

/** Prepares `people` once and returns a search that scans them all per query. */
export function prefoldedScan(people: readonly Person[]): (query: string) => Person[] {
  const rows = [...people].sort(compareByName).map((person) => ({
    person,
    expert: hasWorkPhone(person),
    words: searchableWords(person),
    given: foldedWords(person.givenName),
    phones: person.businessPhones.map(normalizePhone),
  }));
  return (input) => {
    const query = parseExpertQuery(input);
    if (query.kind === 'none') return [];
    const exact: Person[] = [];
    const prefix: Person[] = [];
    for (const row of rows) {
      if (!row.expert) continue;
      if (query.kind === 'phone') {
        if (row.phones.includes(query.number)) prefix.push(row.person);
      } else if (wordsMatch(row.words, query.words)) {
        (query.words.some((q) => row.given.includes(q)) ? exact : prefix).push(row.person);
      }
    }
    return exact.concat(prefix);
  };
}
