import { setTimeout as sleep } from 'node:timers/promises';
import { errorFields, type Log } from '../log.js';
import type { PlatformEvent } from './events.js';
import { signedHeaders } from './signature.js';

/** Where and how the simulated platform posts its events: the desk's events URL (read at each post), the shared secret, the clock. */
export interface EventPosterOptions {
  secret: string;
  /** URL of `POST /api/platform/events`; read at each post, so it may be known only after listen. */
  endpoint: () => string;
  clock: () => Date;
  log: Log;
  fetch?: typeof fetch;
}

/** How one event is posted: how often a 409 (the event does not fit the desk yet) is tried again, and how long to wait first. */
export interface PostPolicy {
  conflictRetries?: number;
  retryWaitMs?: number;
}

// A platform that does not answer in this time is treated as down for this event.
const POST_TIMEOUT_MS = 10_000;

/**
 * Posts the simulated platform's events to the desk exactly as a real
 * platform does (SPEC 10): one signed JSON body per event, a fresh timestamp
 * per attempt, the same id on a retry. A 409 may mean the desk has not saved
 * the change this event follows yet (a follow-up raced its command), so a
 * follow-up is tried again a few times, waiting longer each time.
 */
export class EventPoster {
  private inFlight = new AbortController();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: EventPosterOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Posts one event; resolves with the HTTP status, or undefined when it never got an answer. Never throws. */
  async post(event: PlatformEvent, policy: PostPolicy = {}): Promise<number | undefined> {
    const retries = policy.conflictRetries ?? 0;
    let wait = policy.retryWaitMs ?? 100;
    for (let attempt = 0; ; attempt++) {
      const status = await this.once(event, attempt === retries);
      if (status !== 409 || attempt >= retries || this.inFlight.signal.aborted) return status;
      await sleep(wait, undefined, { ref: false }).catch(() => undefined);
      wait *= 2;
    }
  }

  /** Aborts posts in flight (they resolve quietly) and lets later posts run. */
  stop(): void {
    this.inFlight.abort();
    this.inFlight = new AbortController();
  }

  private async once(event: PlatformEvent, last: boolean): Promise<number | undefined> {
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
      // Ids, type and codes only: `from`, names and variables are the customer's.
      const about = { eventId: event.id, type: event.type, status: response.status };
      if (response.status === 202 || response.status === 200) this.options.log.debug('simulator.posted', about);
      else if (response.status === 409 && last) this.options.log.info('simulator.refused', { ...about, code: answer.error?.code });
      else if (response.status !== 409) this.options.log.warn('simulator.postFailed', { ...about, code: answer.error?.code });
      return response.status;
    } catch (error) {
      if (!signal.aborted) this.options.log.warn('simulator.postFailed', { eventId: event.id, type: event.type, ...errorFields(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  }
}
