import {
  ActivityEventNames,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
  type Request,
  type Response,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { pickLocale } from '../cards/locale.js';
import { say } from '../cards/strings.js';
import type { AppConfig } from '../src/config.js';
import { errorFields, type Log } from '../src/log.js';
import { activityProblems } from './activity-guard.js';
import { KeptClients } from './kept-clients.js';
import type { DeskBot } from './desk-bot.js';

/** restify-compatible request and response: the parts we use. */
export interface HttpRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}
/** The response side of an HTTP exchange. */
export interface HttpResponse {
  headersSent?: boolean;
  status(code: number): unknown;
  send(body?: unknown): unknown;
  send(code: number, body?: unknown): unknown;
  end(): unknown;
}

/** The `POST /api/messages` handler: checks, authenticates (through the SDK) and runs one turn. */
export type MessagesEndpoint = (req: HttpRequest, res: HttpResponse) => Promise<void>;

const JWT_ERRORS = ['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'];

/**
 * The app's adapter authentication, with two changes to the SDK's:
 * - A token with a bad signature (or not yet valid) is a 401. The SDK answers
 *   500, because the JWT library's errors are not AuthenticationErrors.
 * - A turn's Bot Connector and user token clients are kept and reused (for the
 *   same app, service URL and audience), not made afresh for every turn. Most
 *   turns (every card button) never use them, and making them cost about 40 %
 *   of a bare bot's turn.
 */
class DeskAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly #connectors = new KeptClients<ConnectorClient>();
  readonly #tokenClients = new KeptClients<UserTokenClient>();

  override async authenticateRequest(
    activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && JWT_ERRORS.includes(error.name)) throw new AuthenticationError(error.message, 401);
      throw error;
    }
    const made = result.connectorFactory;
    if (!made) return result;
    const app = appOf(result.claimsIdentity);
    const connectorFactory: ConnectorFactory = {
      create: (serviceUrl, audience) => this.#connectors.get(`${app}\n${serviceUrl}\n${audience ?? ''}`, () => made.create(serviceUrl, audience)),
    };
    return { ...result, connectorFactory };
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#tokenClients.get(appOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/** The app a request's claims are for (the SDK's own choice: the audience claim, else the appid claim), which the SDK's clients are made for. */
function appOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** Creates the CloudAdapter for the configured app registration (anonymous when MicrosoftAppId is empty). */
export function createAdapter(config: AppConfig, log: Log): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const adapter = new CloudAdapter(new DeskAuthentication(options));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // A proactive delivery's caller (the outbox's card lane) decides whether to try again: give the error back to it.
    if (context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation) throw error;
    log.error('turn.failed', { activityType: context.activity.type, ...errorFields(error) });
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(say(pickLocale(context.activity.locale), 'error.request.failed'));
    } catch (sendError) {
      log.warn('turn.failed.reply', errorFields(sendError));
    }
  };
  return adapter;
}

/** Wraps the adapter so malformed requests get a 4xx and nothing ever answers with a stack. */
export function createMessagesEndpoint(adapter: CloudAdapter, bot: DeskBot, config: AppConfig, log: Log): MessagesEndpoint {
  return async (req, res) => {
    const authorization = req.headers.authorization;
    if (!config.anonymous && (typeof authorization !== 'string' || !/^Bearer\s+\S+/.test(authorization))) {
      res.send(401, { error: { code: 'Unauthorized', message: 'A Bot Framework bearer token is required.' } });
      return;
    }
    const problems = activityProblems(req.body);
    if (problems.length > 0) {
      log.warn('messages.badRequest', { fields: problems.map((p) => p.path) });
      res.send(400, { error: { code: 'BadRequest', message: 'Not a valid activity.', fields: problems } });
      return;
    }
    try {
      await adapter.process(req as unknown as Request, res as unknown as Response, (context) => bot.run(context));
    } catch (error) {
      // The SDK rejects activities its own schema refuses before any turn starts.
      log.warn('messages.refused', errorFields(error));
      if (!res.headersSent) res.send(400, { error: { code: 'BadRequest', message: 'Not a valid activity.' } });
    }
  };
}
