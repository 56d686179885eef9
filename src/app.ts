import { createAdapter, createMessagesEndpoint } from '../bot/adapter.js';
import { ConversationRegistry } from '../bot/conversation-registry.js';
import { DeskBot } from '../bot/desk-bot.js';
import { createCommandParser } from '../bot/text-commands.js';
import { loadCommandAliases } from '../manifest/sources.js';
import { createCardRenderer } from '../cards/render.js';
import type { AppConfig } from './config.js';
import { loadDeskConfig, policyOf, type DeskConfig } from './desk-config.js';
import { DeskService } from './desk-service.js';
import { createDecide } from './engine/decide.js';
import type { Log } from './log.js';
import { createServer, type DeskServer } from './server.js';
import { LowdbStore } from './store/lowdb-store.js';
import type { StorePort } from './store/store-port.js';

/** Overrides for tests and benchmarks: another store, a fixed clock, an in-memory desk config. */
export interface AppOverrides {
  store?: StorePort;
  clock?: () => Date;
  desk?: DeskConfig;
}

/** A composed desk: server, store and the pieces tests reach into. */
export interface DeskApp extends DeskServer {
  store: StorePort;
  service: DeskService;
  desk: DeskConfig;
}

/** The composition root: the only place that wires configuration to parts. */
export async function createApp(config: AppConfig, log: Log, overrides: AppOverrides = {}): Promise<DeskApp> {
  const desk = overrides.desk ?? loadDeskConfig(config.DESK_CONFIG_FILE, config.rootDir);
  const store = overrides.store ?? (await LowdbStore.open(config.DATA_FILE));
  const clock = overrides.clock ?? (() => new Date());
  const service = new DeskService(store, createDecide(policyOf(desk)), clock);
  const bot = new DeskBot({
    service,
    conversations: new ConversationRegistry(store),
    cards: createCardRenderer(),
    desk,
    clock,
    log,
    parseCommand: createCommandParser(loadCommandAliases()),
  });
  const adapter = createAdapter(config, log);
  const server = createServer({ messages: createMessagesEndpoint(adapter, bot, config, log), store, log });
  return { ...server, store, service, desk };
}
