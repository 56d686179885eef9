import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import restify from 'restify';

/** A running baseline bot. */
export interface EchoBot {
  /** Origin of the bot, e.g. `http://127.0.0.1:40123`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The baseline: the smallest botbuilder bot that does a real turn (CloudAdapter,
 * anonymous, restify 11 with bodyParser, ActivityHandler replying `echo: <text>`).
 */
export async function startEchoBot(): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });

  const server = restify.createServer({ name: 'echo-baseline', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeAllConnections();
      await closed;
    },
  };
}

/** The `message` activity number `i` for the echo bot; its reply goes to `serviceUrl`. */
export function echoMessage(serviceUrl: string, i: number): Record<string, unknown> {
  const user = `29:echo-user-${i % 200}`;
  return {
    type: 'message',
    id: `echo-${i}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: user, name: `Echo User ${i % 200}` },
    recipient: { id: '28:echo', name: 'Echo' },
    conversation: { id: `personal-${user}`, conversationType: 'personal', tenantId: 'tenant-bench' },
    text: `hello ${i}`,
  };
}
