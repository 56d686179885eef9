/**
 * The durable outbox (PLAT-4): work that must reach someone outside the desk
 * after a decision is saved, written in the same store batch as the decision.
 * Three lanes share one mechanism (claim with a lease, deliver, delete; on
 * failure back off with jitter and try again):
 * - `command`: platform commands, in order per stream (one agent, one contact);
 * - `card`: a card to show or update, one item per person and card (a newer
 *   request replaces an older one: the card is rendered when it is sent);
 * - `message`: one message to one recipient, each delivered once.
 */
export type Lane = 'command' | 'card' | 'message';

/** One piece of outgoing work. */
export interface OutboxItem<P = unknown> {
  lane: Lane;
  /** Ordering key (commands), coalescing key (cards) or recipient (messages). */
  stream: string;
  payload: P;
  createdAt: string;
  attempts: number;
  /** When it may be tried (next). */
  dueAt: string;
  /** Who is delivering it, until when: others leave it alone until the lease runs out. */
  lease?: { owner: string; until: string };
  lastError?: string;
}

const pad = (n: number, width = 12) => String(n).padStart(width, '0');
const enc = encodeURIComponent;

/** Store keys and sort keys of outbox items; the sort key decides what a worker reads first. */
export const outboxKeys = {
  /** A platform command: grouped by stream, ordered by the stream's record version, then by position in its decision. */
  command(stream: string, seq: number, n: number): { key: string; sort: string } {
    return { key: `outbox/c:${enc(stream)}:${pad(seq)}:${pad(n, 3)}`, sort: `c|${enc(stream)}|${pad(seq)}|${pad(n, 3)}` };
  },
  /** A card for one person's slot: one item per slot, due now. */
  card(userId: string, slot: string, dueAt: string): { key: string; sort: string } {
    return { key: `outbox/d:${enc(userId)}:${slot}`, sort: `d|${dueAt}` };
  },
  /** A message to one recipient. */
  message(id: string, recipient: string, dueAt: string): { key: string; sort: string } {
    return { key: `outbox/m:${enc(id)}:${enc(recipient)}`, sort: `m|${dueAt}` };
  },
} as const;

/** The sort key an item keeps when it is rescheduled. */
export function sortOf(key: string, item: OutboxItem): string {
  if (item.lane === 'command') {
    const [, rest] = key.split('outbox/c:');
    const [stream, seq, n] = (rest ?? '').split(':');
    return `c|${stream}|${seq}|${n}`;
  }
  return `${item.lane === 'card' ? 'd' : 'm'}|${item.dueAt}`;
}

/** Exponential backoff with full jitter: a random wait up to base * 2^attempts, capped. */
export function backoffMs(attempts: number, random: () => number, baseMs = 500, maxMs = 60_000): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 20)));
}
