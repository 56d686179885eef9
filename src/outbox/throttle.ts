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

// Sends arrive a little later than they leave, some later than others: a window is kept this much longer than its length.
const JITTER_GUARD_MS = 20;

/**
 * Paces Bot Connector sends under the per-conversation windows and this
 * instance's share of the per-tenant rate (MSG-2, issue 10): `acquire` waits
 * until a send to the conversation fits every window and the tenant budget,
 * then counts it. The tenant rate is divided by the number of live instances,
 * so all instances together stay within it. Time comes from the clock given;
 * `sleep` is injectable for tests.
 */
export class SendThrottle {
  private readonly sent = new Map<string, number[]>();
  private nextTenantSlot = 0;
  /** This instance's latest sends, as many as its tenant share per second: a sliding window, not only a spacing. */
  private readonly tenantSent: number[] = [];
  private readonly longestWindow: number;

  constructor(
    private readonly limits: SendLimits,
    private readonly instances: () => number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.longestWindow = Math.max(...limits.perConversation.map((l) => l.windowMs));
  }

  /** Waits for a slot to send to `conversation` and takes it. */
  async acquire(conversation: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.conversationWait(conversation, now), this.tenantWait(now));
      if (wait <= 0) {
        this.take(conversation, now);
        return;
      }
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
      const blocking = times[times.length - count];
      if (blocking !== undefined && now - blocking < windowMs + JITTER_GUARD_MS) wait = Math.max(wait, Math.ceil(blocking + windowMs + JITTER_GUARD_MS - now));
    }
    return wait;
  }

  private tenantWait(now: number): number {
    const share = this.tenantShare();
    // The send `share` places back must be a whole second (and a guard for delivery jitter) ago.
    const blocking = this.tenantSent.length >= share ? this.tenantSent[this.tenantSent.length - share]! : undefined;
    const windowWait = blocking === undefined ? 0 : Math.ceil(blocking + 1000 + JITTER_GUARD_MS - now);
    return Math.max(0, Math.ceil(this.nextTenantSlot - now), windowWait);
  }

  /** Sends per second this instance may make: its share of the tenant's rate. */
  private tenantShare(): number {
    return Math.max(1, Math.floor(this.limits.perTenantPerSecond / Math.max(1, this.instances())));
  }

  private take(conversation: string, now: number): void {
    const interval = 1000 / (this.limits.perTenantPerSecond / Math.max(1, this.instances()));
    this.nextTenantSlot = Math.max(this.nextTenantSlot, now) + interval;
    this.tenantSent.push(now);
    if (this.tenantSent.length > this.tenantShare()) this.tenantSent.splice(0, this.tenantSent.length - this.tenantShare());
    const times = this.sent.get(conversation) ?? [];
    times.push(now);
    // Keep only what the longest window still counts.
    while (times.length > 0 && now - times[0]! >= this.longestWindow) times.shift();
    this.sent.set(conversation, times);
    if (this.sent.size > 50_000) this.forgetIdle(now);
  }

  private forgetIdle(now: number): void {
    for (const [conversation, times] of this.sent) if (now - (times.at(-1) ?? 0) >= this.longestWindow) this.sent.delete(conversation);
  }
}
