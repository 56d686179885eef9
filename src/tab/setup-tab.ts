import type restify from 'restify';
import type { CardRenderer } from '../../cards/render.js';
import type { BoardMarkStore } from '../desk-views/board-marks.js';
import type { MemoryChangeFeed } from '../desk-views/change-feed.js';
import type { DeskReadModel } from '../desk-views/desk-read-model.js';
import type { DeskConfig } from '../desk-config.js';
import type { DeskService } from '../desk-service.js';
import type { Log } from '../log.js';
import type { StorePort } from '../store/store-port.js';
import { EntraTokenValidator, type TokenRules } from './entra-token.js';
import { LiveStreams, type StreamTiming } from './live-events.js';
import { registerTabApi } from './tab-api.js';
import { registerTabFiles } from './tab-files.js';
import type { TabSignIn } from './tab-identity.js';

/** What the Desk tab is wired from. */
export interface TabDeps {
  server: restify.Server;
  service: DeskService;
  /** The change feed `watchChanges` made. */
  changes: MemoryChangeFeed;
  /** The board's reads and marks, shared with the leads' board card (STAT-1). */
  board: { reads: DeskReadModel; marks: BoardMarkStore };
  store: StorePort;
  desk: DeskConfig;
  cards: CardRenderer;
  /** Token rules (Teams SSO); absent in local anonymous mode, where the page picks a development identity. */
  tokens?: TokenRules;
  /** Where `npm run build:tab` put the page. */
  buildDir: string;
  clock: () => Date;
  log: Log;
  /** Overrides for tests: the OpenID metadata address, stream timing. */
  metadataUrl?: string;
  timing?: StreamTiming;
}

/** The running tab: its reads (the board card can share them) and a stop for shutdown. */
export interface DeskTab {
  reads: DeskReadModel;
  /** Ends the live streams, so the server stops without waiting for open pages. */
  stop(): void;
}

/** Serves the Desk tab: the built page under `/tab/`, its API and live events under `/api/tab/`. */
export function setUpTab(deps: TabDeps): DeskTab {
  const feed = deps.changes;
  const { reads, marks } = deps.board;
  const signIn: TabSignIn = deps.tokens
    ? { mode: 'teams', validator: new EntraTokenValidator(deps.tokens, deps.clock, deps.metadataUrl) }
    : { mode: 'development' };
  const streams = new LiveStreams(feed, deps.timing);
  registerTabFiles(deps.server, deps.buildDir);
  registerTabApi(deps.server, {
    reads,
    service: deps.service,
    marks,
    publisher: feed,
    desk: deps.desk,
    cards: deps.cards,
    signIn,
    streams,
    clock: deps.clock,
    log: deps.log,
  });
  return { reads, stop: () => streams.closeAll() };
}
