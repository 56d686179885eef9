import restify, { type Request, type Response } from 'restify';
import { errorFields, type Log } from './log.js';
import { OPENAPI_PATH, platformOpenApi } from './platform/openapi.js';
import type { PlatformEndpoint } from './platform/platform-route.js';
import type { StorePort } from './store/store-port.js';

/** What the HTTP server serves. */
export interface ServerDeps {
  /** `POST /api/messages`: the Teams edge's handler. */
  messages: (req: Request, res: Response) => Promise<void>;
  /** `POST /api/platform/events`; not served when absent. */
  platform?: PlatformEndpoint;
  store: StorePort;
  log: Log;
}

/** The running HTTP server. */
export interface DeskServer {
  server: restify.Server;
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (bounded), flushes the store. */
  stop(graceMs?: number): Promise<void>;
}

// Teams activities are small; a generous cap still stops a flood from filling memory.
const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the restify server: `POST /api/messages`, `POST /api/platform/events`, `GET /api/platform/openapi.json` and `GET /healthz`. */
export function createServer({ messages, platform, store, log }: ServerDeps): DeskServer {
  const server = restify.createServer({ name: 'agentdesk', handleUncaughtExceptions: false });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  server.pre((_req: Request, res: Response, next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    next();
  });
  // Per route, not server.use: the platform route signs over the raw bytes, so it reads its own body.
  const bodyParser = restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true });

  server.post('/api/messages', bodyParser, async (req: Request, res: Response) => {
    try {
      await messages(req, res);
    } catch (error) {
      log.error('messages.failed', errorFields(error));
      if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The request could not be handled.' } });
    }
  });

  if (platform) {
    server.post('/api/platform/events', async (req: Request, res: Response) => {
      try {
        await platform(req, res);
      } catch (error) {
        log.error('platform.failed', errorFields(error));
        if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The event could not be applied.' } });
      }
    });
  }

  // The platform contract, generated from the schemas that validate it; the same whether or not the API is on.
  let contract: string | undefined;
  server.get(OPENAPI_PATH, async (_req: Request, res: Response) => {
    contract ??= JSON.stringify(platformOpenApi());
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(contract);
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await store.check();
      res.send(200, { status: 'ok' });
    } catch (error) {
      log.warn('health.store', errorFields(error));
      res.send(503, { status: 'unavailable', reason: 'store' });
    }
  });

  // restify's own errors (bad JSON, too large, unknown route) carry no stack; make sure of it.
  server.on('restifyError', (_req: Request, _res: Response, error: { body?: unknown; stack?: string }, callback: () => void) => {
    error.stack = '';
    callback();
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      }),
    async stop(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      // Keep-alive sockets would hold close() open; the requests on them are done by now.
      server.server.closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
      await store.flush();
    },
  };
}
