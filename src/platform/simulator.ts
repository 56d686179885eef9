import { randomUUID } from 'node:crypto';
import type { Channel } from '../engine/agent-state.js';
import type { Log } from '../log.js';
import { EventPoster } from './event-poster.js';
import type { PlatformEvent } from './events.js';
import { fakeContact, servedProfiles, type ContactProfile, type SimulatedDesk } from './fake-contacts.js';
import type { Random } from './fake-customers.js';
import type { Simulation } from './simulation.js';

/** What the simulator needs: where to post, the shared secret, the desk's queues and variables. */
export interface SimulatorOptions {
  secret: string;
  /** URL of `POST /api/platform/events`; read at each post, so it may be known only after listen. */
  endpoint: () => string;
  desk: SimulatedDesk;
  intervalSeconds: number;
  clock: () => Date;
  log: Log;
  fetch?: typeof fetch;
  random?: Random;
  /** Posts the events (default: one of its own with the secret and endpoint above). */
  poster?: EventPoster;
  /** The platform's model of its contacts, shared with the command endpoint: it learns each contact offered. */
  simulation?: Simulation;
}

/** One offered contact: its event and contact ids, channel and the HTTP status (absent when the POST failed). */
export interface OfferResult {
  eventId: string;
  contactId: string;
  channel: Channel;
  status?: number;
}

/**
 * The embedded contact-center platform's contact generator: offers made-up
 * contacts every `intervalSeconds` (±25 %) as signed `contact.offered` events
 * over HTTP, through the same route a real platform uses.
 */
export class ContactSimulator {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly random: Random;
  private readonly poster: EventPoster;

  constructor(private readonly options: SimulatorOptions) {
    this.random = options.random ?? Math.random;
    this.poster =
      options.poster ??
      new EventPoster({
        secret: options.secret,
        endpoint: options.endpoint,
        clock: options.clock,
        log: options.log,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
  }

  /** Starts offering contacts on the interval; a second start does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops the interval and aborts posts in flight; no timer is left behind. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.poster.stop();
  }

  /** Offers one contact of this profile now (a person or a test asking for a call, say). */
  async offerOne(profile: ContactProfile): Promise<OfferResult | undefined> {
    return this.offer(profile);
  }

  /** Offers `count` contacts now, one after another; without a channel they rotate through every profile. */
  async offerBurst(count: number, channel?: Channel): Promise<OfferResult[]> {
    const profiles = shuffle(servedProfiles(this.options.desk, channel), this.random);
    const results: OfferResult[] = [];
    for (let i = 0; i < count && profiles.length > 0; i++) {
      const result = await this.offer(profiles[i % profiles.length]!);
      if (result) results.push(result);
    }
    return results;
  }

  private schedule(): void {
    const delayMs = this.options.intervalSeconds * 1000 * (0.75 + this.random() * 0.5);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // The server keeps the process alive; the simulator alone must not.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const profiles = servedProfiles(this.options.desk);
    if (profiles.length > 0) await this.offer(profiles[Math.floor(this.random() * profiles.length) % profiles.length]!);
    if (this.running) this.schedule();
  }

  private async offer(profile: ContactProfile): Promise<OfferResult | undefined> {
    const contact = fakeContact(this.options.desk, profile, this.random, this.options.clock());
    if (!contact) return undefined;
    const event: PlatformEvent = { id: randomUUID(), type: 'contact.offered', contact };
    this.options.simulation?.offered(contact);
    const status = await this.poster.post(event);
    if (status !== 202 && status !== 200) this.options.simulation?.refused(contact.id);
    return { eventId: event.id, contactId: contact.id, channel: contact.channel, ...(status === undefined ? {} : { status }) };
  }
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1)) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
