import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in connector answered: when, to which conversation, with what status. */
export interface ConnectorRequest {
  at: number;
  conversationId: string;
  status: number;
  /** The Retry-After the answer carried (seconds), if any. */
  retryAfter?: number;
  body: string;
}

/** A stand-in Bot Connector on loopback that answers with statuses chosen per request, and records every request's time. */
export interface FaultyConnector {
  serviceUrl: string;
  requests: ConnectorRequest[];
  close(): Promise<void>;
}

const ACTIVITY_PATH = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;

/**
 * Starts the stand-in. `answer` picks each request's status and an optional
 * Retry-After (seconds); 200 answers carry an activity id as the real connector does.
 * `now` stamps each request (default `Date.now`; the bench uses `performance.now`).
 */
export async function startFaultyConnector(
  answer: (conversationId: string) => { status: number; retryAfter?: number },
  now: () => number = Date.now,
): Promise<FaultyConnector> {
  const requests: ConnectorRequest[] = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const match = ACTIVITY_PATH.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const { status, retryAfter } = answer(conversationId);
      requests.push({
        at: now(),
        conversationId,
        status,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const body =
        status === 200 ? JSON.stringify({ id: match[2] ?? `sent-${++sent}` }) : JSON.stringify({ error: { code: `E${status}`, message: 'stand-in' } });
      res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
      res.end(body);
    });
  });
  // Senders keep their connections: a broadcast's thousands of sends must not each open one.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The most requests found in any window of `windowMs` (a window is half-open: (t - windowMs, t]). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
