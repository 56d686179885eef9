import { afterEach, beforeEach, expect } from 'vitest';
import { type ConnectorOptions, nockConnector, type ConnectorRecorder } from './bot-connector.js';
import { startDesk, type DeskOptions, type DeskUnderTest, type TestUser } from './desk-harness.js';
import { goOffline, type OfflineGuard } from './offline.js';

/** A desk for one test, with the fake Bot Connector that records what it sends. */
export interface DeskFixture {
  readonly desk: DeskUnderTest;
  readonly connector: ConnectorRecorder;
  /** The newest card sent to (or updated in) a person's chat that passes `match`, sent or updated in place (refused ones left out). */
  lastCardFor(user: TestUser, match?: (card: any) => boolean): any;
}

/**
 * Registers the hooks every bot test file needs: before each test, offline
 * (loopback only), a fake connector and a fresh desk, so no test sees what
 * another left behind (a scene a test needs, it sets up itself); after each
 * test, no request may have tried to leave the machine, and everything is
 * closed again. `options` is a function when each test needs its own parts
 * (a store to take down, a directory that records its callers).
 */
export function useDesk(options: DeskOptions | (() => DeskOptions | Promise<DeskOptions>) = {}, connectorOptions: ConnectorOptions = {}): DeskFixture {
  let desk: DeskUnderTest | undefined;
  let connector: ConnectorRecorder | undefined;
  let offline: OfflineGuard | undefined;
  beforeEach(async () => {
    offline = goOffline();
    connector = nockConnector(undefined, connectorOptions);
    // Options may depend on something started first (a stand-in platform's URL).
    desk = await startDesk(typeof options === 'function' ? await options() : options);
  });
  afterEach(async () => {
    const unmatched = offline?.unmatched ?? [];
    await desk?.stop();
    connector?.close();
    offline?.close();
    desk = undefined;
    connector = undefined;
    offline = undefined;
    expect(unmatched).toEqual([]);
  });
  return {
    get desk() {
      if (!desk) throw new Error('the desk starts before each test');
      return desk;
    },
    get connector() {
      if (!connector) throw new Error('the connector starts before each test');
      return connector;
    },
    lastCardFor(user, match = () => true) {
      // Connector paths carry the conversation id URL-encoded ("personal-29%3Asoren"); a refused message never reached the chat.
      const calls = (connector?.calls ?? []).filter(
        (c) => c.method !== 'DELETE' && c.status === 200 && decodeURIComponent(c.path).includes(`personal-${user.id}`),
      );
      const cards = calls.map((c) => (c.body.attachments as Array<{ content?: unknown }> | undefined)?.[0]?.content).filter(Boolean);
      return cards.reverse().find(match);
    },
  };
}
