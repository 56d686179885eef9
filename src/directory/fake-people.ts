/**
 * Made-up staff of a Nordic telco for the shipped directory file and the
 * search benchmark: seeded, so the same seed always gives the same people.
 */
import { digits, pick, type Random } from '../platform/fake-customers.js';
import type { Person, Presence } from './directory-port.js';
import { foldText } from './expert-match.js';

type Market = 'da' | 'nb' | 'sv' | 'en';

const NAMES: Record<Market, { first: string[]; last: string[] }> = {
  da: {
    first: [
      'Søren',
      'Mette',
      'Mads',
      'Freja',
      'Rasmus',
      'Ida',
      'Anders',
      'Sofie',
      'Jens',
      'Lærke',
      'Bjørn',
      'Kirsten',
      'Henrik',
      'Line',
      'Mikkel',
      'Pernille',
      'Jørgen',
      'Signe',
      'Asbjørn',
      'Camilla',
    ],
    last: [
      'Nielsen',
      'Jensen',
      'Hansen',
      'Pedersen',
      'Andersen',
      'Christensen',
      'Larsen',
      'Sørensen',
      'Rasmussen',
      'Jørgensen',
      'Madsen',
      'Møller',
      'Østergaard',
      'Bæk',
      'Kjær',
    ],
  },
  nb: {
    first: [
      'Øyvind',
      'Kjersti',
      'Ingrid',
      'Lars',
      'Nora',
      'Ole',
      'Sigrid',
      'Håkon',
      'Åse',
      'Magnus',
      'Ragnhild',
      'Eirik',
      'Solveig',
      'Geir',
      'Marit',
      'Sindre',
      'Torbjørn',
      'Tone',
      'Ørjan',
      'Ellen',
    ],
    last: ['Hansen', 'Johansen', 'Olsen', 'Berg', 'Haugen', 'Bakken', 'Solberg', 'Strand', 'Dahl', 'Lie', 'Aas', 'Østby', 'Næss', 'Sæther', 'Bråthen'],
  },
  sv: {
    first: [
      'Åsa',
      'Björn',
      'Elsa',
      'Erik',
      'Maja',
      'Johan',
      'Astrid',
      'Nils',
      'Linnéa',
      'Karl',
      'Göran',
      'Märta',
      'Örjan',
      'Sofia',
      'Pär',
      'Agneta',
      'Ulrika',
      'Jöns',
      'Kristina',
      'Stefan',
    ],
    last: [
      'Andersson',
      'Johansson',
      'Karlsson',
      'Nilsson',
      'Eriksson',
      'Lindqvist',
      'Bergström',
      'Öberg',
      'Åberg',
      'Lundgren',
      'Söderberg',
      'Håkansson',
      'Ekström',
      'Sjöberg',
      'Wallin',
    ],
  },
  en: {
    first: ['Olivia', 'James', 'Amelia', 'Oliver', 'Charlotte', 'Harry', 'Emily', 'George', 'Sarah', 'David'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Walker', 'Murphy', "O'Brien"],
  },
};

/** Departments and the roles found in them. */
export const DEPARTMENTS: Record<string, string[]> = {
  Billing: ['Billing specialist', 'Billing team lead', 'Invoice analyst', 'Collections officer'],
  'Network Operations': ['Network operations engineer', 'NOC shift lead', 'Core network engineer', 'Transmission engineer'],
  'Mobile Broadband': ['Mobile broadband specialist', '5G radio planner', 'RAN engineer', 'Roaming specialist'],
  'Fibre Installations': ['Fibre network specialist', 'Field technician', 'Splicing technician', 'Installation coordinator'],
  Legal: ['Legal counsel', 'Paralegal', 'Data protection officer', 'Contract manager'],
  HR: ['HR business partner', 'Payroll specialist', 'Recruiter', 'Learning coordinator'],
  Sales: ['Account manager', 'Key account manager', 'Sales engineer', 'Inside sales representative'],
  'Customer Care': ['Customer care agent', 'Customer care team lead', 'Complaints handler', 'Quality coach'],
  'IT Security': ['Security analyst', 'SOC engineer', 'Identity and access engineer', 'Chief information security officer'],
  'Number Porting': ['Number porting specialist', 'Porting coordinator'],
  'TV & Streaming': ['TV platform engineer', 'Streaming support specialist'],
  'Enterprise Solutions': ['Solution architect', 'Unified communications consultant'],
};

// Office ranges in Copenhagen, Oslo and Stockholm; English staff sit in one of those offices.
const OFFICE: Record<Exclude<Market, 'en'>, { prefix: string; rest: number }> = {
  da: { prefix: '+4533', rest: 6 },
  nb: { prefix: '+4722', rest: 6 },
  sv: { prefix: '+468', rest: 7 },
};
const OFFICES = Object.values(OFFICE);
const MARKETS: Market[] = ['da', 'da', 'nb', 'nb', 'sv', 'sv', 'en'];
const PRESENCE: Array<[string, string]> = [
  ['Available', 'Available'],
  ['Available', 'Available'],
  ['Busy', 'InACall'],
  ['Busy', 'InAMeeting'],
  ['Busy', 'Busy'],
  ['Away', 'Away'],
  ['BeRightBack', 'BeRightBack'],
  ['DoNotDisturb', 'Presenting'],
  ['DoNotDisturb', 'DoNotDisturb'],
  ['Offline', 'OffWork'],
];

/** Options for `fakePeople`. */
export interface FakePeopleOptions {
  count: number;
  seed: number;
  /** Every Nth person has no work phone (CON-3: never listed). */
  withoutPhoneEvery: number;
  /** Presence is dated within the hour before this instant. */
  at: Date;
  /** People placed first, as given (test users). */
  fixed?: Person[];
}

/** A seeded source of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` made-up people (fixed ones first), unique ids, mails and phones. */
export function fakePeople(options: FakePeopleOptions): Person[] {
  const random = seededRandom(options.seed);
  const people = [...(options.fixed ?? [])];
  const mails = new Set(people.map((p) => p.mail));
  const phones = new Set(people.flatMap((p) => p.businessPhones));
  for (let i = people.length; i < options.count; i++) {
    const market = pick(random, MARKETS);
    const givenName = pick(random, NAMES[market].first);
    const surname = pick(random, NAMES[market].last);
    const department = pick(random, Object.keys(DEPARTMENTS));
    const jobTitle = pick(random, DEPARTMENTS[department]!);
    const withPhone = (i + 1) % options.withoutPhoneEvery !== 0;
    people.push({
      id: uuid(random),
      givenName,
      surname,
      displayName: `${givenName} ${surname}`,
      jobTitle,
      department,
      businessPhones: withPhone ? [unique(phones, () => officeNumber(random, market))] : [],
      mail: unique(mails, (n) => `${mailName(givenName)}.${mailName(surname)}${n > 0 ? n + 1 : ''}@contoso.example`),
      presence: presence(random, options.at),
    });
  }
  return people;
}

function officeNumber(random: Random, market: Market): string {
  const office = market === 'en' ? pick(random, OFFICES) : OFFICE[market];
  return office.prefix + digits(random, office.rest);
}

function presence(random: Random, at: Date): Presence {
  const [availability, activity] = pick(random, PRESENCE);
  const updatedAt = new Date(at.getTime() - Math.floor(random() * 3600) * 1000).toISOString();
  return { availability, activity, updatedAt };
}

/** Draws until the value is new; `attempt` lets a drawer add a suffix. */
function unique(taken: Set<string>, draw: (attempt: number) => string): string {
  for (let attempt = 0; ; attempt++) {
    const value = draw(attempt);
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

function mailName(name: string): string {
  return foldText(name).replace(/[^a-z0-9]/g, '');
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
