import restify, { type Request, type Response, type Server } from 'restify';
import type { DeskService } from '../desk-service.js';
import { errorFields, type Log } from '../log.js';
import type { Bus } from '../store/bus.js';
import { JoinLimiter } from './join-limiter.js';
import { joinRoutes, send } from './join-routes.js';
import { sessionRoutes } from './session-routes.js';
import { SessionStreams, type StreamTiming } from './session-streams.js';

/** What the customer side of support sessions needs. */
export interface SupportSetup {
  server: Server;
  service: DeskService;
  bus: Bus;
  clock: () => Date;
  log: Log;
  /** Whether customers reach the desk over HTTPS (PUBLIC_URL): their seat cookie is then Secure. */
  secure: boolean;
  timing?: StreamTiming;
}

/** The customer side, running: its live pages, and how to stop it. */
export interface SupportSide {
  streams: SessionStreams;
  limiter: JoinLimiter;
  stop(): Promise<void>;
}

// Generous for a name and a number, small enough that a flood cannot fill memory; a 10 KB name gets a clear answer.
const MAX_FORM_BYTES = 64 * 1024;

/**
 * Serves the customers' side of support sessions (SUP-1): `/join` and the
 * join links, each session's live page, and its voice and leave buttons.
 * After every commit that changed sessions, every instance hears of it on the
 * bus, so a page held by one instance follows a change made on another.
 */
export async function setUpSupport(setup: SupportSetup): Promise<SupportSide> {
  const { server, service, log } = setup;
  const streams = new SessionStreams((id) => service.session(id), setup.bus, log, setup.timing);
  await streams.start();
  service.onCommit((decision) => (decision.changes.sessions.size > 0 ? streams.published(decision.changes.sessions) : undefined));
  const limiter = new JoinLimiter(setup.clock);
  const join = joinRoutes({ service, limiter, secure: setup.secure });
  const pages = sessionRoutes({ service, streams });
  const form = restify.plugins.bodyParser({ maxBodySize: MAX_FORM_BYTES, mapParams: false, rejectUnknown: true });
  const guarded = (handler: (req: Request, res: Response) => void | Promise<void>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      log.error('support.failed', { path: req.path?.() ?? '', ...errorFields(error) });
      if (!res.headersSent) send(res, 500, '');
    }
  };
  server.get('/join', guarded(join.show));
  server.post('/join', form, guarded(join.join));
  server.get('/support/assets/:name', guarded(pages.asset));
  server.get('/support/s/:id', guarded(pages.page));
  server.get('/support/s/:id/events', guarded(pages.events));
  server.post('/support/s/:id/voice', form, guarded(pages.voice));
  server.post('/support/s/:id/leave', form, guarded(pages.leave));
  return { streams, limiter, stop: () => streams.stop() };
}
