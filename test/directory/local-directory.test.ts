import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryAuthError, type Person } from '../../src/directory/directory-port.js';
import { DirectoryFileError, LocalDirectory, readPeopleFile } from '../../src/directory/local-directory.js';

const SHIPPED = resolve(import.meta.dirname, '../../directory/people.json');
const caller = { userId: 'agent-1', token: 'sso-token' };
const KJERSTI = '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f';

describe('local directory (shipped file)', () => {
  let directory: LocalDirectory;
  let people: Person[];
  beforeAll(async () => {
    directory = await LocalDirectory.open(SHIPPED);
    people = await readPeopleFile(SHIPPED);
  });

  it('loads at least 200 people with unique ids', () => {
    expect(people.length).toBeGreaterThanOrEqual(200);
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
  });

  it('CON-3: at least 20 people without a work phone are never returned by any query', async () => {
    const withoutPhone = people.filter((p) => p.businessPhones.length === 0);
    expect(withoutPhone.length).toBeGreaterThanOrEqual(20);
    const hidden = new Set(withoutPhone.map((p) => p.id));
    const queries = new Set(withoutPhone.flatMap((p) => [p.givenName, p.jobTitle, p.department, p.givenName.slice(0, 2)]));
    for (const query of [...queries, 'a', 'e', 's', 'k']) {
      const found = await directory.search(query, caller);
      expect(
        found.filter((p) => hidden.has(p.id)),
        query,
      ).toEqual([]);
    }
  });

  it('CON-3: the Playground expert Kjersti Dahl is found by first name, role and department', async () => {
    for (const query of ['Kjersti', 'kjer', 'fibre network spec', 'Fibre Installations']) {
      const found = await directory.search(query, caller);
      expect(
        found.map((p) => p.id),
        query,
      ).toContain(KJERSTI);
    }
    const [kjersti] = await directory.get([KJERSTI], caller);
    expect(kjersti).toMatchObject({ givenName: 'Kjersti', surname: 'Dahl', department: 'Fibre Installations', presence: { availability: 'Available' } });
  });

  it('CON-3: accents fold both ways and a phone finds its owner in any notation', async () => {
    for (const query of ['soren', 'Sør', 'asa', 'Åsa', 'oyv', 'Øyvind']) {
      expect((await directory.search(query, caller)).length, query).toBeGreaterThan(0);
    }
    for (const query of ['+45 33 12 34 56', '0045 33123456', '+4533123456']) {
      expect(
        (await directory.search(query, caller)).map((p) => p.displayName),
        query,
      ).toEqual(['Søren Østergaard']);
    }
  });

  it('CON-3: presence says when it was read', async () => {
    const found = await directory.search('billing', caller, 5);
    expect(found).toHaveLength(5);
    for (const person of found) expect(Date.parse(person.presence!.updatedAt)).not.toBeNaN();
  });

  it('CON-3: refuses a caller without a token', async () => {
    const anonymous = { userId: 'agent-1', token: '' };
    await expect(directory.search('kjersti', anonymous)).rejects.toBeInstanceOf(DirectoryAuthError);
    await expect(directory.get([KJERSTI], anonymous)).rejects.toMatchObject({ reason: 'token' });
    await expect(directory.refreshPresence([KJERSTI], anonymous)).rejects.toMatchObject({ reason: 'token' });
  });
});

describe('local directory (a file that changes)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdesk-directory-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('CON-4: refreshPresence re-reads presence from the file', async () => {
    const file = join(dir, 'people.json');
    const people = JSON.parse(await readFile(SHIPPED, 'utf8')) as Person[];
    await writeFile(file, JSON.stringify(people));
    // Read at the moment of the newest presence in the file, so no time shift applies.
    const newest = new Date(Math.max(...people.filter((p) => p.presence).map((p) => Date.parse(p.presence!.updatedAt))));
    const later = { availability: 'Busy', activity: 'InACall', updatedAt: new Date(newest.getTime() + 30 * 60_000).toISOString() };
    let now = newest;
    const directory = await LocalDirectory.open(file, () => now);
    expect((await directory.refreshPresence([KJERSTI, 'nobody'], caller))[KJERSTI]?.availability).toBe('Available');

    await writeFile(file, JSON.stringify(people.map((p) => (p.id === KJERSTI ? { ...p, presence: later } : p))));
    now = new Date(later.updatedAt);
    const refreshed = await directory.refreshPresence([KJERSTI, 'nobody'], caller);
    expect(refreshed).toEqual({ [KJERSTI]: later });
    // Later searches show the refreshed presence too; a search alone also re-reads a changed file (CON-4).
    const latest = { availability: 'Away', activity: 'Away', updatedAt: new Date(newest.getTime() + 40 * 60_000).toISOString() };
    await writeFile(file, `${JSON.stringify(people.map((p) => (p.id === KJERSTI ? { ...p, presence: latest } : p)))} `);
    now = new Date(latest.updatedAt);
    expect((await directory.search('kjersti', caller))[0]?.presence).toEqual(latest);
    await writeFile(file, JSON.stringify(people.map((p) => (p.id === KJERSTI ? { ...p, presence: later } : p))));
    now = new Date(later.updatedAt);
    expect((await directory.search('kjersti', caller))[0]?.presence).toEqual(later);
  });

  it('CON-3: a snapshot file read long after it was made shows presence ages relative to reading it, not a year old', async () => {
    const readAt = new Date('2030-01-01T12:00:00.000Z');
    const directory = await LocalDirectory.open(SHIPPED, () => readAt);
    const people = await directory.search('fibre', caller, 50);
    const ages = people.map((p) => readAt.getTime() - Date.parse(p.presence!.updatedAt));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThan(24 * 3600_000);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not a list', '{"people": []}', /bad-1\.json: person: Invalid input: expected array/],
    [
      'a phone that is not a string',
      JSON.stringify([{ id: 'x', givenName: 'A', surname: 'B', displayName: 'A B', jobTitle: '', department: '', businessPhones: [4533123456], mail: '' }]),
      /bad-2\.json: person 0\.businessPhones\.0: .*expected string.*\(got 4533123456\)/,
    ],
    [
      'a missing display name',
      JSON.stringify([{ id: 'x', givenName: 'A', surname: 'B', jobTitle: '', department: '', businessPhones: [], mail: '' }]),
      /bad-3\.json: person 0\.displayName: /,
    ],
    [
      'a presence without a date',
      JSON.stringify([
        {
          id: 'x',
          givenName: 'A',
          surname: 'B',
          displayName: 'A B',
          jobTitle: '',
          department: '',
          businessPhones: [],
          mail: '',
          presence: { availability: 'Away', activity: 'Away', updatedAt: 'yesterday' },
        },
      ]),
      /bad-4\.json: person 0\.presence\.updatedAt: /,
    ],
    ['not JSON', '[{', /bad-5\.json: not JSON/],
  ];
  it.each(bad)('a bad file (%s) throws one line naming the file and field', async (_name, content, message) => {
    const file = join(dir, `bad-${bad.findIndex(([name]) => name === _name) + 1}.json`);
    await writeFile(file, content);
    const error = await LocalDirectory.open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a missing file throws DirectoryFileError naming it', async () => {
    await expect(LocalDirectory.open(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });
});
