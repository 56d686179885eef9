import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/** The part of the Azure pipeline under a ConnectorClient this needs (not in its public types). */
interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase?: 'Retry' }): unknown } };
}

/**
 * Takes the Azure SDK's own retries out of a Bot Connector client (MSG-2). The
 * pipeline under botframework-connector tries 429 and 5xx answers again by
 * itself, up to three times: sends the throttle never saw (Teams' limits could
 * be exceeded) and tries the outbox never counted. The outbox retries instead,
 * each try through the throttle, honouring Retry-After.
 */
export function withoutSdkRetries(client: ConnectorClient | undefined): ConnectorClient | undefined {
  (client as unknown as WithPipeline | undefined)?.client?.pipeline?.removePolicy({ phase: 'Retry' });
  return client;
}

/** The turn's connector client, without the SDK's retries. */
export function turnConnector(context: TurnContext): ConnectorClient | undefined {
  return withoutSdkRetries(context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey));
}
