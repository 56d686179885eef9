import type { DirectoryCaller, DirectoryPort, Person, Presence } from '../../src/directory/directory-port.js';

/** One call the bot made to the directory, with who it said was asking. */
export interface DirectoryCall {
  method: 'search' | 'get' | 'refreshPresence';
  query?: string;
  ids?: readonly string[];
  caller: DirectoryCaller;
}

/** A DirectoryPort that records every call; `respond` decides what a search answers (default: the people whose names start with the query). */
export interface FakeDirectory extends DirectoryPort {
  calls: DirectoryCall[];
  respond: (query: string) => Promise<Person[]>;
}

/** A fake directory holding `people`. */
export function fakeDirectory(people: Person[]): FakeDirectory {
  const fake: FakeDirectory = {
    calls: [],
    respond: async (query) => people.filter((p) => p.givenName.toLowerCase().startsWith(query.toLowerCase())),
    async search(query, caller) {
      fake.calls.push({ method: 'search', query, caller });
      return fake.respond(query);
    },
    async get(ids, caller) {
      fake.calls.push({ method: 'get', ids, caller });
      return people.filter((p) => ids.includes(p.id));
    },
    async refreshPresence(ids, caller) {
      fake.calls.push({ method: 'refreshPresence', ids, caller });
      return Object.fromEntries(people.filter((p) => ids.includes(p.id) && p.presence).map((p) => [p.id, p.presence as Presence]));
    },
  };
  return fake;
}

/** An expert with a work phone, available since 4 minutes before the harness's start time. */
export const ANNA: Person = {
  id: 'b1b1b1b1-0000-4000-8000-000000000001',
  givenName: 'Anna',
  surname: 'Berg',
  displayName: 'Anna Berg',
  jobTitle: 'Nurse',
  department: 'Cardiology',
  businessPhones: ['+4511223344'],
  mail: 'anna.berg@contoso.example',
  presence: { availability: 'Available', activity: 'Available', updatedAt: '2026-11-20T08:56:00.000Z' },
};
