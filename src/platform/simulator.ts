import { randomUUID } from 'node:crypto';
import type { Channel } from '../engine/agent-state.js';
import { errorFields, type Log } from '../log.js';
import type { PlatformEvent } from './events.js';
import { fakeContact, servedProfiles, type ContactProfile, type SimulatedDesk } from './fake-contacts.js';
import type { Random } from './fake-customers.js';
import { signedHeaders } from './signature.js';

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
}

/** One offered contact: its event id, channel and the HTTP status (absent when the POST failed). */
export interface OfferResult {
  eventId: string;
  channel: Channel;
  status?: number;
}

// A platform that does not answer in this time is treated as down for this contact.
const POST_TIMEOUT_MS = 10_000;

/**
 * The embedded contact-center platform: offers made-up contacts every
 * `intervalSeconds` (±25 %) as signed `contact.offered` events over HTTP,
 * through the same route a real platform uses.
 */
export class ContactSimulator {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight = new AbortController();
  private readonly random: Random;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SimulatorOptions) {
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Starts offering contacts on the interval; a second start does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.inFlight = new AbortController();
    this.schedule();
  }

  /** Stops the interval and aborts posts in flight; no timer is left behind. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight.abort();
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
    const status = await this.post(event);
    return { eventId: event.id, channel: contact.channel, ...(status === undefined ? {} : { status }) };
  }

  /** Posts one event; a failure is logged (ids only), never thrown: the desk keeps running. */
  private async post(event: PlatformEvent): Promise<number | undefined> {
    const body = JSON.stringify(event);
    const { signal } = this.inFlight;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), POST_TIMEOUT_MS);
    const abort = () => timeout.abort();
    signal.addEventListener('abort', abort);
    try {
      const response = await this.fetch(this.options.endpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(this.options.secret, body, this.options.clock()) },
        body,
        signal: timeout.signal,
      });
      const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
      if (response.status === 202 || response.status === 200) this.options.log.debug('simulator.offered', { eventId: event.id, status: response.status });
      else if (response.status === 409) this.options.log.info('simulator.refused', { eventId: event.id, code: answer.error?.code });
      else this.options.log.warn('simulator.postFailed', { eventId: event.id, status: response.status, code: answer.error?.code });
      return response.status;
    } catch (error) {
      if (!signal.aborted) this.options.log.warn('simulator.postFailed', { eventId: event.id, ...errorFields(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  }
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1)) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
