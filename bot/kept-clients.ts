// A client is kept this long; its credentials renew their own token meanwhile.
export const CLIENT_KEPT_MS = 10 * 60_000;

/** How long a client is kept and how many are kept at most. */
export interface KeptClientsOptions {
  keptMs: number;
  /** Past this many keys, the oldest is dropped (keys come from requests: a service URL). */
  max: number;
  now?: () => number;
}

/**
 * Bot Framework SDK clients kept a while by key, so a turn or a send reuses one
 * instead of making its own: making a Bot Connector client builds an Azure
 * HTTP pipeline, which cost more CPU than a whole status change does without
 * it. The SDK's clients hold no per-turn state, and their credentials renew
 * their own token. A client that fails to be made is not kept, so the next
 * caller tries again.
 */
export class KeptClients<T> {
  readonly #kept = new Map<string, { client: Promise<T>; until: number }>();
  readonly #now: () => number;

  constructor(private readonly options: KeptClientsOptions) {
    this.#now = options.now ?? Date.now;
  }

  get(key: string, make: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const kept = this.#kept.get(key);
    if (kept && kept.until > now) return kept.client;
    this.#kept.delete(key);
    const client = make();
    if (this.#kept.size >= this.options.max) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, { client, until: now + this.options.keptMs });
    client.catch(() => {
      if (this.#kept.get(key)?.client === client) this.#kept.delete(key);
    });
    return client;
  }

  get size(): number {
    return this.#kept.size;
  }
}
