import { randomUUID } from 'node:crypto';
import type { DeskConfig } from '../desk-config.js';
import type { Channel } from '../engine/agent-state.js';
import type { OfferedContact } from './events.js';
import { digits, fakeCustomer, pick, SERVICE_NUMBERS, type FakeCustomer, type Random } from './fake-customers.js';

/** What kind of contact the simulator makes: a channel and how the customer came in. */
export interface ContactProfile {
  channel: Channel;
  kind: 'inbound' | 'callback';
}

/** The five contact profiles: voice inbound, voice callback, chat, e-mail, social. */
export const PROFILES: readonly ContactProfile[] = [
  { channel: 'voice', kind: 'inbound' },
  { channel: 'voice', kind: 'callback' },
  { channel: 'chat', kind: 'inbound' },
  { channel: 'email', kind: 'inbound' },
  { channel: 'social', kind: 'inbound' },
];

/** The part of the desk configuration the simulator reads. */
export type SimulatedDesk = Pick<DeskConfig, 'queues' | 'variables'>;

const REASONS: Record<string, string[]> = {
  billing: ['Invoice higher than expected', 'Payment reminder received after paying', 'Wants to change to e-invoice', 'Question about a refund'],
  tech: ['Cannot log in to the app', 'Internet connection keeps dropping', 'Router shows a red light', 'Two-factor code never arrives'],
  sales: ['Wants to upgrade the subscription', 'Asks about a business plan', 'Moving house, wants to keep the plan', 'Price match request'],
};
const ANY_REASON = ['General question', 'Change of address', 'Complaint about waiting time', 'Wants to cancel'];
const NOTES = ['Called twice this week', 'Prefers English', 'Asked for a callback after 16:00', 'Existing case open', 'Hard of hearing: speak clearly'];

/** The profiles the desk can take: those whose channel at least one queue serves. */
export function servedProfiles(desk: SimulatedDesk, channel?: Channel): ContactProfile[] {
  return PROFILES.filter((p) => (!channel || p.channel === channel) && desk.queues.some((q) => q.channels.includes(p.channel)));
}

/** A realistic `contact.offered` contact for the profile, queued on a queue that serves its channel. */
export function fakeContact(desk: SimulatedDesk, profile: ContactProfile, random: Random, now: Date): OfferedContact | undefined {
  const queues = desk.queues.filter((q) => q.channels.includes(profile.channel));
  if (queues.length === 0) return undefined;
  const queue = pick(random, queues).id;
  const customer = fakeCustomer(random);
  return {
    id: randomUUID(),
    channel: profile.channel,
    kind: profile.kind,
    queue,
    from: fromOf(profile.channel, customer),
    dnis: dnisOf(profile.channel, queue, customer),
    variables: variablesFor(desk, profile, queue, customer, random, now),
  };
}

function fromOf(channel: Channel, customer: FakeCustomer): string {
  if (channel === 'voice') return customer.phone;
  if (channel === 'email') return customer.email;
  if (channel === 'social') return customer.handle;
  return customer.name;
}

function dnisOf(channel: Channel, queue: string, customer: FakeCustomer): string {
  if (channel === 'voice') return SERVICE_NUMBERS[customer.market];
  if (channel === 'email') return `${queue}@support.example.com`;
  if (channel === 'social') return 'facebook:AgentDesk';
  return 'web-chat';
}

function variablesFor(
  desk: SimulatedDesk,
  profile: ContactProfile,
  queue: string,
  customer: FakeCustomer,
  random: Random,
  now: Date,
): OfferedContact['variables'] {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const values: Record<string, string | undefined> = {
    customerName: customer.name,
    accountNumber: digits(random, 8),
    reason: (profile.kind === 'callback' ? 'Callback requested: ' : '') + pick(random, REASONS[queue] ?? ANY_REASON),
    priority: pick(random, ['Normal', 'Normal', 'Normal', 'High', 'VIP']),
    // Voice agents verify the caller's identity, so calls always carry it; other channels sometimes.
    cpr: profile.channel === 'voice' || random() < 0.4 ? customer.nationalId : undefined,
    notes: random() < 0.5 ? pick(random, NOTES) : undefined,
    followUpDate: random() < 0.3 ? inDays(1 + Math.floor(random() * 14)) : undefined,
  };
  // Only the variables the desk defines, with the desk's label and flags.
  return desk.variables.flatMap((v) => {
    const value = values[v.name];
    return value === undefined ? [] : [{ name: v.name, label: v.label, value, secure: v.secure, editable: v.editable }];
  });
}
