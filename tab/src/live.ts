import type { TabApi } from './api.ts';

/** How the live connection is doing. */
export type LiveState = 'connecting' | 'live' | 'lost';

/** What the live connection tells the view. */
export interface LiveHandlers {
  state(state: LiveState): void;
  /** Something the view shows has changed (or may have, while the connection was down): read it again. */
  changed(): void;
}

// The server sends a heartbeat every 15 s: three missed ones mean the connection is dead even if no error says so.
const SILENCE_MS = 45_000;
const MAX_RETRY_MS = 15_000;

/**
 * Follows the desk's server-sent events. It reads the stream with `fetch`
 * (an EventSource cannot send the Teams token), and on any break reconnects
 * with `Last-Event-ID`, so the server can tell whether anything was missed.
 * Returns a stop function.
 */
export function followLive(api: TabApi, view: 'desk' | 'board', handlers: LiveHandlers): () => void {
  let stopped = false;
  let lastId: string | undefined;
  let retryMs = 2000;
  let controller: AbortController | undefined;

  const run = async () => {
    while (!stopped) {
      handlers.state(lastId === undefined ? 'connecting' : 'lost');
      controller = new AbortController();
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const quiet = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller?.abort(), SILENCE_MS);
      };
      try {
        const headers = { ...(await api.headers()), accept: 'text/event-stream', ...(lastId !== undefined ? { 'last-event-id': lastId } : {}) };
        const response = await fetch(`/api/tab/events?view=${view}`, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
        quiet();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          quiet();
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseEvent(block);
            if (event.retry !== undefined) retryMs = event.retry;
            if (event.id !== undefined) lastId = event.id;
            if (event.name === 'ready') {
              handlers.state('live');
              if ((JSON.parse(event.data || '{}') as { missed?: boolean }).missed) handlers.changed();
            } else if (event.name === 'changed') {
              handlers.changed();
            }
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // A refused, broken or silent stream: reconnect below.
      } finally {
        clearTimeout(watchdog);
      }
      if (stopped) return;
      handlers.state('lost');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      // Back off while the desk stays away; a stream that opens sets the pace again (`retry`).
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/** One event block of the stream (field lines; comment lines start with a colon). */
function parseEvent(block: string): { name?: string; id?: string; data: string; retry?: number } {
  const event: { name?: string; id?: string; data: string; retry?: number } = { data: '' };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.name = value;
    else if (field === 'id') event.id = value;
    else if (field === 'data') event.data += event.data ? `\n${value}` : value;
    else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
  }
  return event;
}
