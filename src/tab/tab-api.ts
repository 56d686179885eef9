import restify, { type Request, type Response } from 'restify';
import { z } from 'zod';
import { pickLocale, type Locale } from '../../cards/locale.js';
import type { CardRenderer } from '../../cards/render.js';
import type { BoardMarkStore } from '../desk-views/board-marks.js';
import type { ChangePublisher } from '../desk-views/change-feed.js';
import type { DeskChange, DeskReadModel } from '../desk-views/desk-read-model.js';
import { teamsLedBy, teamsOf, queuesServedBy } from '../desk-views/team-membership.js';
import type { DeskConfig } from '../desk-config.js';
import type { DeskService } from '../desk-service.js';
import { slotOf } from '../outbox/card-requests.js';
import { errorFields, type Log } from '../log.js';
import type { LiveStreams } from './live-events.js';
import { refusalText } from './refusal-text.js';
import { chatCardOf, parseTabAction } from './tab-actions.js';
import { userOf, type TabSignIn, type TabUser } from './tab-identity.js';
import { boardView, deskView, type DeskViewOptions } from './tab-views.js';
import type { ActionAnswer, TabSetup } from './tab-wire.js';

/** What the tab's API needs. */
export interface TabApiDeps {
  reads: DeskReadModel;
  service: Pick<DeskService, 'execute'>;
  marks: BoardMarkStore;
  publisher: ChangePublisher;
  desk: DeskConfig;
  cards: CardRenderer;
  signIn: TabSignIn;
  streams: LiveStreams;
  clock: () => Date;
  log: Log;
}

type Handler = (req: Request, res: Response, user: TabUser, locale: Locale) => Promise<void>;

const MAX_BODY_BYTES = 64 * 1024;
const page = z.coerce.number().int().min(0).max(10_000);
const markBody = z.object({ agentId: z.string().min(1).max(128), on: z.boolean().optional() });

/**
 * The Desk tab's JSON API and live events under `/api/tab/`. Every route but
 * `setup` needs a signed-in user (a validated Teams token, or the development
 * identity in local anonymous mode) before it reads anything.
 */
export function registerTabApi(server: restify.Server, deps: TabApiDeps): void {
  const bodyParser = restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true });
  const query = restify.plugins.queryParser({ mapParams: false });
  const signedIn =
    (name: string, handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const user = await userOf(req, deps.signIn);
        if ('status' in user) {
          deps.log.info('tab.signIn.refused', { route: name, reason: user.reason });
          res.send(user.status, { error: { code: user.status === 401 ? 'Unauthorized' : 'ServiceUnavailable', message: 'Sign in to AgentDesk in Teams.' } });
          return;
        }
        await handler(req, res, user, localeOf(req));
      } catch (error) {
        deps.log.error('tab.failed', { route: name, ...errorFields(error) });
        if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The request could not be handled.' } });
      }
    };

  server.get('/api/tab/setup', async (_req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    res.send(200, await setup(deps));
  });

  server.get(
    '/api/tab/desk',
    query,
    signedIn('desk', async (req, res, user, locale) => {
      const parsedPage = page.safeParse((req.query as Record<string, unknown> | undefined)?.page ?? 0);
      res.header('cache-control', 'no-store');
      res.send(200, await readDesk(deps, user, locale, parsedPage.success ? { page: parsedPage.data } : {}));
    }),
  );

  server.post(
    '/api/tab/action',
    bodyParser,
    signedIn('action', async (req, res, user, locale) => {
      const actor = { id: user.id, name: user.name };
      const action = parseTabAction(req.body, actor);
      if (typeof action === 'string') {
        res.send(400, {
          error: { code: 'BadRequest', message: action === 'unknownVerb' ? 'This action is not available in the tab.' : 'The action data is not valid.' },
        });
        return;
      }
      // A press in the tab has no chat card to answer it: the chat's card is brought up to date in the same commit.
      const chatCard = chatCardOf(action);
      const result = await deps.service.execute(action.command, chatCard ? { alsoShow: [{ userId: user.id, slot: slotOf(chatCard), show: chatCard }] } : {});
      const text = result.ok ? undefined : refusalText(result.error, locale);
      const options: DeskViewOptions = text ? { error: { text, on: action.on, ...(action.contactId ? { contactId: action.contactId } : {}) } } : {};
      const answer: ActionAnswer = { ok: result.ok, ...(text ? { error: text } : {}), desk: await readDesk(deps, user, locale, options) };
      res.header('cache-control', 'no-store');
      res.send(200, answer);
    }),
  );

  server.get(
    '/api/tab/board',
    signedIn('board', async (_req, res, user, locale) => {
      const seq = deps.reads.changes.seq;
      const board = await deps.reads.leadBoard(user.id);
      if (!board) {
        res.send(403, { error: { code: 'Forbidden', message: 'Only team leads see the board.' } });
        return;
      }
      res.header('cache-control', 'no-store');
      res.send(200, boardView(board, { desk: deps.desk, locale, now: deps.clock(), seq }));
    }),
  );

  for (const [path, mark] of [
    ['/api/tab/board/favourite', (leadId: string, body: z.infer<typeof markBody>) => deps.marks.setFavourite(leadId, body.agentId, body.on ?? true)],
    ['/api/tab/board/viewed', (leadId: string, body: z.infer<typeof markBody>) => deps.marks.noteViewed(leadId, body.agentId, deps.clock().toISOString())],
  ] as const) {
    server.post(
      path,
      bodyParser,
      signedIn(path, async (req, res, user) => {
        const body = markBody.safeParse(req.body);
        if (!body.success) {
          res.send(400, { error: { code: 'BadRequest', message: 'agentId is required.' } });
          return;
        }
        if (teamsLedBy(deps.desk, user.id).length === 0) {
          res.send(403, { error: { code: 'Forbidden', message: 'Only team leads mark agents.' } });
          return;
        }
        await mark(user.id, body.data);
        deps.publisher.publish({ agents: [], contacts: [], queues: [], leads: [user.id] });
        res.send(204);
      }),
    );
  }

  server.get(
    '/api/tab/events',
    query,
    signedIn('events', async (req, res, user) => {
      const view = (req.query as Record<string, unknown> | undefined)?.view;
      if (view === 'board') {
        if (teamsLedBy(deps.desk, user.id).length === 0) {
          res.send(403, { error: { code: 'Forbidden', message: 'Only team leads see the board.' } });
          return;
        }
        await deps.streams.open(req, res, boardRelevance(deps.desk, user.id));
      } else if (view === 'desk') {
        await deps.streams.open(req, res, await deskRelevance(deps.reads, user.id));
      } else {
        res.send(400, { error: { code: 'BadRequest', message: 'view must be desk or board.' } });
      }
    }),
  );
}

/** The agent's desk; someone the desk has not seen yet is registered first, as the bot does on `status`. */
async function readDesk(deps: TabApiDeps, user: TabUser, locale: Locale, options: DeskViewOptions) {
  // The change number is taken before reading, so a change during the read is told again rather than lost.
  const seq = deps.reads.changes.seq;
  let data = await deps.reads.agentDesk(user.id);
  if (!data) {
    const registered = await deps.service.execute({ type: 'agent.register', actor: { id: user.id, name: user.name } });
    if (!registered.ok) throw new Error(`registration refused: ${registered.error.code}`);
    data = await deps.reads.agentDesk(user.id);
    if (!data) throw new Error('the registered agent cannot be read back');
  }
  const lead = teamsLedBy(deps.desk, user.id).length > 0;
  return deskView(
    data,
    { id: user.id, name: data.agent.name || user.name },
    lead,
    { desk: deps.desk, cards: deps.cards, locale, now: deps.clock(), seq },
    options,
  );
}

async function setup(deps: TabApiDeps): Promise<TabSetup> {
  if (deps.signIn.mode === 'teams') return { mode: 'teams' };
  const known = await deps.reads.people();
  const leads = new Set(deps.desk.teams.flatMap((team) => team.leads));
  const people = new Map<string, { id: string; name: string; lead: boolean }>();
  for (const person of known) people.set(person.id, { ...person, lead: leads.has(person.id) });
  for (const lead of leads) if (!people.has(lead)) people.set(lead, { id: lead, name: '', lead: true });
  return { mode: 'development', people: [...people.values()].sort((a, b) => Number(b.lead) - Number(a.lead) || a.name.localeCompare(b.name)) };
}

/** An agent's desk changes with their own record and the contacts they hold. */
async function deskRelevance(reads: DeskReadModel, agentId: string) {
  let held = new Set<string>();
  const refresh = async () => {
    const desk = await reads.agentDesk(agentId);
    held = new Set([...(desk?.requests ?? []), ...(desk?.interactions ?? []), ...(desk?.wrapUps ?? [])].map((c) => c.id));
  };
  await refresh();
  return async (change: DeskChange): Promise<boolean> => {
    if (!change.agents.includes(agentId) && !change.contacts.some((id) => held.has(id))) return false;
    await refresh();
    return true;
  };
}

/** A lead's board changes with the agents of their teams, the queues those serve, and their own marks. */
function boardRelevance(desk: DeskConfig, leadId: string) {
  const led = teamsLedBy(desk, leadId);
  const ledIds = new Set(led.map((team) => team.id));
  const queues = new Set(queuesServedBy(desk, led).map((queue) => queue.id));
  return (change: DeskChange): boolean =>
    (change.leads ?? []).includes(leadId) ||
    change.queues.some((id) => queues.has(id)) ||
    change.agents.some((id) => teamsOf(desk, id).some((team) => ledIds.has(team)));
}

/** The reader's language: the Teams locale the page sends as Accept-Language. */
function localeOf(req: Request): Locale {
  return pickLocale((req.header('accept-language') ?? '').split(',')[0]);
}
