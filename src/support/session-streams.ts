import type { Request, Response } from 'restify';
import type { Locale } from '../../cards/locale.js';
import type { SupportSession } from '../engine/session-model.js';
import { errorFields, type Log } from '../log.js';
import type { Bus } from '../store/bus.js';
import { customerView } from './customer-view.js';

/** The bus topic on which every instance hears which sessions changed. */
export const SESSION_TOPIC = 'support.session';

/** Reads a session as stored now, with its version. */
export type ReadSession = (sessionId: string) => Promise<{ session: SupportSession; version: number } | undefined>;

/** Timing of the streams; tests shorten it. */
export interface StreamTiming {
  /** A comment this often keeps proxies from closing an idle stream; each beat also checks the session, in case a bus message was lost. */
  heartbeatMs: number;
  /** What the browser waits before reconnecting (the `retry` field). */
  retryMs: number;
}

/** The defaults: a beat every 15 s, a reconnect after 2 s. */
export const STREAM_TIMING: StreamTiming = { heartbeatMs: 15_000, retryMs: 2000 };

interface Stream {
  sessionId: string;
  customerId: string;
  locale: Locale;
  res: Response;
  /** The session version the page shows; the event id, so a reconnect with Last-Event-ID resumes from it. */
  shown: number;
  close(): void;
}

/**
 * The customers' live pages (SUP-1): server-sent events, one `session` event
 * with the page's content each time the session's record moves to a newer
 * version. A change committed on any instance reaches a page held by any
 * other: commits publish the session id on the bus, and every instance
 * re-reads the sessions its pages show. Event ids are record versions, so a
 * page that reconnects (`Last-Event-ID`) gets the current view only if it missed one.
 */
export class SessionStreams {
  readonly #bySession = new Map<string, Set<Stream>>();
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly read: ReadSession,
    private readonly bus: Bus,
    private readonly log: Log,
    private readonly timing: StreamTiming = STREAM_TIMING,
  ) {}

  /** Listens for changed sessions from every instance. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.bus.subscribe(SESSION_TOPIC, (sessionId) => void this.refresh(sessionId));
  }

  /** Tells every instance that sessions changed (after a commit). */
  async published(sessionIds: Iterable<string>): Promise<void> {
    for (const sessionId of sessionIds) {
      try {
        await this.bus.publish(SESSION_TOPIC, sessionId);
      } catch (error) {
        // The pages still catch up at their next heartbeat.
        this.log.warn('support.publishFailed', errorFields(error));
      }
    }
  }

  /** How many pages are connected here. */
  get size(): number {
    let count = 0;
    for (const streams of this.#bySession.values()) count += streams.size;
    return count;
  }

  /** Opens a page's stream; it ends when the page goes away, the customer is gone, or `closeAll` runs. */
  open(req: Request, res: Response, sessionId: string, customerId: string, locale: Locale): void {
    const lastSeen = Number(req.header('last-event-id'));
    let closed = false;
    const stream: Stream = {
      sessionId,
      customerId,
      locale,
      res,
      shown: Number.isSafeInteger(lastSeen) ? lastSeen : 0,
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        const streams = this.#bySession.get(sessionId);
        streams?.delete(stream);
        if (streams?.size === 0) this.#bySession.delete(sessionId);
        res.end();
      },
    };
    const beat = setInterval(() => {
      if (!closed) res.write(': beat\n\n');
      void this.refresh(sessionId);
    }, this.timing.heartbeatMs);
    beat.unref();
    req.once('close', stream.close);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies that buffer responses would hold the events back.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${this.timing.retryMs}\n\n`);
    let streams = this.#bySession.get(sessionId);
    if (!streams) {
      streams = new Set();
      this.#bySession.set(sessionId, streams);
    }
    streams.add(stream);
    void this.refresh(sessionId);
  }

  /** Sends every page of a session its view, if the session moved past what the page shows. */
  async refresh(sessionId: string): Promise<void> {
    const streams = this.#bySession.get(sessionId);
    if (!streams || streams.size === 0) return;
    let found: Awaited<ReturnType<ReadSession>>;
    try {
      found = await this.read(sessionId);
    } catch (error) {
      this.log.warn('support.readFailed', errorFields(error));
      return;
    }
    for (const stream of [...streams]) {
      if (!found || found.version <= stream.shown) continue;
      stream.shown = found.version;
      const { session } = found;
      const gone = session.status === 'ended' || !session.participants.some((p) => p.kind === 'customer' && p.id === stream.customerId);
      const data = JSON.stringify({ html: customerView(session, stream.customerId, stream.locale).text, final: gone });
      stream.res.write(`id: ${found.version}\nevent: session\ndata: ${data}\n\n`);
      if (gone) stream.close();
    }
  }

  /** Sends every page the current view (after the bus was lost for a while: messages may have been missed). */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.#bySession.keys()].map((id) => this.refresh(id)));
  }

  /** Ends every stream and stops listening (at shutdown, so the server stops without waiting for pages to leave). */
  async stop(): Promise<void> {
    for (const streams of [...this.#bySession.values()]) for (const stream of [...streams]) stream.close();
    await this.#unsubscribe?.().catch(() => undefined);
  }
}
