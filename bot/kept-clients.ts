/** How long a client is kept and how many are kept at most. */
export interface KeptClientsOptions {
  /** Default 10 minutes; the client's credentials renew their own token meanwhile. */
  keptMs?: number;
  /** Past this many keys, the oldest is dropped (keys come from requests: a service URL). Default 100. */
  max?: number;
  now?: () => number;
}

/**
 * Bot Framework SDK clients kept a while by key, so a turn or a send reuses one
 * instead of making its own: making a Bot Connector client builds an Azure
 * HTTP pipeline, which cost about 40 % of a bare bot's turn. The SDK's clients hold no per-turn state, and their credentials renew
 * their own token. A client that fails to be made is not kept, so the next
 * caller tries again.
 */
export class KeptClients<T> {
  readonly #kept = new Map<string, { client: Promise<T>; until: number }>();
  readonly #keptMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: KeptClientsOptions = {}) {
    this.#keptMs = options.keptMs ?? 10 * 60_000;
    this.#max = options.max ?? 100;
    this.#now = options.now ?? Date.now;
  }

  get(key: string, make: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const kept = this.#kept.get(key);
    if (kept && kept.until > now) return kept.client;
    this.#kept.delete(key);
    const client = make();
    if (this.#kept.size >= this.#max) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, { client, until: now + this.#keptMs });
    client.catch(() => {
      if (this.#kept.get(key)?.client === client) this.#kept.delete(key);
    });
    return client;
  }

  get size(): number {
    return this.#kept.size;
  }
}
