import type { Request as BotRequest, Response as BotResponse, TurnContext } from 'botbuilder';
import { TeamsActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import { resolve } from 'node:path';
import { createAdapter } from '../bot/adapter.js';
import { loadConfig } from '../src/config.js';
import { createLog } from '../src/log.js';
import { createServer } from '../src/server.js';
import { MemoryStore } from '../src/store/memory-store.js';

/** A running baseline bot. */
export interface EchoBot {
  /** Origin of the bot, e.g. `http://127.0.0.1:40123`. */
  url: string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

/**
 * The smallest answer a card button can get: a one-line Adaptive Card 1.5 naming
 * the verb and its data, with the same button again. Built as a literal, no templating.
 */
export function echoCard({ action }: AdaptiveCardInvokeValue): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `${action.verb}: ${JSON.stringify(action.data ?? {})}`, wrap: true }],
    actions: [{ type: 'Action.Execute', title: 'Again', verb: action.verb, data: action.data }],
  };
}

/** A bare Teams bot that answers every `adaptiveCard/action` invoke with `echoCard`, in the invoke answer. */
class InvokeEchoBot extends TeamsActivityHandler {
  protected override async onAdaptiveCardInvoke(_context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: echoCard(invokeValue) };
  }
}

/**
 * The baseline of the turn benchmarks: the same restify server (`createServer`)
 * and the same CloudAdapter in the same anonymous auth mode (`createAdapter`) as
 * the desk, with a bare TeamsActivityHandler instead of the desk's bot. It answers
 * the invoke the desk answers, with a small card and no Bot Connector call, so a
 * ratio against it measures what the desk adds to a turn and nothing else.
 */
export async function startInvokeEcho(): Promise<EchoBot> {
  const log = createLog('silent');
  const config = loadConfig({ MicrosoftAppId: '', LOG_LEVEL: 'silent', SIMULATOR: 'off' }, ROOT);
  const adapter = createAdapter(config, log);
  const bot = new InvokeEchoBot();
  const server = createServer({
    messages: (req, res) => adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (context) => bot.run(context)),
    store: new MemoryStore(),
    log,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, stop: () => server.stop(2000) };
}
