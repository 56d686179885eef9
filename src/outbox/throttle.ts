/** One sliding-window limit: at most `count` sends in any `windowMs`. */
export interface WindowLimit {
  count: number;
  windowMs: number;
}

/** Teams' published limits for a bot: per conversation (thread), and per app per tenant (MSG-2). */
export interface SendLimits {
  perConversation: readonly WindowLimit[];
  /** Sends per second for the whole app in the tenant, shared by every instance. */
  perTenantPerSecond: number;
}

/** The defaults from Teams' documentation: 7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation; 30/s per tenant. */
export const TEAMS_LIMITS: SendLimits = {
  perConversation: [
    { count: 7, windowMs: 1000 },
    { count: 8, windowMs: 2000 },
    { count: 60, windowMs: 30_000 },
    { count: 1800, windowMs: 3_600_000 },
  ],
  perTenantPerSecond: 30,
};

// Clocks and loopback timing differ by a little: a window is kept this much longer than its length.
const JITTER_GUARD_MS = 20;
// A timer that fired late leaves the tenant's even spacing behind; this much lost time may be caught up. The
// sliding window still holds: the spacing only smooths.
const CATCH_UP_MS = 100;
// How often a send waiting on one still unanswered looks again.
const UNANSWERED_POLL_MS = 5;

/** One send as the throttle counts it: when it was answered (its arrival at Teams is no later), or not yet. */
interface Counted {
  at: number;
  answered: boolean;
}

/**
 * Paces Bot Connector sends under the per-conversation windows and this
 * instance's share of the per-tenant rate (MSG-2, issue 10): `send` waits
 * until a send to the conversation fits every window and the tenant budget,
 * makes it, and counts it at the time its answer came. Teams counts a send when
 * it arrives, some time between leaving and being answered; a window is
 * therefore measured from the answer of the send `count` places back (the
 * latest it can have arrived) to the moment the new one leaves (the earliest it
 * can arrive). So a process that stalls between leaving and arriving, or a slow
 * network, never makes sends arrive closer together than the limits allow. The
 * tenant rate is divided by the number of live instances, so all instances
 * together stay within it. Time comes from the clock given; `sleep` is
 * injectable for tests.
 */
export class SendThrottle {
  private readonly sent = new Map<string, Counted[]>();
  private nextTenantSlot = 0;
  /** This instance's latest sends, as many as its tenant share per second: a sliding window, not only a spacing. */
  private readonly tenantSent: Counted[] = [];
  private readonly longestWindow: number;

  constructor(
    private readonly limits: SendLimits,
    private readonly instances: () => number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.longestWindow = Math.max(...limits.perConversation.map((l) => l.windowMs));
  }

  /** Waits for a slot to send to `conversation`, makes the send, and counts it when it is answered (or fails). */
  async send<T>(conversation: string, makeSend: () => Promise<T>): Promise<T> {
    const counted = await this.acquire(conversation);
    try {
      return await makeSend();
    } finally {
      counted.at = Math.max(counted.at, this.now());
      counted.answered = true;
    }
  }

  private async acquire(conversation: string): Promise<Counted> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.conversationWait(conversation, now), this.tenantWait(now));
      if (wait <= 0) return this.take(conversation, now);
      await this.sleep(wait);
    }
  }

  /** How long until a send to the conversation fits every window (0: now). */
  private conversationWait(conversation: string, now: number): number {
    const times = this.sent.get(conversation);
    if (!times) return 0;
    let wait = 0;
    for (const { count, windowMs } of this.limits.perConversation) {
      // The send `count` places back must have left the window.
      wait = Math.max(wait, waitFor(times[times.length - count], windowMs, now));
    }
    return wait;
  }

  private tenantWait(now: number): number {
    const share = this.tenantShare();
    // The send `share` places back must be a whole second (and a guard) ago.
    const windowWait = this.tenantSent.length >= share ? waitFor(this.tenantSent[this.tenantSent.length - share], 1000, now) : 0;
    return Math.max(0, Math.ceil(this.nextTenantSlot - now), windowWait);
  }

  /** Sends per second this instance may make: its share of the tenant's rate. */
  private tenantShare(): number {
    return Math.max(1, Math.floor(this.limits.perTenantPerSecond / Math.max(1, this.instances())));
  }

  private take(conversation: string, now: number): Counted {
    const counted: Counted = { at: now, answered: false };
    const interval = 1000 / (this.limits.perTenantPerSecond / Math.max(1, this.instances()));
    this.nextTenantSlot = Math.max(this.nextTenantSlot, now - CATCH_UP_MS) + interval;
    this.tenantSent.push(counted);
    if (this.tenantSent.length > this.tenantShare()) this.tenantSent.splice(0, this.tenantSent.length - this.tenantShare());
    const times = this.sent.get(conversation) ?? [];
    times.push(counted);
    // Keep only what the longest window still counts.
    while (times.length > 0 && times[0]!.answered && now - times[0]!.at >= this.longestWindow) times.shift();
    this.sent.set(conversation, times);
    if (this.sent.size > 50_000) this.forgetIdle(now);
    return counted;
  }

  private forgetIdle(now: number): void {
    for (const [conversation, times] of this.sent) {
      const last = times.at(-1);
      if (!last || (last.answered && now - last.at >= this.longestWindow)) this.sent.delete(conversation);
    }
  }
}

/** How long until `blocking` has left a window of `windowMs` (0: it has, or there is none); an unanswered send is looked at again shortly. */
function waitFor(blocking: Counted | undefined, windowMs: number, now: number): number {
  if (!blocking) return 0;
  if (!blocking.answered) return UNANSWERED_POLL_MS;
  return Math.max(0, Math.ceil(blocking.at + windowMs + JITTER_GUARD_MS - now));
}
