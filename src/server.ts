import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Request, type Response } from 'restify';
import { errorFields, type Log } from './log.js';
import { noMetrics, type Metrics, type Scrape, type TurnOutcome } from './metrics.js';
import { OPENAPI_PATH, platformOpenApi } from './platform/openapi.js';
import type { PlatformEndpoint } from './platform/platform-route.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';
import type { StorePort } from './store/store-port.js';
import { inTurn } from './turn-scope.js';
import { turnKind } from './turn-kind.js';

/** What the HTTP server serves. */
export interface ServerDeps {
  /** `POST /api/messages`: the Teams edge's handler. */
  messages: (req: Request, res: Response) => Promise<void>;
  /** `POST /api/platform/events`; not served when absent. */
  platform?: PlatformEndpoint;
  store: StorePort;
  log: Log;
  /** Where turns and platform events are counted (default: nowhere). */
  metrics?: Metrics;
  /** `GET /metrics` behind this bearer token; not served when absent (METRICS_TOKEN unset). */
  exposition?: { token: string; scrape(): Promise<Scrape> };
  /** What `GET /readyz` asks (default: the store). */
  readiness?: readonly ReadinessCheck[];
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

/**
 * Builds the restify server: `POST /api/messages`, `POST /api/platform/events`,
 * `GET /api/platform/openapi.json` (the platform contract),
 * `GET /healthz` (the process lives), `GET /readyz` (its dependencies answer)
 * and, when a token is set, `GET /metrics`. Each request to the two API routes
 * is one turn: its log lines share a turn id, and it is counted by kind and outcome.
 */
export function createServer(deps: ServerDeps): DeskServer {
  const { messages, platform, store, log, metrics = noMetrics, exposition } = deps;
  const readiness = deps.readiness ?? [{ name: 'store', check: () => store.check() }];
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

  // One request is one turn: a turn id for its log lines, then counted by kind and outcome with its latency.
  // (restify only takes two-argument handlers that are async functions, hence `async` around inTurn.)
  const turn = (kind: (req: Request) => string, handle: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) =>
    inTurn(async () => {
      const started = process.hrtime.bigint();
      await handle(req, res);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.turn(kind(req), outcomeOf(res.statusCode), seconds);
      return undefined;
    });

  server.post(
    '/api/messages',
    bodyParser,
    turn(
      (req) => turnKind(req.body),
      async (req, res) => {
        try {
          await messages(req, res);
        } catch (error) {
          log.error('messages.failed', errorFields(error));
          if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The request could not be handled.' } });
        }
      },
    ),
  );

  if (platform) {
    server.post(
      '/api/platform/events',
      turn(
        () => 'platform',
        async (req, res) => {
          try {
            await platform(req, res);
          } catch (error) {
            log.error('platform.failed', errorFields(error));
            if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The event could not be applied.' } });
          }
          metrics.platformEvent(res.statusCode);
        },
      ),
    );
  }

  // The platform contract, generated from the schemas that validate it; the same whether or not the API is on.
  let contract: string | undefined;
  server.get(OPENAPI_PATH, async (_req: Request, res: Response) => {
    contract ??= JSON.stringify(platformOpenApi());
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(contract);
  });

  // Liveness only: a full disk or a slow directory is for /readyz; restarting the process would not fix them.
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const answer = await checkReadiness(readiness);
    if (answer.ready) {
      res.send(200, { status: 'ready' });
      return;
    }
    log.warn('readiness.failed', { reason: answer.reason, ...errorFields(answer.error) });
    res.send(503, { status: 'unavailable', reason: answer.reason, message: `The ${answer.reason} does not answer.` });
  });

  if (exposition) {
    const expected = digest(exposition.token);
    server.get('/metrics', async (req: Request, res: Response) => {
      const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        res.header('WWW-Authenticate', 'Bearer');
        res.send(401, { error: { code: 'Unauthorized', message: 'The METRICS_TOKEN bearer token is required.' } });
        return;
      }
      let scrape: Scrape;
      try {
        scrape = await exposition.scrape();
      } catch (error) {
        log.warn('metrics.failed', errorFields(error));
        res.send(503, { error: { code: 'ServiceUnavailable', message: 'The desk levels could not be read; try the next scrape.' } });
        return;
      }
      res.writeHead(200, { 'content-type': scrape.contentType });
      res.end(scrape.body);
    });
  }

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

function outcomeOf(status: number): TurnOutcome {
  if (status >= 500) return 'error';
  return status >= 400 ? 'refused' : 'ok';
}

// Equal-length digests, so comparing them takes the same time whatever was presented.
function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
