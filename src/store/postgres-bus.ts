import { createHash } from 'node:crypto';
import pg from 'pg';
import { checkMessage, type Bus } from './bus.js';
import { clientConfig, describeTarget, endWithin, schemaName, storeError } from './postgres-connection.js';
import { StoreUnavailableError } from './store-port.js';

/** How to reach the database, and what to do after the listening connection came back. */
export interface PostgresBusOptions {
  connectionString: string;
  /** Instances see each other's messages only within one schema (default `public`): NOTIFY is per database. */
  schema?: string;
  /**
   * Called each time the listening connection is back after a loss and listens
   * again: messages sent meanwhile were not kept, so a subscriber may want to
   * read what it missed from the store.
   */
  onReconnect?: () => void;
  /** First pause before reconnecting (doubles up to 2 s; default 100 ms). */
  reconnectDelayMs?: number;
  /**
   * How often the listening connection is asked a trivial query (default 30 s).
   * A connection whose network silently went away reports no error for many
   * minutes; one that does not answer within this time is dropped and replaced.
   */
  heartbeatMs?: number;
}

/** A message waiting to be sent, and who waits for it. */
interface Outgoing {
  channel: string;
  message: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many notifies in one statement. */
const MAX_BATCH = 100;

/**
 * Takes the next batch off the queue: up to MAX_BATCH messages, stopping
 * before a repeat of a (channel, message) pair already in it, since PostgreSQL
 * delivers identical notifications of one transaction only once.
 */
function nextBatch(queue: Outgoing[]): Outgoing[] {
  const seen = new Set<string>();
  let count = 0;
  while (count < queue.length && count < MAX_BATCH) {
    const m = queue[count]!;
    const key = `${m.channel}\u0000${m.message}`;
    if (seen.has(key)) break;
    seen.add(key);
    count++;
  }
  return queue.splice(0, count);
}

/** PostgreSQL's limit for a channel name (NAMEDATALEN - 1 bytes). */
const CHANNEL_BYTES = 63;
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The Bus over PostgreSQL LISTEN/NOTIFY. One dedicated connection (not from
 * the store's pool: a pooled connection changes hands) listens on a channel per
 * topic and publishes with pg_notify. When it is lost (a server restart, a
 * failover) it reconnects with a growing pause and listens on every channel
 * again; messages published meanwhile are lost, as the port allows.
 */
export class PostgresBus implements Bus {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();
  #client: pg.Client | undefined;
  #closed = false;
  /** The pending reconnect, at most one at a time. */
  #retry: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #schema: string;
  /** Messages waiting for the statement in flight to finish. */
  readonly #outgoing: Outgoing[] = [];
  #sending = false;

  private constructor(private readonly options: PostgresBusOptions) {
    this.#schema = schemaName(options.schema);
  }

  /** Connects the listening connection; a server that cannot be reached is a StoreUnavailableError. */
  static async open(options: PostgresBusOptions): Promise<PostgresBus> {
    const bus = new PostgresBus(options);
    try {
      await bus.#connect();
    } catch (error) {
      throw storeError(error, options.connectionString);
    }
    return bus;
  }

  /**
   * Sends with pg_notify. Messages published while one is on its way go out
   * together, in order, in the next statement: one connection carries them all,
   * so a busy instance makes one round trip per batch, not one per message,
   * and never queues a query behind another on the connection.
   */
  async publish(topic: string, message: string): Promise<void> {
    checkMessage(topic, message);
    if (!this.#client) throw new StoreUnavailableError(`${describeTarget(this.options.connectionString)}: the bus is reconnecting; message not sent`);
    return new Promise<void>((resolve, reject) => {
      this.#outgoing.push({ channel: this.#channel(topic), message, resolve, reject });
      if (!this.#sending) void this.#send();
    });
  }

  async #send(): Promise<void> {
    this.#sending = true;
    while (this.#outgoing.length > 0) {
      const batch = nextBatch(this.#outgoing);
      const client = this.#client;
      try {
        if (!client) throw new StoreUnavailableError(`${describeTarget(this.options.connectionString)}: the bus is reconnecting; message not sent`);
        const sql = `SELECT ${batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`;
        await client.query(
          sql,
          batch.flatMap((m) => [m.channel, m.message]),
        );
        for (const m of batch) m.resolve();
      } catch (error) {
        const mapped = error instanceof StoreUnavailableError ? error : storeError(error, this.options.connectionString);
        for (const m of batch) m.reject(mapped);
      }
    }
    this.#sending = false;
  }

  /** Resolves once the channel is listened on; while the connection is being restored, once it is registered (the reconnect listens). */
  async subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    checkMessage(topic, '');
    const channel = this.#channel(topic);
    let own = this.#handlers.get(channel);
    if (own) own.add(handler);
    else {
      // Registered before LISTEN is sent, so a message that arrives with LISTEN's answer finds it.
      own = new Set([handler]);
      this.#handlers.set(channel, own);
      await this.#tell(`LISTEN ${quote(channel)}`);
    }
    return async () => {
      own.delete(handler);
      if (own.size === 0 && this.#handlers.get(channel) === own) {
        this.#handlers.delete(channel);
        await this.#tell(`UNLISTEN ${quote(channel)}`);
      }
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#heartbeat);
    this.#retry = undefined;
    this.#handlers.clear();
    const client = this.#client;
    this.#client = undefined;
    if (client) await endWithin(client.end());
  }

  /** The channel of a topic: readable when it fits PostgreSQL's 63 bytes, else a hash (never truncated into another topic's). */
  #channel(topic: string): string {
    const plain = `${this.#schema}:${topic}`;
    if (Buffer.byteLength(plain) <= CHANNEL_BYTES) return plain;
    return `desk#${createHash('sha256').update(plain).digest('base64url')}`;
  }

  /** LISTEN or UNLISTEN on the current connection; without one, the next connection listens on what is registered then. */
  async #tell(statement: string): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      await client.query(statement);
    } catch (error) {
      const mapped = storeError(error, this.options.connectionString);
      // A lost connection is restored with every registered channel; anything else is a defect.
      if (!(mapped instanceof StoreUnavailableError)) throw mapped;
    }
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.options.connectionString, 'agentdesk-bus'));
    const lost = () => this.#lost(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (note) => {
      const handlers = this.#handlers.get(note.channel);
      if (!handlers) return;
      // As the memory bus: each handler runs on its own, after this event.
      for (const handler of [...handlers]) queueMicrotask(() => handler(note.payload ?? ''));
    });
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // From here on a subscribe LISTENs by itself; these cover every channel registered until now.
    this.#client = client;
    this.#beat(client);
    const channels = [...this.#handlers.keys()];
    if (channels.length > 0) await client.query(channels.map((channel) => `LISTEN ${quote(channel)};`).join(' '));
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#heartbeat);
    client.end().catch(() => undefined);
    if (!this.#closed) this.#reconnect(this.options.reconnectDelayMs ?? 100);
  }

  #beat(client: pg.Client): void {
    const every = this.options.heartbeatMs ?? 30_000;
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      let answered = false;
      const late = setTimeout(() => answered || this.#lost(client), every);
      late.unref();
      client.query('SELECT 1').then(
        () => (answered = true),
        () => this.#lost(client),
      );
    }, every);
    this.#heartbeat.unref();
  }

  #reconnect(delayMs: number): void {
    if (this.#retry) return;
    this.#retry = setTimeout(async () => {
      this.#retry = undefined;
      try {
        await this.#connect();
        if (!this.#closed) this.options.onReconnect?.();
      } catch {
        // A connection lost after it was set has already scheduled the next attempt through #lost.
        if (!this.#client && !this.#closed) this.#reconnect(Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS));
      }
    }, delayMs);
    this.#retry.unref();
  }
}

/** A channel name as a quoted identifier. */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
