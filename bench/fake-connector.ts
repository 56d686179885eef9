import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One activity the bot sent to the connector: when it arrived (performance.now()) and what it said. */
export interface ConnectorArrival {
  at: number;
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The raw JSON text of the activity. */
  body: string;
}

/** A running fake Bot Connector on loopback. */
export interface FakeConnector {
  /** The `serviceUrl` to put on activities sent to the bots. */
  serviceUrl: string;
  /** Everything received since the last `clear()`, when recording. */
  arrivals: ConnectorArrival[];
  /** Activities received since start, recorded or not. */
  count(): number;
  /** Calls `listener` for every activity as it arrives; returns the unsubscribe. */
  onArrival(listener: (arrival: ConnectorArrival) => void): () => void;
  /** Turns keeping bodies in `arrivals` on or off (a long echo run needs only the count). */
  record(on: boolean): void;
  clear(): void;
  close(): Promise<void>;
}

// POST .../v3/conversations/:id/activities and POST/PUT .../v3/conversations/:id/activities/:activityId
const ACTIVITY_PATH = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;

/** Starts a tiny connector that answers `{ id }` to every activity send or update and records it. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const arrivals: ConnectorArrival[] = [];
  const listeners = new Set<(arrival: ConnectorArrival) => void>();
  let recording = true;
  let received = 0;

  const server = http.createServer((req, res) => {
    const match = ACTIVITY_PATH.exec(req.url ?? '');
    const method = req.method;
    if (!match || (method !== 'POST' && method !== 'PUT') || (method === 'PUT' && !match[2])) {
      req.resume();
      answer(res, method === 'DELETE' && match ? 200 : 404, '{}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrival: ConnectorArrival = {
        at: performance.now(),
        method,
        conversationId: decodeURIComponent(match[1]!),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received++;
      if (recording) arrivals.push(arrival);
      for (const listener of listeners) listener(arrival);
      answer(res, 200, JSON.stringify({ id: match[2] ?? `fake-${received}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    arrivals,
    count: () => received,
    onArrival(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    record(on) {
      recording = on;
    },
    clear() {
      arrivals.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Not chained: restify patches http.ServerResponse in the same process, and its writeHead returns nothing.
function answer(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
