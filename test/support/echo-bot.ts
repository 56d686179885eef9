/**
 * A bare CloudAdapter bot behind restify on an ephemeral loopback port, for
 * exercising authentication without the real bot (which lives in src/ and bot/).
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';

/** A running echo bot: `url` is its /api/messages endpoint. */
export interface EchoBot { url: string; close(): Promise<void> }

/** Status and raw body of one POST to the bot. */
export interface BotResponse { status: number; body: string }

/** Starts a bot that answers every message with "echo: <text>". */
export async function startEchoBot(auth: BotFrameworkAuthentication): Promise<EchoBot> {
  const adapter = new CloudAdapter(auth);
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  // CloudAdapter.process needs req.body already parsed into an object.
  server.use(restify.plugins.bodyParser());
  // process() answers the request itself (200/401/500) and never rejects for auth, so no next().
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** POSTs a Teams-like message activity (overridable) with `Bearer <token>` unless token is undefined. */
export async function postActivity(url: string, token: string | undefined, overrides: Record<string, unknown> = {}): Promise<BotResponse> {
  const activity = {
    type: 'message',
    id: 'incoming-1',
    channelId: 'msteams',
    text: 'hi',
    from: { id: '29:user-1', name: 'Agent' },
    recipient: { id: '28:bot', name: 'AgentDesk' },
    conversation: { id: 'conv-1' },
    ...overrides,
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}
