import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { KeptClients } from './kept-clients.js';
import { turnConnector } from './sdk-retries.js';

/**
 * Bot Connector clients for proactive sends, one per service URL, each made by
 * a proactive turn of the adapter (so with its authentication) and kept a
 * while, without the SDK's own retries (the outbox retries, through the send
 * throttle). Making a client per send cost more CPU than the send itself: a
 * broadcast to thousands, a popover per offer.
 */
export class ConnectorClients {
  private readonly kept: KeptClients<ConnectorClient>;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    now: () => number = Date.now,
  ) {
    this.kept = new KeptClients({ now });
  }

  /** The client for a reference's service URL; a failure to make one is not kept, so the next send tries again. */
  for(reference: Partial<ConversationReference>): Promise<ConnectorClient> {
    return this.kept.get(reference.serviceUrl ?? '', async () => {
      let made: ConnectorClient | undefined;
      await this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
        made = turnConnector(context);
      });
      if (!made) throw new Error('no connector client for a proactive turn');
      return made;
    });
  }
}
