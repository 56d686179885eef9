import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/directory/directory-port.js';
import { ExpertIndex } from '../../src/directory/expert-index.js';
import { scanExperts } from '../../src/directory/expert-match.js';
import { fakePeople } from '../../src/directory/fake-people.js';

let next = 0;
const person = (givenName: string, surname: string, jobTitle: string, department: string, phones: string[] = [`+4722${String(100000 + next)}`]): Person => ({
  id: `p${++next}`,
  givenName,
  surname,
  displayName: `${givenName} ${surname}`,
  jobTitle,
  department,
  businessPhones: phones,
  mail: `${surname.toLowerCase()}@contoso.example`,
});

const people: Person[] = [
  person('Søren', 'Østergaard', 'Billing specialist', 'Billing', ['+45 33 12 34 56']),
  person('Åsa', 'Lindqvist', 'Legal counsel', 'Legal'),
  person('Øyvind', 'Bakken', 'NOC shift lead', 'Network Operations'),
  person('Kjersti', 'Dahl', 'Fibre network specialist', 'Fibre Installations'),
  person('Kjerstin', 'Aas', 'Field technician', 'Fibre Installations'),
  person('Anna', 'Berg', 'Account manager', 'Sales'),
  // Entra tenants often show "Surname, Given": only ranking puts this exact first-name match first.
  { ...person('An', 'Zhou', 'Security analyst', 'IT Security'), displayName: 'Zhou, An' },
  person('Annika', 'Ek', 'Annual reports analyst', 'Billing'),
  person('Björn', 'Öberg', 'Mobile broadband specialist', 'Mobile Broadband'),
  person('Mette', 'Kjær', 'Billing team lead', 'Billing', []),
  person('Bård', 'Næss', 'Security analyst', 'IT Security', []),
  person('Jens', 'Møller', 'Collections officer', 'Billing', ['  ']),
];
const index = new ExpertIndex(people);
const names = (query: string) => index.search(query).map((p) => p.displayName);

describe('expert index', () => {
  const found: Array<[string, string, string[]]> = [
    ['CON-3: first name by prefix', 'kjer', ['Kjersti Dahl', 'Kjerstin Aas']],
    ['CON-3: role by prefix of any word', 'spec', ['Björn Öberg', 'Kjersti Dahl', 'Søren Østergaard']],
    ['CON-3: department by prefix', 'fibre inst', ['Kjersti Dahl', 'Kjerstin Aas']],
    ['CON-3: case-insensitive', 'LEGAL', ['Åsa Lindqvist']],
    ['CON-3: ø folds to o (soren finds Søren)', 'soren', ['Søren Østergaard']],
    ['CON-3: accented query finds accented name (Sør)', 'Sør', ['Søren Østergaard']],
    ['CON-3: å folds to a (asa finds Åsa)', 'asa', ['Åsa Lindqvist']],
    ['CON-3: oyv finds Øyvind', 'oyv', ['Øyvind Bakken']],
    ['CON-3: ö folds to o (bjorn finds Björn)', 'bjorn', ['Björn Öberg']],
    ['CON-3: a query with an accent the name lacks still folds (Ånna)', 'Ånna', ['Anna Berg']],
    ['CON-3: every word of a multi-word query must match', 'billing spec', ['Søren Østergaard']],
    ['CON-3: words may match different fields', 'kjersti network', ['Kjersti Dahl']],
    ['CON-3: a whole first name is also a prefix of a longer one, ranked after it', 'kjersti fibre', ['Kjersti Dahl', 'Kjerstin Aas']],
    ['CON-3: a word that matches nothing finds nobody', 'kjersti legal', []],
    ['CON-3: surname is not a search field', 'dahl', []],
    ['CON-3: infix is not a prefix', 'ersti', []],
    ['CON-3: exact first name ranks before prefix matches', 'an', ['Zhou, An', 'Anna Berg', 'Annika Ek']],
    ['CON-3: people without a work phone are never listed', 'billing', ['Annika Ek', 'Søren Østergaard']],
    ['CON-3: ... not even by their own first name', 'mette', []],
    ['CON-3: ... or role', 'security', ['Zhou, An']],
    ['an empty query finds nobody', '   ', []],
  ];
  it.each(found)('%s', (_name, query, expected) => {
    expect(names(query)).toEqual(expected);
    // The index and the plain scan apply the same rules.
    expect(scanExperts(people, query).map((p) => p.displayName)).toEqual(expected);
  });

  const phones: Array<[string, string, string[]]> = [
    ['CON-3: a phone number with spaces', '+45 33 12 34 56', ['Søren Østergaard']],
    ['CON-3: a phone number with the 00 prefix', '0045 33123456', ['Søren Østergaard']],
    ['CON-3: a phone number written compactly', '+4533123456', ['Søren Østergaard']],
    ['CON-3: a phone number with the 011 prefix', '011-45-33-12-34-56', ['Søren Østergaard']],
    ['CON-3: a partial number finds nobody', '33123456', []],
    ['CON-3: a prefix of the number finds nobody', '+45 33 12', []],
    ['CON-3: a longer number finds nobody', '+45331234567', []],
  ];
  it.each(phones)('%s', (_name, query, expected) => {
    expect(names(query)).toEqual(expected);
    expect(scanExperts(people, query).map((p) => p.displayName)).toEqual(expected);
  });

  it('CON-3: only people with a work phone are indexed', () => {
    expect(index.size).toBe(people.length - 3);
  });

  it('honours the limit after ranking', () => {
    expect(index.search('an', 2).map((p) => p.displayName)).toEqual(['Zhou, An', 'Anna Berg']);
  });

  it('CON-3: on 5,000 generated people the index, limited or not, agrees with the plain scan', () => {
    const many = fakePeople({ count: 5000, seed: 11, withoutPhoneEvery: 10, at: new Date('2025-06-02T09:00:00.000Z') });
    const big = new ExpertIndex(many);
    const queries = [
      's',
      'a',
      'an',
      'anna',
      'sør',
      'soren',
      'bill',
      'billing spec',
      'customer care',
      'kjersti fibre',
      'eng net',
      'zzq',
      many[42]!.businessPhones[0]!,
    ];
    for (const query of queries) {
      const expected = scanExperts(many, query).map((p) => p.id);
      expect(
        big.search(query).map((p) => p.id),
        query,
      ).toEqual(expected);
      for (const limit of [1, 10, 50])
        expect(
          big.search(query, limit).map((p) => p.id),
          `${query} / ${limit}`,
        ).toEqual(expected.slice(0, limit));
    }
  });
});
