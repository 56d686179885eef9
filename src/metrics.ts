import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a turn ended, from its HTTP status: 2xx ok, 4xx refused, 5xx error. */
export type TurnOutcome = 'ok' | 'refused' | 'error';

/** How one attempt to show a card ended: ok (shown, or skipped for someone who never installed the app), retry (tried again later), failed (given up). */
export type DeliveryOutcome = 'ok' | 'retry' | 'failed';

/** What the desk counts. Each count is taken at one place: the HTTP routes and the card lane's delivery. */
export interface Metrics {
  /** One turn answered: its kind (see turnKind), its outcome and how long it took. */
  turn(kind: string, outcome: TurnOutcome, seconds: number): void;
  /** One platform event answered with this HTTP status. */
  platformEvent(status: number): void;
  /** One attempt to show a card ended. */
  delivery(outcome: DeliveryOutcome): void;
  /** That attempt was a retry (an earlier one failed); how it ended. */
  deliveryRetry(outcome: DeliveryOutcome): void;
}

/** Counts nothing: METRICS_TOKEN is unset, or a test does not care. */
export const noMetrics: Metrics = { turn: () => {}, platformEvent: () => {}, delivery: () => {}, deliveryRetry: () => {} };

/** Levels read when scraped: contacts waiting per queue and agents per state (ids as Map keys). */
export interface DeskGauges {
  waitingByQueue: ReadonlyMap<string, number>;
  agentsByState: ReadonlyMap<string, number>;
}

/** One scrape in the Prometheus text format. */
export interface Scrape {
  contentType: string;
  body: string;
}

/** Metrics that can be scraped. */
export interface ScrapableMetrics extends Metrics {
  scrape(): Promise<Scrape>;
}

// Turns are tens of milliseconds on loopback; proactive deliveries to Teams can take seconds.
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A Prometheus registry with the desk's counters, the Node.js process metrics, and gauges fed by `collect` at each scrape. */
export function createMetrics(collect: () => Promise<DeskGauges>): ScrapableMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const turns = new Counter({
    name: 'agentdesk_turns_total',
    help: 'Turns answered, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'agentdesk_turn_duration_seconds',
    help: 'Time to answer a turn',
    labelNames: ['kind'],
    buckets: TURN_BUCKETS,
    registers: [registry],
  });
  const events = new Counter({
    name: 'agentdesk_platform_events_total',
    help: 'Platform events answered, by HTTP status',
    labelNames: ['status'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'agentdesk_card_deliveries_total',
    help: 'Attempts to show a card, by outcome: ok, retry (tried again later), failed (given up)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'agentdesk_card_delivery_retries_total',
    help: 'Attempts that retried an earlier failed one, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const waiting = new Gauge({ name: 'agentdesk_contacts_waiting', help: 'Contacts waiting in a queue', labelNames: ['queue'], registers: [registry] });
  const agents = new Gauge({ name: 'agentdesk_agents', help: 'Agents by state', labelNames: ['state'], registers: [registry] });

  return {
    turn(kind, outcome, seconds) {
      turns.inc({ kind, outcome });
      latency.observe({ kind }, seconds);
    },
    platformEvent: (status) => events.inc({ status: String(status) }),
    delivery: (outcome) => deliveries.inc({ outcome }),
    deliveryRetry: (outcome) => retries.inc({ outcome }),
    async scrape() {
      const levels = await collect();
      // Reset first: a queue that emptied or a state nobody is in any more must not keep its last value.
      waiting.reset();
      agents.reset();
      for (const [queue, count] of levels.waitingByQueue) waiting.set({ queue }, count);
      for (const [state, count] of levels.agentsByState) agents.set({ state }, count);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
