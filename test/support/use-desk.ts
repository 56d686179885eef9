import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type ConnectorOptions, nockConnector, type ConnectorRecorder } from './bot-connector.js';
import { startDesk, type DeskOptions, type DeskUnderTest, type TestUser } from './desk-harness.js';
import { goOffline, type OfflineGuard } from './offline.js';

/** A desk for one test file, with the fake Bot Connector that records what it sends. */
export interface DeskFixture {
  readonly desk: DeskUnderTest;
  readonly connector: ConnectorRecorder;
  /** The newest card sent to (or updated in) a person's chat that passes `match`, sent or updated in place (refused ones left out). */
  lastCardFor(user: TestUser, match?: (card: any) => boolean): any;
}

/**
 * Registers the hooks every bot test file needs: offline (loopback only), a
 * fake connector, a desk started once; after each test, no request may have
 * tried to leave the machine; after all, everything is closed again.
 */
export function useDesk(options: DeskOptions | (() => Promise<DeskOptions>) = {}, connectorOptions: ConnectorOptions = {}): DeskFixture {
  let desk: DeskUnderTest | undefined;
  let connector: ConnectorRecorder | undefined;
  let offline: OfflineGuard | undefined;
  beforeAll(async () => {
    offline = goOffline();
    connector = nockConnector(undefined, connectorOptions);
    // Options may depend on something started first (a stand-in platform's URL).
    desk = await startDesk(typeof options === 'function' ? await options() : options);
  });
  afterEach(() => expect(offline?.unmatched).toEqual([]));
  afterAll(async () => {
    await desk?.stop();
    connector?.close();
    offline?.close();
  });
  return {
    get desk() {
      if (!desk) throw new Error('the desk starts in beforeAll');
      return desk;
    },
    get connector() {
      if (!connector) throw new Error('the connector starts in beforeAll');
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
