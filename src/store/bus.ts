/**
 * Messages between desk instances (STYLE 3's port, for pushes rather than
 * records): in one process an EventEmitter does; on PostgreSQL it is
 * LISTEN/NOTIFY. Messages are small strings (at most 7,000 bytes); a message
 * published before a subscriber listens is not kept for it.
 */
export interface Bus {
  publish(topic: string, message: string): Promise<void>;
  /** Calls `handler` for every message on `topic`, from any instance (this one included); resolves to an unsubscribe. */
  subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The bus of a single process: delivery in publish order, after the publisher's turn. */
export class MemoryBus implements Bus {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();

  async publish(topic: string, message: string): Promise<void> {
    const handlers = this.#handlers.get(topic);
    if (!handlers) return;
    for (const handler of [...handlers]) queueMicrotask(() => handler(message));
  }

  async subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let handlers = this.#handlers.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(topic, handlers);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
