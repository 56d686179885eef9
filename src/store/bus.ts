import { unstorableText } from './storable-text.js';

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

/** The largest message, in UTF-8 bytes: PostgreSQL's NOTIFY takes under 8,000 with its channel name. */
export const MAX_MESSAGE_BYTES = 7_000;

/** A message or topic the bus refuses: too large, or holding what PostgreSQL text cannot (U+0000, a lone surrogate). */
export class BusMessageError extends Error {
  override name = 'BusMessageError';
}

/** Refuses what no bus can carry, on every implementation alike, so code tried on the memory bus also runs on PostgreSQL. */
export function checkMessage(topic: string, message: string): void {
  const bytes = Buffer.byteLength(message);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new BusMessageError(`bus message on ${JSON.stringify(topic)}: ${bytes} bytes, more than ${MAX_MESSAGE_BYTES}; send a key to read instead`);
  }
  const unsendable = unstorableText(topic) ?? unstorableText(message);
  if (unsendable) throw new BusMessageError(`bus message on ${JSON.stringify(topic)}: ${unsendable} cannot be sent`);
}

/** The bus of a single process: delivery in publish order, after the publisher's turn. */
export class MemoryBus implements Bus {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();

  async publish(topic: string, message: string): Promise<void> {
    checkMessage(topic, message);
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
