/** A source of numbers in [0, 1): Math.random, or a seeded one in tests. */
export type Random = () => number;

/** The customer markets the simulator draws from (the desk's languages). */
export type Market = 'da' | 'nb' | 'sv' | 'en';

/** A made-up customer: name and the contact details a platform would know. */
export interface FakeCustomer {
  market: Market;
  name: string;
  phone: string;
  email: string;
  handle: string;
  nationalId: string;
}

const NAMES: Record<Market, { first: string[]; last: string[] }> = {
  da: {
    first: ['Mette', 'Søren', 'Freja', 'Mads', 'Ida', 'Rasmus', 'Sofie', 'Anders'],
    last: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen'],
  },
  nb: {
    first: ['Ingrid', 'Lars', 'Nora', 'Ole', 'Sigrid', 'Henrik', 'Åse', 'Magnus'],
    last: ['Hansen', 'Johansen', 'Olsen', 'Berg', 'Haugen', 'Bakken', 'Solberg', 'Strand'],
  },
  sv: {
    first: ['Elsa', 'Erik', 'Maja', 'Johan', 'Astrid', 'Nils', 'Linnéa', 'Karl'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Lindqvist', 'Bergström', 'Öberg'],
  },
  en: {
    first: ['Olivia', 'James', 'Amelia', 'Oliver', 'Charlotte', 'Harry', 'Emily', 'George'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Walker'],
  },
};

// Mobile ranges per market; the UK one is Ofcom's range reserved for drama, so it reaches nobody.
const MOBILE: Record<Market, { prefixes: string[]; rest: number }> = {
  da: { prefixes: ['+4520', '+4522', '+4526', '+4530', '+4540', '+4550', '+4560', '+4561'], rest: 6 },
  nb: { prefixes: ['+474', '+479'], rest: 7 },
  sv: { prefixes: ['+4670', '+4672', '+4673', '+4676'], rest: 7 },
  en: { prefixes: ['+447700900'], rest: 3 },
};

/** The service number a market's customers dial (the DNIS of voice contacts). */
export const SERVICE_NUMBERS: Record<Market, string> = { da: '+4570102030', nb: '+4781549300', sv: '+46771123456', en: '+443300880000' };

const MAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
const MARKETS: Market[] = ['da', 'da', 'nb', 'sv', 'en'];

/** Picks one item. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length) % items.length]!;
}

/** A string of `count` random digits. */
export function digits(random: Random, count: number): string {
  return Array.from({ length: count }, () => Math.floor(random() * 10) % 10).join('');
}

/** A made-up Nordic or English customer with consistent name, phone (E.164), e-mail and handle. */
export function fakeCustomer(random: Random): FakeCustomer {
  const market = pick(random, MARKETS);
  const first = pick(random, NAMES[market].first);
  const last = pick(random, NAMES[market].last);
  const mobile = MOBILE[market];
  const plain = (s: string) => ascii(s).toLowerCase();
  return {
    market,
    name: `${first} ${last}`,
    phone: pick(random, mobile.prefixes) + digits(random, mobile.rest),
    // Reserved example domains: a generated address can never reach a real mailbox.
    email: `${plain(first)}.${plain(last)}@${pick(random, MAIL_DOMAINS)}`,
    handle: `@${plain(first)}${pick(random, ['', '_', '.'])}${plain(last)}${random() < 0.5 ? digits(random, 2) : ''}`,
    nationalId: nationalId(market, random),
  };
}

function nationalId(market: Market, random: Random): string {
  const year = 1950 + Math.floor(random() * 55);
  const date = new Date(Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(year).slice(2);
  if (market === 'da') return `${dd}${mm}${yy}-${digits(random, 4)}`;
  if (market === 'nb') return `${dd}${mm}${yy}${digits(random, 5)}`;
  if (market === 'sv') return `${year}${mm}${dd}-${digits(random, 4)}`;
  return `Q${pick(random, ['A', 'B', 'C', 'E', 'H'])}${digits(random, 6)}${pick(random, ['A', 'B', 'C', 'D'])}`;
}

function ascii(text: string): string {
  return text
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}
