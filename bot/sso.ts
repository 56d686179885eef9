import { randomBytes, randomUUID } from 'node:crypto';
import { CardFactory, type Attachment, type InvokeResponse, type TokenExchangeResource, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import { signInView } from '../cards/expert-views.js';
import { cardTime } from '../cards/format.js';
import type { Locale } from '../cards/locale.js';
import type { CardRenderer } from '../cards/render.js';
import { say } from '../cards/strings.js';
import type { Log } from '../src/log.js';
import type { SsoTokenStore } from './sso-tokens.js';

/** How the desk signs agents in (CON-3). */
export interface SsoSettings {
  /** The bot's app id; empty in anonymous local mode. */
  appId: string;
  /** The Azure Bot OAuth connection that exchanges Teams SSO tokens; empty: no exchange. */
  connectionName: string;
  /** The development-only local sign-in of the Playground (never with an app id). */
  localSignIn: boolean;
}

/** What the gate needs besides its settings. */
export interface SsoDeps {
  tokens: SsoTokenStore;
  cards: CardRenderer;
  clock: () => Date;
  log: Log;
}

/** The sign-in invokes Teams sends. */
type SignInInvoke = 'signin/tokenExchange' | 'signin/verifyState';

const LOCAL_LIFETIME_MS = 60 * 60_000;
// The SDK types the magic code as required, but its implementation sends no `code` for undefined ("" would be sent).
const NO_MAGIC_CODE = undefined as unknown as string;
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
// The wording Bot Framework's own TeamsSSOTokenExchangeMiddleware sends; Teams only needs the 412.
const EXCHANGE_FAILED = 'The bot is unable to exchange token. Proceed with regular login.';
const VERIFY_FAILED = 'The sign-in could not be verified. Sign in again.';

/** Whether the local sign-in runs: anonymous mode, unless LOCAL_SIGNIN=off (config refuses it with an app id). */
export function localSignInEnabled(config: { anonymous: boolean; LOCAL_SIGNIN?: 'on' | 'off' | undefined }): boolean {
  return config.anonymous && config.LOCAL_SIGNIN !== 'off';
}

/**
 * The SSO gate (CON-3): organization search runs only with the agent's token.
 * Teams SSO tokens arrive by `signin/tokenExchange`; in the Playground a
 * visibly labelled local sign-in stands in. Tokens never reach the log.
 */
export class SsoGate {
  private readonly invokes: Record<SignInInvoke, (context: TurnContext) => Promise<InvokeResponse>> = {
    'signin/tokenExchange': (context) => this.exchange(context),
    'signin/verifyState': (context) => this.verifyState(context),
  };

  constructor(
    private readonly settings: SsoSettings,
    private readonly deps: SsoDeps,
  ) {}

  /** True when sign-in is the local, development-only one. */
  get localMode(): boolean {
    return this.settings.localSignIn;
  }

  /** Answers the sign-in invokes; undefined for every other invoke. */
  async handleInvoke(context: TurnContext): Promise<InvokeResponse | undefined> {
    const name = context.activity.name ?? '';
    return Object.hasOwn(this.invokes, name) ? this.invokes[name as SignInInvoke](context) : undefined;
  }

  /** The agent's valid token, else undefined: then the caller shows a sign-in, never searches (CON-3). */
  async requireToken(context: TurnContext, agentId: string): Promise<string | undefined> {
    const held = this.deps.tokens.get(agentId);
    if (held || !this.canExchange()) return held;
    // After a restart the token service may still hold the person's token: ask it before asking them.
    const client = userTokenClient(context);
    if (!client) return undefined;
    try {
      const response = await client.getUserToken(context.activity.from.id, this.settings.connectionName, context.activity.channelId, NO_MAGIC_CODE);
      if (!response?.token) return undefined;
      this.deps.tokens.put(agentId, response.token, expiryOf(response.expiration));
      return response.token;
    } catch (error) {
      this.deps.log.warn('sso.lookup.failed', failure(error));
      return undefined;
    }
  }

  /** Drops the agent's token (the directory refused it), so the next search asks them to sign in. */
  forget(agentId: string): void {
    this.deps.tokens.forget(agentId);
  }

  /** `sso.localSignIn`: gives the person a local token for an hour and turns the card into a confirmation. */
  localSignIn(agentId: string, locale: Locale): InvokeResponse {
    if (!this.settings.localSignIn) {
      return {
        status: 200,
        body: { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message: say(locale, 'signIn.localOff') } },
      };
    }
    const until = new Date(this.deps.clock().getTime() + LOCAL_LIFETIME_MS);
    this.deps.tokens.put(agentId, `local-${randomBytes(24).toString('base64url')}`, until);
    this.deps.log.info('sso.localSignIn', { agentId });
    const card = this.deps.cards.render('signIn', signInView(locale, cardTime(until.toISOString())), locale);
    return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: card } };
  }

  /** The sign-in card for a chat: the local card, or an OAuthCard Teams completes silently by SSO. */
  async signInCard(context: TurnContext, locale: Locale): Promise<Attachment> {
    if (this.settings.localSignIn) return CardFactory.adaptiveCard(this.deps.cards.render('signIn', signInView(locale), locale));
    const resource = await this.signInResource(context);
    const exchange: TokenExchangeResource = resource?.tokenExchangeResource ?? { id: randomUUID(), uri: `api://botid-${this.settings.appId}` };
    return CardFactory.oauthCard(this.settings.connectionName, say(locale, 'signIn.title'), say(locale, 'signIn.text'), resource?.signInLink, exchange);
  }

  /** The token service's sign-in link for this person (message-extension `auth` answers); undefined when unavailable. */
  async signInLink(context: TurnContext): Promise<string | undefined> {
    return (await this.signInResource(context))?.signInLink;
  }

  private canExchange(): boolean {
    return !this.settings.localSignIn && this.settings.connectionName !== '';
  }

  private async signInResource(context: TurnContext): Promise<{ signInLink?: string; tokenExchangeResource?: TokenExchangeResource } | undefined> {
    const client = this.canExchange() ? userTokenClient(context) : undefined;
    if (!client) return undefined;
    try {
      return await client.getSignInResource(this.settings.connectionName, context.activity, '');
    } catch (error) {
      this.deps.log.warn('sso.signInLink.failed', failure(error));
      return undefined;
    }
  }

  private async exchange(context: TurnContext): Promise<InvokeResponse> {
    const value = (context.activity.value ?? {}) as { id?: unknown; connectionName?: unknown; token?: unknown };
    const id = typeof value.id === 'string' ? value.id : '';
    const connectionName = typeof value.connectionName === 'string' ? value.connectionName : this.settings.connectionName;
    const client = this.canExchange() ? userTokenClient(context) : undefined;
    if (client && typeof value.token === 'string' && value.token !== '') {
      try {
        const response = await client.exchangeToken(context.activity.from.id, this.settings.connectionName, context.activity.channelId, { token: value.token });
        if (response?.token) {
          this.deps.tokens.put(agentIdOf(context), response.token, expiryOf(response.expiration));
          this.deps.log.info('sso.signedIn', { agentId: agentIdOf(context) });
          return { status: 200 };
        }
      } catch (error) {
        this.deps.log.warn('sso.exchange.failed', failure(error));
      }
    }
    // 412 tells Teams the silent exchange failed (consent missing, no connection): it shows the sign-in card instead.
    return { status: 412, body: { id, connectionName, failureDetail: EXCHANGE_FAILED } };
  }

  private async verifyState(context: TurnContext): Promise<InvokeResponse> {
    const state = (context.activity.value as { state?: unknown } | undefined)?.state;
    const client = this.canExchange() ? userTokenClient(context) : undefined;
    if (client && typeof state === 'string' && state !== '') {
      try {
        const response = await client.getUserToken(context.activity.from.id, this.settings.connectionName, context.activity.channelId, state);
        if (response?.token) {
          this.deps.tokens.put(agentIdOf(context), response.token, expiryOf(response.expiration));
          return { status: 200 };
        }
      } catch (error) {
        this.deps.log.warn('sso.verifyState.failed', failure(error));
      }
    }
    return { status: 412, body: { failureDetail: VERIFY_FAILED } };
  }
}

/** The person behind the activity, as the token store keys them: their Entra object id. */
export function agentIdOf(context: TurnContext): string {
  return context.activity.from.aadObjectId ?? context.activity.from.id;
}

function userTokenClient(context: TurnContext): UserTokenClient | undefined {
  const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
  return key ? context.turnState.get<UserTokenClient>(key) : undefined;
}

function expiryOf(expiration: string | undefined): Date | undefined {
  const at = expiration ? Date.parse(expiration) : Number.NaN;
  return Number.isFinite(at) ? new Date(at) : undefined;
}

/** What may be logged about a token-service failure: never the request, which carries the token. */
function failure(error: unknown): Record<string, unknown> {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return { error: error instanceof Error ? error.name : typeof error, ...(typeof statusCode === 'number' ? { statusCode } : {}) };
}
