import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createAdapter, createMessagesEndpoint } from '../bot/adapter.js';
import { ConversationRegistry } from '../bot/conversation-registry.js';
import { CardRegistry } from '../bot/card-registry.js';
import { DeskBot } from '../bot/desk-bot.js';
import { DeskCards } from '../bot/desk-cards.js';
import { ConnectorClients } from '../bot/connector-clients.js';
import { CardLane, logNotices } from '../bot/card-lane.js';
import { createCommandParser } from '../bot/text-commands.js';
import { ExpertSearchExtension } from '../bot/message-extension.js';
import { RecentExperts } from '../bot/recent-experts.js';
import { localSignInEnabled, SsoGate } from '../bot/sso.js';
import { SsoTokenStore } from '../bot/sso-tokens.js';
import { loadCommandAliases } from '../manifest/sources.js';
import { createCardRenderer } from '../cards/render.js';
import type { AppConfig } from './config.js';
import { loadDeskConfig, policyOf, sendLimitsOf, type DeskConfig } from './desk-config.js';
import { LeadCards } from '../bot/lead-cards.js';
import { MessageLane } from '../bot/message-lane.js';
import { LeadReads } from './leads/lead-reads.js';
import { LeadDeliveries } from './leads/lead-deliveries.js';
import { GraphAppInstaller, type AppInstaller } from './leads/app-installer.js';
import { BoardMarkStore } from './desk-views/board-marks.js';
import { ServiceReadModel } from './desk-views/service-read-model.js';
import { DeskService } from './desk-service.js';
import { createDecide } from './engine/decide.js';
import type { Log } from './log.js';
import type { PlatformSink } from './platform/events.js';
import { createPlatformSink } from './platform/event-commands.js';
import { setUpPlatform } from './platform/platform-setup.js';
import { commandLane, setUpCommands } from './platform/platform-commands-setup.js';
import type { Lane } from './outbox/outbox-item.js';
import { OutboxWorker, type LaneHandler } from './outbox/outbox-worker.js';
import type { SimulatedPlatform } from './platform/simulated-platform.js';
import { Simulation, type SimulationOptions } from './platform/simulation.js';
import type { ContactSimulator } from './platform/simulator.js';
import { createServer, type DeskServer } from './server.js';
import { openStore } from './store/open-store.js';
import { TimerService } from './timer-service.js';
import { Retention } from './retention.js';
import { InstanceRegistry } from './instances.js';
import { SendThrottle, type SendLimits } from './outbox/throttle.js';
import type { StorePort } from './store/store-port.js';
import type { DirectoryPort } from './directory/directory-port.js';
import { LocalDirectory } from './directory/local-directory.js';
import { GraphDirectory } from './directory/graph-directory.js';
import { setUpTab, type DeskTab } from './tab/setup-tab.js';
import { shareChanges } from './desk-views/shared-changes.js';
import { tokenRulesOf } from './tab/token-rules.js';
import { graphReadiness } from './directory/directory-readiness.js';
import { deskGauges } from './desk-gauges.js';
import { createMetrics, noMetrics } from './metrics.js';
import type { ReadinessCheck } from './readiness.js';
import { inTurn } from './turn-scope.js';
import type { Bus } from './store/bus.js';
import { openBus } from './store/open-bus.js';
import { SessionLinks } from './support/session-links.js';
import { setUpSupport, type SupportSide } from './support/setup-support.js';
import type { StreamTiming } from './support/session-streams.js';

/** Overrides for tests and benchmarks: another store, a fixed clock, an in-memory desk config. */
export interface AppOverrides {
  store?: StorePort;
  clock?: () => Date;
  desk?: DeskConfig;
  /** Where platform events go (default: the desk service). */
  sink?: PlatformSink;
  /** The expert directory (default: LocalDirectory on DIRECTORY_FILE). */
  directory?: DirectoryPort;
  /** How long an expert search may wait for the directory (default 4 s). */
  directoryTimeoutMs?: number;
  /** Teams' send limits (default: the admin configuration's `messaging`); tests and benchmarks set their own. */
  sendLimits?: SendLimits;
  /** The bus between instances (default: PostgreSQL's with STORE=postgres, else the memory bus). */
  bus?: Bus;
  /** The customers' live pages' timing (tests shorten it). */
  streamTiming?: StreamTiming;
  /** The built-in platform's timings, chance and ids (tests make them deterministic). */
  simulation?: Pick<SimulationOptions, 'timings' | 'random' | 'answers' | 'newId'>;
  /** How long outbox work written by an instance is its own (default 30 s). */
  outboxLeaseMs?: number;
  /** Who installs the app for recipients who lack it (MSG-2; default: Microsoft Graph when DIRECTORY_SOURCE=graph). */
  appInstaller?: AppInstaller;
}

/** A composed desk: server, store and the pieces tests reach into. */
export interface DeskApp extends DeskServer {
  store: StorePort;
  service: DeskService;
  desk: DeskConfig;
  /** The embedded platform simulator, when SIMULATOR=on. */
  simulator?: ContactSimulator;
  /** The built-in platform that receives commands, when PLATFORM_URL is unset. */
  simulatedPlatform?: SimulatedPlatform;
  /** The built-in platform's model and behaviour, when PLATFORM_URL is unset. */
  simulation?: Simulation;
  /** The durable outbox's worker (PLAT-4). */
  outbox: OutboxWorker;
  /** The Desk tab (`/tab/`) and its reads. */
  tab: DeskTab;
  /** The customers' side of support sessions (SUP-1): their live pages. */
  support: SupportSide;
}

/** The composition root: the only place that wires configuration to parts. */
export async function createApp(config: AppConfig, log: Log, overrides: AppOverrides = {}): Promise<DeskApp> {
  const desk = overrides.desk ?? loadDeskConfig(config.DESK_CONFIG_FILE, config.rootDir);
  const store = overrides.store ?? (await openStore(config));
  const clock = overrides.clock ?? (() => new Date());
  const policy = policyOf(desk);
  const instanceId = randomUUID();
  // PLAT-1: commands out, to PLATFORM_URL or to the built-in simulated platform, whose one model the contact generator shares.
  const simulation = config.PLATFORM_URL
    ? undefined
    : new Simulation({
        desk,
        clock,
        log,
        ...overrides.simulation,
        timings: { answer: config.SIMULATOR_ANSWER_SECONDS * 1000, ...overrides.simulation?.timings },
      });
  const commands = await setUpCommands(config, { clock, log, ...(simulation ? { apply: (command) => simulation.apply(command) } : {}) });
  // One outbox for everything that leaves after a commit: platform commands, and (below, once the bot exists) cards.
  const lanes: Partial<Record<Lane, LaneHandler>> = { command: commandLane(commands.commander, config.PLATFORM_COMMAND_TIMEOUT_MS, log) };
  const outbox = new OutboxWorker({
    store,
    clock,
    log,
    instanceId,
    handlers: lanes,
    backoff: { baseMs: 500, maxMs: config.OUTBOX_RETRY_MAX_SECONDS * 1000 },
    messageConcurrency: desk.messaging.inFlight,
    ...(overrides.outboxLeaseMs ? { leaseMs: overrides.outboxLeaseMs } : {}),
  });
  const reportEveryMs = desk.messaging.reportEverySeconds * 1000;
  // The live instances: the send throttle divides the tenant's rate by their number; kept records need one alone.
  const instances = new InstanceRegistry(store, instanceId, clock, log);
  await instances.start();
  const service = new DeskService(
    store,
    createDecide(policy),
    policy,
    clock,
    {
      confirm: (command) => commands.commander.send(command, config.PLATFORM_COMMAND_TIMEOUT_MS),
      outboxWritten: (items) => outbox.workNow(items),
    },
    instanceId,
    // On PostgreSQL a read is a round trip: agent records this instance last saw are decided from as kept.
    {
      reportEveryMs,
      ...(config.STORE === 'postgres' && !overrides.store ? { cacheAgents: () => instances.alone } : {}),
      ...(overrides.outboxLeaseMs ? { outboxLeaseMs: overrides.outboxLeaseMs } : {}),
    },
  );
  // First listener: live views hear of a commit before anything slower runs, on every instance (the bus).
  // A page held by one instance follows a change made on another; after a reconnect, pages are refreshed (messages may be lost).
  let busReconnected = () => {};
  const bus = overrides.bus ?? (await openBus(overrides.store ? { ...config, STORE: 'lowdb' } : config, () => busReconnected()));
  const shared = await shareChanges(service, bus, log);
  const changes = shared.feed;
  // Counted only when someone may read them: METRICS_TOKEN set.
  const scrapable = config.METRICS_TOKEN
    ? createMetrics(
        deskGauges(
          store,
          desk.queues.map((q) => q.id),
        ),
      )
    : undefined;
  const metrics = scrapable ?? noMetrics;
  const links = new SessionLinks(config.PUBLIC_URL);
  const cards = createCardRenderer();
  const deskCards = new DeskCards(service, cards, desk, clock, log, links);
  const conversations = new ConversationRegistry(store);
  const cardIds = new CardRegistry(store);
  const sso = new SsoGate(
    { appId: config.MicrosoftAppId, connectionName: config.SSO_CONNECTION_NAME, localSignIn: localSignInEnabled(config) },
    { tokens: new SsoTokenStore(clock), cards, clock, log },
  );
  // The embedded default is the local expert directory; Microsoft Graph sits behind the same port.
  const recents = new RecentExperts(store);
  const directory =
    overrides.directory ??
    (config.DIRECTORY_SOURCE === 'graph'
      ? new GraphDirectory({ tenantId: config.MicrosoftAppTenantId, clientId: config.MicrosoftAppId, clientSecret: config.MicrosoftAppPassword, now: clock })
      : await LocalDirectory.open(config.DIRECTORY_FILE, clock));
  const experts = new ExpertSearchExtension({
    directory,
    sso,
    recents,
    cards,
    clock,
    log,
    cardBudget: deskCards.budget,
    ...(overrides.directoryTimeoutMs !== undefined ? { timeoutMs: overrides.directoryTimeoutMs } : {}),
  });
  // Team leads (MSG-1, MSG-2, STAT-1, ST-8): the board is the Desk tab's board data, read once for both.
  const leadReads = new LeadReads(store);
  const marks = new BoardMarkStore(store);
  const boardReads = new ServiceReadModel({ service, store, desk, marks, changes });
  const installer =
    overrides.appInstaller ??
    (config.DIRECTORY_SOURCE === 'graph'
      ? new GraphAppInstaller({
          tenantId: config.MicrosoftAppTenantId,
          clientId: config.MicrosoftAppId,
          clientSecret: config.MicrosoftAppPassword,
          teamsAppId: config.TEAMS_APP_ID || config.MicrosoftAppId,
          now: clock,
        })
      : undefined);
  const deliveries = new LeadDeliveries(store, leadReads, log, clock, (items) => outbox.workNow(items), installer);
  const leadCards = new LeadCards({ cards, desk, reads: leadReads, board: boardReads, clock, canInstall: deliveries.canInstall });
  const bot = new DeskBot({
    service,
    conversations,
    cardIds,
    cards,
    deskCards,
    log,
    parseCommand: createCommandParser(loadCommandAliases(join(config.rootDir, 'manifest'))),
    sso,
    experts,
    directory,
    recents,
    leads: { leads: leadCards, reads: leadReads, marks, deliveries, clock },
  });
  const adapter = createAdapter(config, log);
  // Teams' send limits hold for all instances together: this one takes its share of the tenant's rate.
  const throttle = new SendThrottle(overrides.sendLimits ?? sendLimitsOf(desk), () => instances.count);
  const clients = new ConnectorClients(adapter, config.MicrosoftAppId);
  lanes.card = new CardLane({ clients, conversations, cardIds, cards: deskCards, log, throttle, metrics, leads: leadCards });
  lanes.message = new MessageLane({
    clients,
    conversations,
    cardIds,
    leads: leadCards,
    reads: leadReads,
    log,
    throttle,
    clock,
    instanceId,
    maxTries: desk.messaging.maxTries,
    reportEveryMs,
  });
  const timers = new TimerService({
    store,
    // A deadline firing is a turn of its own: its log lines share a turn id like a request's.
    fire: (timerId, at) => inTurn(async () => void (await service.execute({ type: 'timer.fire', timerId, at }))),
    clock,
    log,
    instanceId,
  });
  service.onCommit(logNotices(log));
  service.onCommit((decision) => timers.noteContacts([...decision.changes.contacts].map((id) => decision.state.contacts.get(id)!)));
  service.onCommit((decision) => timers.noteSessions([...decision.changes.sessions].map((id) => decision.state.sessions!.get(id)!)));
  // Deadlines persisted before a restart still fire (ST-6: a RONA timeout survives a restart).
  await timers.start();
  outbox.start();
  const retention = new Retention(store, clock, log, { eventIdHours: config.EVENT_ID_RETENTION_HOURS, historyDays: config.HISTORY_RETENTION_DAYS });
  retention.start();
  const platform = setUpPlatform(config, { sink: overrides.sink ?? createPlatformSink(service), desk, clock, log, simulation });
  const readiness: ReadinessCheck[] = [{ name: 'store', check: () => store.check() }];
  if (config.DIRECTORY_SOURCE === 'graph' && !overrides.directory) {
    readiness.push({ name: 'directory', check: graphReadiness({ tenantId: config.MicrosoftAppTenantId }) });
  }
  const server = createServer({
    messages: createMessagesEndpoint(adapter, bot, config, log),
    platform: platform.endpoint,
    store,
    log,
    metrics,
    readiness,
    ...(scrapable && config.METRICS_TOKEN ? { exposition: { token: config.METRICS_TOKEN, scrape: () => scrapable.scrape() } } : {}),
  });
  // The Desk tab: its presses are the bot's engine commands; the chat's status card is brought up to date through the outbox.
  const tokens = tokenRulesOf(config);
  const tab = setUpTab({
    server: server.server,
    service,
    changes,
    board: { reads: boardReads, marks },
    store,
    desk,
    cards,
    ...(tokens ? { tokens } : {}),
    buildDir: `${config.rootDir}/build/tab`,
    clock,
    log,
  });
  const support = await setUpSupport({
    server: server.server,
    service,
    bus,
    clock,
    log,
    secure: config.PUBLIC_URL?.startsWith('https:') ?? false,
    ...(overrides.streamTiming ? { timing: overrides.streamTiming } : {}),
  });
  busReconnected = () => void support.streams.refreshAll();
  return {
    ...server,
    store,
    service,
    desk,
    simulator: platform.simulator,
    ...(commands.simulated ? { simulatedPlatform: commands.simulated } : {}),
    ...(simulation ? { simulation } : {}),
    outbox,
    tab,
    support,
    listen: async (port, host) => {
      const bound = await server.listen(port, host);
      links.listening(host, bound);
      return platform.listening(host, bound);
    },
    async stop(graceMs) {
      log.info('desk.stats', { ...service.stats });
      platform.stop();
      timers.stop();
      tab.stop();
      // Live pages hold their requests open: end them first, so the server does not wait for them.
      await support.stop();
      await server.stop(graceMs);
      await outbox.stop();
      await instances.stop();
      await retention.stop();
      await commands.stop();
      // A store or bus handed in belongs to the caller; the ones opened here are closed here (PostgreSQL: its pool, its listener).
      await shared.stop();
      if (!overrides.bus) await bus.close();
      if (!overrides.store) await store.close();
    },
  };
}
