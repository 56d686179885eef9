/**
 * Writes directory/people.json, the embedded expert directory (DIRECTORY_FILE
 * default): `npx tsx directory/make-people.ts [--at=ISO|now]`. Seeded, so a
 * rerun with the same --at gives the same file; presence is dated within the
 * hour before --at.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Person } from '../src/directory/directory-port.js';
import { fakePeople } from '../src/directory/fake-people.js';

const DEFAULT_AT = '2025-06-02T09:00:00.000Z';
const arg = process.argv.find((a) => a.startsWith('--at='))?.slice(5);
const at = arg === 'now' ? new Date() : new Date(arg ?? DEFAULT_AT);

const since = (minutes: number) => new Date(at.getTime() - minutes * 60_000).toISOString();

// People tests and the Playground e2e rely on by name, id or number.
const fixed: Person[] = [
  {
    id: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f',
    givenName: 'Kjersti',
    surname: 'Dahl',
    displayName: 'Kjersti Dahl',
    jobTitle: 'Fibre network specialist',
    department: 'Fibre Installations',
    businessPhones: ['+4722456789'],
    mail: 'kjersti.dahl@contoso.example',
    presence: { availability: 'Available', activity: 'Available', updatedAt: since(2) },
  },
  {
    id: '0b7c2d4e-5f60-4a71-8b92-a3b4c5d6e7f8',
    givenName: 'Søren',
    surname: 'Østergaard',
    displayName: 'Søren Østergaard',
    jobTitle: 'Billing specialist',
    department: 'Billing',
    businessPhones: ['+4533123456'],
    mail: 'soren.ostergaard@contoso.example',
    presence: { availability: 'Busy', activity: 'InACall', updatedAt: since(7) },
  },
  {
    id: '1c8d3e5f-6071-4b82-9ca3-b4c5d6e7f809',
    givenName: 'Åsa',
    surname: 'Lindqvist',
    displayName: 'Åsa Lindqvist',
    jobTitle: 'Legal counsel',
    department: 'Legal',
    businessPhones: ['+46812345678'],
    mail: 'asa.lindqvist@contoso.example',
    presence: { availability: 'Away', activity: 'Away', updatedAt: since(31) },
  },
  {
    id: '2d9e4f60-7182-4c93-adb4-c5d6e7f8091a',
    givenName: 'Øyvind',
    surname: 'Bakken',
    displayName: 'Øyvind Bakken',
    jobTitle: 'NOC shift lead',
    department: 'Network Operations',
    businessPhones: ['+4722334455'],
    mail: 'oyvind.bakken@contoso.example',
    presence: { availability: 'DoNotDisturb', activity: 'Presenting', updatedAt: since(55) },
  },
];

const people = fakePeople({ count: 240, seed: 20_240_917, withoutPhoneEvery: 10, at, fixed });
const file = resolve(import.meta.dirname, 'people.json');
writeFileSync(file, `${JSON.stringify(people, null, 2)}\n`);
const withoutPhone = people.filter((p) => p.businessPhones.length === 0).length;
process.stdout.write(`${people.length} people (${withoutPhone} without a work phone) -> ${file}\n`);
