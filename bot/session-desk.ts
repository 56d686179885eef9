import { MessageFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Locale } from '../cards/locale.js';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render.js';
import { errorView, helpView } from '../cards/simple-views.js';
import { say } from '../cards/strings.js';
import type { DeskService } from '../src/desk-service.js';
import type { SessionAgentCommand } from '../src/engine/session-commands.js';
import { groupedNumber } from '../src/engine/session-model.js';
import type { Actor } from '../src/engine/model.js';
import { startSupportSession } from '../src/support/start-session.js';
import type { CardAction } from './card-actions.js';
import type { DeskCards, Reader } from './desk-cards.js';
import { cardResponse, errorMessage, errorResponse } from './invoke-responses.js';
import { COMMAND_TITLES } from './text-commands.js';

/** What the session verbs need. */
export interface SessionDeskDeps {
  service: DeskService;
  deskCards: DeskCards;
  cards: CardRenderer;
}

/** The parts of a turn the session verbs use. */
export interface SessionTurn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
  reader: Reader;
}

type Data<V extends CardAction['verb']> = Extract<CardAction, { verb: V }>['data'];

/**
 * Support sessions in Teams (SUP-1..SUP-4, VC-1..VC-3): the `session` text
 * command, the help card's buttons, and the verbs of the session card. Each
 * press runs one engine command; the card pressed is answered in place, and
 * everyone else's session card is updated through the outbox.
 */
export class SessionDesk {
  constructor(private readonly deps: SessionDeskDeps) {}

  /** `session` starts a session; `session 482913077` joins one as a helper. The session card arrives as its own message. */
  async onText(turn: SessionTurn, argument: string): Promise<AdaptiveCardJson | undefined> {
    const refusal = argument ? await this.join(turn, argument) : await this.start(turn);
    return refusal ? this.deps.cards.render('error', errorView(refusal, turn.locale), turn.locale) : undefined;
  }

  /** The help card's Start button (SUP-1): the help card stays, the session card comes below it. */
  async startFromHelp(turn: SessionTurn): Promise<InvokeResponse> {
    return this.helpAnswer(turn, await this.start(turn));
  }

  /** The help card's Join as helper (SUP-3). */
  async joinFromHelp(turn: SessionTurn, data: Data<'session.join'>): Promise<InvokeResponse> {
    return this.helpAnswer(turn, await this.join(turn, (data.sessionNumber ?? '').trim()));
  }

  /** Runs a command of the session card and answers with the card as it is now, with the refusal when there is one. */
  async press(turn: SessionTurn, cmd: SessionAgentCommand & { sessionId: string }): Promise<InvokeResponse> {
    const result = await this.deps.service.execute(cmd, { answered: { userId: turn.actor.id, show: { card: 'session', sessionId: cmd.sessionId } } });
    return this.card(turn, cmd.sessionId, result.ok ? undefined : errorMessage(result.error, turn.locale));
  }

  /** The session card for the person who asked (a refresh, or the answer to a press). */
  async card(turn: SessionTurn, sessionId: string, error?: string): Promise<InvokeResponse> {
    const session = await this.deps.deskCards.supportSession(sessionId);
    if (!session) return errorResponse(404, 'NotFound', say(turn.locale, 'error.session.unknown'));
    return cardResponse(await this.deps.deskCards.session(session, turn.actor.id, turn.reader, error));
  }

  /** SUP-1: posts the join link as a message in the chat the card is in, to forward or copy. */
  async postLink(turn: SessionTurn, sessionId: string): Promise<InvokeResponse> {
    const session = await this.deps.deskCards.supportSession(sessionId);
    const mine = session?.participants.some((p) => p.kind === 'rep' && p.id === turn.actor.id && p.present);
    if (session?.status !== 'open' || !mine) return this.card(turn, sessionId, say(turn.locale, 'error.session.notParticipant'));
    const text = say(turn.locale, 'sessionLinkPosted', { number: groupedNumber(session.number), link: this.deps.deskCards.joinLink(session) });
    await turn.context.sendActivity(MessageFactory.text(text));
    return this.card(turn, sessionId);
  }

  /** SUP-4: the transfer form's choices, as the engine takes them (a multi-select sends its values comma-separated). */
  transfer(turn: SessionTurn, data: Data<'session.transfer'>): Promise<InvokeResponse> {
    const list = (text: string | undefined) =>
      (text ?? '')
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
    return this.press(turn, {
      type: 'session.transfer',
      actor: turn.actor,
      sessionId: data.sessionId,
      queues: list(data.transferQueue),
      agents: list(data.transferAgents),
      message: data.transferMessage ?? '',
    });
  }

  private async start(turn: SessionTurn): Promise<string | undefined> {
    const result = await startSupportSession(this.deps.service, turn.actor);
    return result.ok ? undefined : errorMessage(result.error, turn.locale);
  }

  private async join(turn: SessionTurn, number: string): Promise<string | undefined> {
    const result = await this.deps.service.execute({ type: 'session.join', actor: turn.actor, number });
    return result.ok ? undefined : errorMessage(result.error, turn.locale);
  }

  private helpAnswer(turn: SessionTurn, error: string | undefined): InvokeResponse {
    return cardResponse(this.deps.cards.render('help', helpView(COMMAND_TITLES, turn.locale, error ?? ''), turn.locale));
  }
}
