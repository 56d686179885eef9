import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { turnConnector } from './sdk-retries.js';

// A connector client is kept this long; its credentials renew their own token meanwhile.
const CLIENT_KEPT_MS = 10 * 60_000;

/**
 * Bot Connector clients for proactive sends, one per service URL, each made by
 * a proactive turn of the adapter (so with its authentication) and kept a
 * while, without the SDK's own retries (the outbox retries, through the send
 * throttle). Making a client per send cost more CPU than the send itself: a
 * broadcast to thousands, a popover per offer.
 */
export class ConnectorClients {
  private readonly clients = new Map<string, { client: Promise<ConnectorClient>; until: number }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client for a reference's service URL; a failure to make one is not kept, so the next send tries again. */
  for(reference: Partial<ConversationReference>): Promise<ConnectorClient> {
    const serviceUrl = reference.serviceUrl ?? '';
    const now = this.now();
    const kept = this.clients.get(serviceUrl);
    if (kept && kept.until > now) return kept.client;
    const client = (async () => {
      let made: ConnectorClient | undefined;
      await this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
        made = turnConnector(context);
      });
      if (!made) throw new Error('no connector client for a proactive turn');
      return made;
    })();
    this.clients.set(serviceUrl, { client, until: now + CLIENT_KEPT_MS });
    client.catch(() => {
      if (this.clients.get(serviceUrl)?.client === client) this.clients.delete(serviceUrl);
    });
    return client;
  }
}
