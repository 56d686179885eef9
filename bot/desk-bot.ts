import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type InvokeResponse,
} from 'botbuilder';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render.js';
import { helpView, welcomeView } from '../cards/simple-views.js';
import { statusView } from '../cards/status-view.js';
import { pickLocale, type Locale } from '../cards/locale.js';
import { isStringKey, say } from '../cards/strings.js';
import type { DeskConfig } from '../src/desk-config.js';
import type { DeskService } from '../src/desk-service.js';
import type { Actor, Agent } from '../src/engine/model.js';
import type { DeskError } from '../src/engine/errors.js';
import type { Effect } from '../src/engine/effects.js';
import { errorFields, type Log } from '../src/log.js';
import { StoreUnavailableError } from '../src/store/store-port.js';
import { parseCardAction, type CardAction, type Verb } from './card-actions.js';
import type { ConversationRegistry } from './conversation-registry.js';
import { COMMAND_TITLES, type CommandParser } from './text-commands.js';

/** What the bot needs from the rest of the desk. */
export interface DeskBotDeps {
  service: DeskService;
  conversations: ConversationRegistry;
  cards: CardRenderer;
  desk: DeskConfig;
  clock: () => Date;
  log: Log;
  parseCommand: CommandParser;
}

/** One person's turn, as every handler needs it. */
interface Turn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
}

type VerbHandler = (turn: Turn, action: CardAction) => Promise<InvokeResponse>;

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * The Teams edge of AgentDesk (STYLE 2): maps activities to engine commands,
 * runs them through the desk service and answers with cards. No business rule lives here.
 */
export class DeskBot extends TeamsActivityHandler {
  private readonly verbs: Record<Verb, VerbHandler> = {
    'status.show': (turn) => this.statusResponse(turn),
    'status.refresh': (turn) => this.statusResponse(turn),
    'help.show': async (turn) => cardResponse(this.deps.cards.render('help', helpView(COMMAND_TITLES, turn.locale), turn.locale)),
    'status.set': (turn, action) => {
      const data = action.data as { state: string; code?: string };
      return this.decideAndShow(turn, { type: 'status.set', actor: turn.actor, state: data.state, ...(data.code ? { code: data.code } : {}) });
    },
    'phone.set': (turn, action) =>
      this.decideAndShow(turn, { type: 'phone.set', actor: turn.actor, phone: (action.data as { phone: string }).phone }),
  };

  constructor(private readonly deps: DeskBotDeps) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.greet(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.conversations.forget(actorOf(context.activity).id, context.activity.conversation.id);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // The bot itself joining the conversation is the install; other members joining are not ours to greet.
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.greet(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.onText(this.turnOf(context));
      await next();
    });
  }

  /** Card actions are answered here, so a bad invoke never reaches the SDK's own parsing. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const turn = this.turnOf(context);
    const action = parseCardAction(context.activity.value);
    if (typeof action === 'string') {
      this.deps.log.warn('card.action.refused', { reason: action });
      return errorResponse(400, 'BadRequest', say(turn.locale, action === 'unknownVerb' ? 'error.request.unknownVerb' : 'error.request.invalidData'));
    }
    try {
      return await this.verbs[action.verb](turn, action);
    } catch (error) {
      this.deps.log.error('card.action.failed', { verb: action.verb, ...errorFields(error) });
      const key = error instanceof StoreUnavailableError ? 'error.request.unavailable' : 'error.request.failed';
      return errorResponse(500, 'InternalError', say(turn.locale, key));
    }
  }

  private async onText(turn: Turn): Promise<void> {
    const text = TurnContext.removeRecipientMention(turn.context.activity as Activity) ?? turn.context.activity.text ?? '';
    const command = this.deps.parseCommand(text);
    if (command === 'status') {
      const agent = await this.register(turn);
      await this.send(turn, this.statusCard(turn, agent));
      return;
    }
    const error = command === 'help' ? '' : say(turn.locale, 'unknownCommand', { text: text.trim().slice(0, 60) });
    await this.send(turn, this.deps.cards.render('help', helpView(COMMAND_TITLES, turn.locale, error), turn.locale));
  }

  private async greet(context: TurnContext): Promise<void> {
    const turn = this.turnOf(context);
    const reference = TurnContext.getConversationReference(context.activity);
    const personal = (context.activity.conversation.conversationType ?? 'personal') === 'personal';
    const isNew = await this.deps.conversations.remember(turn.actor.id, reference, personal);
    if (!isNew) return;
    await this.register(turn);
    await this.send(turn, this.deps.cards.render('welcome', welcomeView(turn.actor.name, COMMAND_TITLES, turn.locale), turn.locale));
  }

  private async statusResponse(turn: Turn): Promise<InvokeResponse> {
    return cardResponse(this.statusCard(turn, await this.register(turn)));
  }

  /** Runs a command and answers with the status card, showing the refusal on it when refused. */
  private async decideAndShow(turn: Turn, cmd: Parameters<DeskService['execute']>[0]): Promise<InvokeResponse> {
    const result = await this.deps.service.execute(cmd);
    if (!result.ok) return cardResponse(this.statusCard(turn, await this.register(turn), result.error));
    this.runEffects(result.value.effects);
    return cardResponse(this.statusCard(turn, result.value.state.agents[turn.actor.id]!));
  }

  private async register(turn: Turn): Promise<Agent> {
    const result = await this.deps.service.execute({ type: 'agent.register', actor: turn.actor });
    if (!result.ok) throw new Error(`registration refused: ${result.error.code}`);
    return result.value.state.agents[turn.actor.id]!;
  }

  private statusCard(turn: Turn, agent: Agent, error?: DeskError): AdaptiveCardJson {
    const view = statusView(agent, {
      idleCodes: this.deps.desk.idleCodes,
      codeRequiredStates: this.deps.desk.codeRequiredStates,
      locale: turn.locale,
      now: this.deps.clock(),
      userId: turn.context.activity.from.id,
      ...(error ? { error: errorMessage(error, turn.locale) } : {}),
    });
    return this.deps.cards.render('status', view, turn.locale);
  }

  private runEffects(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'notify') {
        const { kind, agentId, from, to, code } = effect.event;
        this.deps.log.info(kind, { agentId, from, to, ...(code ? { code } : {}) });
      }
    }
  }

  private async send(turn: Turn, card: AdaptiveCardJson): Promise<void> {
    await turn.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private turnOf(context: TurnContext): Turn {
    return { context, actor: actorOf(context.activity), locale: localeOf(context.activity) };
  }
}

/** The person behind an activity: their Entra object id when Teams sends it. */
function actorOf(activity: Activity): Actor {
  return { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? '' };
}

/** The reader's language: the activity's locale, else the Teams client's. */
function localeOf(activity: Activity): Locale {
  const client = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { locale?: string } | undefined;
  return pickLocale(activity.locale ?? client?.locale);
}

/** The localized sentence for an engine refusal. */
export function errorMessage(error: DeskError, locale: Locale): string {
  const key = `error.${error.code}`;
  if (!isStringKey(key)) return say(locale, 'error.request.failed');
  const details = { ...error.details };
  if (typeof details.state === 'string' && isStringKey(`state.${details.state}`)) {
    details.state = say(locale, `state.${details.state}` as Parameters<typeof say>[1]);
  }
  return say(locale, key, details);
}

function cardResponse(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: card } };
}

function errorResponse(statusCode: number, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
