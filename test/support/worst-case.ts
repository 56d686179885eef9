/**
 * The largest inputs the desk allows, for the card size budget tests: a desk
 * configuration at every limit of its schema, contacts at every limit of the
 * platform API, the longest names, the most experts a card can list. Each is
 * parsed by the real schema, so "allowed" is proved, not assumed.
 */
import { parseDeskConfig, type DeskConfig } from '../../src/desk-config.js';
import type { PresentEntry } from '../../src/desk-records.js';
import type { Person } from '../../src/directory/directory-port.js';
import type { Agent, Contact } from '../../src/engine/model.js';
import { offeredContactSchema } from '../../src/platform/events.js';

/**
 * How outside text is made as long as it can get in JSON: `quote` fills it
 * with `"`, the longest printable character (written `\"`, two characters);
 * `escaped` with a lone surrogate U+D800, which JSON writes `\ud800`, six
 * characters (twelve bytes of UTF-16), as it does control characters. The
 * desk configuration refuses control characters and the platform API refuses
 * them in ids, but neither refuses a lone surrogate, and Teams names and
 * directory fields are what they are.
 */
export type Fill = 'quote' | 'escaped';

/** Text of `n` characters, starting with `mark` (to tell ids apart), the rest `fill`. */
export const worst = (n: number, mark = '', fill: Fill = 'quote'): string => (mark + (fill === 'quote' ? '"' : '\ud800').repeat(n)).slice(0, n);

/** Ids of the configuration are letters, digits, dot, dash, underscore: `n` of them, unique by `i`. */
const configId = (n: number, i: number) => `${i}-`.padEnd(n, 'x');

/** A secure value planted in every worst-case contact: no card may carry it. */
export const SECURE_VALUE = 'SECRET-4111111111111111';

/** Most experts one card lists: 25 favourites and 10 recent ones (bot/recent-experts.ts); a search lists 10. */
export const MOST_EXPERTS = 35;

/** Agents in the consult list: the configuration does not bound them, so a large tenant's worth. */
export const MANY_AGENTS = 1000;

/** Labels of the longest length, in every language, each telling its item apart (`mark`). */
const labels = (mark: string) => ({ label: worst(80, mark), labels: { en: worst(80, mark), da: worst(80, mark), nb: worst(80, mark), sv: worst(80, mark) } });
const codes = (n: number, kind: string) => Array.from({ length: n }, (_, i) => ({ id: configId(64, i), ...labels(`${kind}${i}-`) }));

/** Variable names of the worst-case contacts, also configured (with the longest labels) so the admin labels are shown. */
const variableName = (i: number) => configId(64, i);

/** The desk configuration at every limit: 50 idle codes, 200 wrap-up and outcome codes, queues, entry points, address book entries. */
export function worstDesk(maxCardKB?: number): DeskConfig {
  const queues = Array.from({ length: 200 }, (_, i) => ({ id: configId(64, i), name: worst(80, `Q${i}-`), channels: ['voice', 'chat', 'email', 'social'] }));
  return parseDeskConfig(
    {
      teams: [{ id: 'team', name: worst(80, 'T'), channels: ['voice', 'chat', 'email', 'social'], members: [], leads: [] }],
      defaultTeam: 'team',
      idleCodes: codes(50, 'I'),
      wrapUpCodes: codes(200, 'W'),
      outcomeCodes: codes(200, 'O'),
      queues,
      variables: Array.from({ length: 50 }, (_, i) => ({
        name: variableName(i),
        ...labels(`L${i}-`),
        popover: true,
        editable: i % 2 === 0,
        secure: i % 5 === 0,
      })),
      entryPoints: Array.from({ length: 200 }, (_, i) => ({ id: configId(64, i), name: worst(80, `E${i}-`), dn: worst(32), queue: queues[0]!.id })),
      addressBook: Array.from({ length: 200 }, (_, i) => ({ name: worst(80, `A${i}-`), number: worst(32, `${i}-`) })),
      limits: { maxConcurrentCalls: 100_000, maxDigitalPerAgent: 50, ...(maxCardKB !== undefined ? { maxCardKB } : {}) },
      timeouts: { ronaSeconds: 600, consultSeconds: 600, privacyShieldSeconds: 3600 },
    },
    'worst-case desk',
  );
}

/**
 * A contact as the platform API allows it at its largest: 128-character id,
 * 256-character address, 50 variables with 64-character names, 80-character
 * labels and 256-character values, every fifth secure, every other editable.
 */
export function worstContact(index: number, fill: Fill, extra: Partial<Contact> = {}): Contact {
  const offered = offeredContactSchema.parse({
    id: worst(128, `c${index}-`, fill),
    channel: 'voice',
    kind: 'inbound',
    queue: worst(128, 'q', fill),
    from: worst(256, 'F', fill),
    dnis: worst(64, 'D', fill),
    variables: Array.from({ length: 50 }, (_, i) => ({
      name: variableName(i),
      label: worst(80, `L${i}-`, fill),
      value: i % 5 === 0 ? SECURE_VALUE : worst(256, `V${i}-`, fill),
      secure: i % 5 === 0,
      editable: i % 2 === 0,
    })),
  });
  return {
    ...offered,
    variables: offered.variables.map((v) => ({ ...v, version: 0 })),
    status: 'connected',
    createdAt: '2026-11-20T10:00:00.000Z',
    offeredAt: '2026-11-20T10:00:00.000Z',
    connectedAt: '2026-11-20T10:00:05.000Z',
    agentId: 'agent-0',
    recording: { on: true },
    ...extra,
  };
}

/** An agent at its largest: the longest name and phone the desk takes. */
export function worstAgent(fill: Fill, extra: Partial<Agent> = {}): Agent {
  return {
    id: 'agent-0',
    name: worst(256, 'N', fill),
    state: 'Idle',
    stateSince: '2026-11-20T10:00:00.000Z',
    phone: `sip:${worst(240, 'p', fill)}@x.example`,
    ...extra,
  };
}

/** Every agent of a large tenant, Available or Idle (the consult list shows both), with the longest names. */
export function manyAgents(fill: Fill): PresentEntry[] {
  return Array.from({ length: MANY_AGENTS }, (_, i) => ({
    id: worst(128, `a${i}-`, fill),
    name: worst(256, `N${i}-`, fill),
    state: i % 2 ? 'Available' : 'Idle',
  }));
}

/** Experts at Microsoft Graph's field limits (display name 256, job title 128, department 64). */
export function worstExperts(fill: Fill, count = MOST_EXPERTS): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    id: worst(128, `e${i}-`, fill),
    givenName: worst(64, 'G', fill),
    surname: worst(64, 'S', fill),
    displayName: worst(256, 'X', fill),
    jobTitle: worst(128, 'J', fill),
    department: worst(64, 'P', fill),
    businessPhones: ['+4511111111'],
    mail: 'expert@example.com',
    presence: { availability: 'Available', activity: 'Available', updatedAt: '2026-11-20T09:59:00.000Z' },
  }));
}
