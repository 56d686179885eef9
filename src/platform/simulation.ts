import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Log } from '../log.js';
import type { WireCommand } from './commands.js';
import type { EventPoster } from './event-poster.js';
import type { OfferedContact, PlatformEvent } from './events.js';
import { fakeContact, type SimulatedDesk } from './fake-contacts.js';
import type { Random } from './fake-customers.js';
import { answerCommand, type EventBody, type FollowUp, type FollowUpDelay } from './simulated-answers.js';
import { SimulatedContacts } from './simulated-contacts.js';
import type { PlatformAnswer } from './simulated-platform.js';

/** How long the simulated platform takes for what happens after a command, in milliseconds. */
export interface SimulationTimings extends Record<FollowUpDelay, number> {
  /** How long a simulated customer stays before hanging up (or leaving a chat): a random time in this range. */
  patienceMs: readonly [number, number];
}

/** What a simulation needs; timings, chance and ids are injectable so tests run it deterministically. */
export interface SimulationOptions {
  desk: SimulatedDesk;
  clock: () => Date;
  log: Log;
  timings?: Partial<SimulationTimings>;
  random?: Random;
  /** Whether a dialled number answers (consults, blind transfers, outdials); default: all but numbers ending in 0000. */
  answers?: (number: string) => boolean;
  newId?: () => string;
}

/** The embedded timings: a ring of a few seconds, customers who stay two to eight minutes. */
export const DEFAULT_TIMINGS: SimulationTimings = {
  answer: 3000,
  consult: 4000,
  transfer: 5000,
  outdialRing: 1000,
  outdialAnswer: 4000,
  patienceMs: [120_000, 480_000],
};

/** A dialled number that never answers, so a person can try a consult, transfer or outdial that fails. */
export const UNANSWERED_NUMBER = /0000$/;

// A follow-up may race the commit of the command it follows; the desk answers 409 until it fits.
const FOLLOW_UP_POLICY = { conflictRetries: 4, retryWaitMs: 100 };

/**
 * The built-in platform's behaviour (PLAT-1, PLAT-2): one model of its
 * contacts, applied to by the commands it receives and by the events it
 * sends. Once connected to the desk's events API (SIMULATOR=on) it also sends
 * what a real platform sends later: the answer after a ring, a dialled party
 * answering or not, a transfer that failed, the outdial offered back, and
 * customers who hang up after a while. Without a connection it only answers.
 */
export class Simulation {
  readonly model = new SimulatedContacts();
  private poster: EventPoster | undefined;
  private readonly timings: SimulationTimings;
  private readonly random: Random;
  /** Follow-ups waiting for their time, with when (real time) they are due. */
  private readonly timers = new Map<NodeJS.Timeout, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: SimulationOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.random = options.random ?? Math.random;
  }

  /** From now on, follow-up events go to the desk through `poster` (SIMULATOR=on). */
  connect(poster: EventPoster): void {
    this.poster = poster;
    this.stopped = false;
  }

  /** Answers one command as the platform (the command endpoint's applier). */
  apply(command: WireCommand): PlatformAnswer {
    const outcome = answerCommand(this.model, command, {
      answers: this.options.answers ?? ((number) => !UNANSWERED_NUMBER.test(number)),
      newId: this.options.newId ?? randomUUID,
      outdialVariables: () => this.outdialVariables(),
    });
    if (!Array.isArray(outcome)) return { ok: false, code: outcome.code, message: outcome.message };
    for (const followUp of outcome) this.schedule(followUp);
    return { ok: true };
  }

  /** The contact generator offered a contact: the model knows it, and its customer will not wait forever. */
  offered(contact: OfferedContact): void {
    this.model.learn({ id: '', type: 'contact.offered', contact });
    if (contact.channel !== 'voice' && contact.channel !== 'chat') return;
    const [min, max] = this.timings.patienceMs;
    this.later(min + this.random() * (max - min), { type: 'contact.ended', contactId: contact.id, by: 'customer' });
  }

  /** The desk refused an offered contact: it never got in. */
  refused(contactId: string): void {
    this.model.forget(contactId);
  }

  /** The customer hangs up now; the desk hears it after `tellAfterMs` (never, without it or a connection). */
  customerLeaves(contactId: string, tellAfterMs?: number): boolean {
    if (!this.model.customerLeaves(contactId)) return false;
    if (tellAfterMs !== undefined) this.later(tellAfterMs, { type: 'contact.ended', contactId, by: 'customer' });
    return true;
  }

  /** Resolves once every follow-up due by now has been sent, and what follows them at once too (tests). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else if ([...this.timers.values()].some((due) => due <= Date.now() + 5)) await sleep(5);
      else return;
    }
  }

  /** Cancels every follow-up not sent yet. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(followUp: FollowUp): void {
    this.later(this.timings[followUp.delay], followUp.event, followUp.next);
  }

  private later(delayMs: number, body: EventBody, next?: FollowUp): void {
    if (!this.poster || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const sent = this.send(body, next).finally(() => this.inFlight.delete(sent));
      this.inFlight.add(sent);
    }, delayMs);
    timer.unref();
    this.timers.set(timer, Date.now() + delayMs);
  }

  /** Sends an event that still fits the model (the platform states what happened), then what follows it. */
  private async send(body: EventBody, next?: FollowUp): Promise<void> {
    const event = { ...body, id: randomUUID() } as PlatformEvent;
    if (!this.poster || !this.model.learn(event)) return;
    const status = await this.poster.post(event, FOLLOW_UP_POLICY);
    const through = status === 202 || status === 200;
    if (!through && event.type === 'contact.offered') this.model.forget(event.contact.id);
    if (!through) this.options.log.info('simulator.followUpDropped', { eventId: event.id, type: event.type, status });
    else if (next) this.schedule(next);
  }

  /** PO-4: an outdial carries the admin's variables like any call (the popover never shows the secure ones). */
  private outdialVariables(): OfferedContact['variables'] {
    return fakeContact(this.options.desk, { channel: 'voice', kind: 'inbound' }, this.random, this.options.clock())?.variables ?? [];
  }
}
