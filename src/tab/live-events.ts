import type { Request, Response } from 'restify';
import type { ChangeFeed, DeskChange } from '../desk-views/desk-read-model.js';

/** Decides whether a change matters to one reader; it may refresh what it knows about them first. */
export type Relevance = (change: DeskChange) => boolean | Promise<boolean>;

/** Timing of a live stream; tests shorten it. */
export interface StreamTiming {
  /** A comment line this often keeps proxies from closing an idle stream and lets the page notice a dead one. */
  heartbeatMs: number;
  /** Changes within this window are told as one. */
  coalesceMs: number;
  /** What the page waits before reconnecting (the `retry` field). */
  retryMs: number;
}

/** The defaults: a heartbeat every 15 s, changes told at most every 100 ms. */
export const STREAM_TIMING: StreamTiming = { heartbeatMs: 15_000, coalesceMs: 100, retryMs: 2000 };

/**
 * Server-sent events for one reader: `ready` when the stream opens (with
 * `missed: true` when the page must reload because something it cares about
 * changed while it was away, or it cannot tell), then `changed` whenever a
 * relevant change is committed. Event ids are change numbers, so a reconnect
 * with `Last-Event-ID` resumes where the page left off.
 */
export class LiveStreams {
  readonly #open = new Set<() => void>();

  constructor(
    private readonly feed: ChangeFeed,
    private readonly timing: StreamTiming = STREAM_TIMING,
  ) {}

  /** How many streams are open now. */
  get size(): number {
    return this.#open.size;
  }

  /** Starts a stream on `res`; it ends when the page goes away or `closeAll` runs. */
  async open(req: Request, res: Response, relevant: Relevance): Promise<void> {
    const lastSeen = parseLastEventId(req.header('last-event-id'));
    // Subscribe before looking at what was missed, so nothing slips between the two.
    let pending: DeskChange | undefined;
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let sending = Promise.resolve();
    const send = (text: string) => {
      if (!closed) res.write(text);
    };
    const flush = () => {
      timer = undefined;
      const change = pending;
      pending = undefined;
      if (change) send(event('changed', change.seq, { seq: change.seq }));
    };
    const unsubscribe = this.feed.subscribe((change) => {
      // Relevance may read the store: keep the checks in commit order.
      sending = sending.then(async () => {
        if (closed || !(await relevant(change))) return;
        pending = change;
        timer ??= setTimeout(flush, this.timing.coalesceMs);
      });
    });
    const heartbeat = setInterval(() => send(': ping\n\n'), this.timing.heartbeatMs);
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      this.#open.delete(close);
      res.end();
    };
    this.#open.add(close);
    req.once('close', close);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies that buffer responses would hold the events back.
      'x-accel-buffering': 'no',
    });
    const missed = await this.missedSince(lastSeen, relevant);
    send(`retry: ${this.timing.retryMs}\n`);
    send(event('ready', this.feed.seq, { seq: this.feed.seq, missed }));
  }

  /** Ends every open stream (at shutdown, so the server can stop without waiting for pages to leave). */
  closeAll(): void {
    for (const close of [...this.#open]) close();
  }

  private async missedSince(lastSeen: number | undefined, relevant: Relevance): Promise<boolean> {
    if (lastSeen === undefined) return true;
    const missed = this.feed.since(lastSeen);
    if (!missed) return true;
    for (const change of missed) if (await relevant(change)) return true;
    return false;
  }
}

function event(name: string, id: number, data: unknown): string {
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function parseLastEventId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
