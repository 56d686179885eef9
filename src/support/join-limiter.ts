/**
 * Slows down guessing of session numbers (SUP-1): each address may get at
 * most `max` wrong tries (an unknown, malformed or ended number, a forged
 * link) within a sliding `windowMs`; after that every try is refused until the
 * oldest wrong one is out of the window. Kept in memory per instance.
 */
export class JoinLimiter {
  readonly #wrong = new Map<string, number[]>();

  constructor(
    private readonly clock: () => Date,
    private readonly max = 10,
    private readonly windowMs = 60_000,
    /** Addresses remembered at most; beyond it the stalest are forgotten first. */
    private readonly maxAddresses = 50_000,
  ) {}

  /** Milliseconds until this address may try again; 0 when it may now. */
  waitMs(address: string): number {
    const recent = this.#recent(address);
    if (recent.length < this.max) return 0;
    return Math.max(1, recent[0]! + this.windowMs - this.clock().getTime());
  }

  /** Counts a wrong try of this address. */
  wrong(address: string): void {
    const recent = [...this.#recent(address), this.clock().getTime()].slice(-this.max);
    this.#wrong.delete(address);
    this.#wrong.set(address, recent);
    if (this.#wrong.size > this.maxAddresses) this.#wrong.delete(this.#wrong.keys().next().value!);
  }

  #recent(address: string): number[] {
    const since = this.clock().getTime() - this.windowMs;
    const recent = (this.#wrong.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#wrong.delete(address);
    return recent;
  }
}
