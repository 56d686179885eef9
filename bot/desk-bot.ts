import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import type { FitRequest } from '../cards/card-fit.js';
import type { Locale } from '../cards/locale.js';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render.js';
import { errorView, helpView, welcomeView } from '../cards/simple-views.js';
import { say } from '../cards/strings.js';
import type { DeskService } from '../src/desk-service.js';
import type { AgentCommand } from '../src/engine/commands.js';
import type { Decision } from '../src/engine/decide.js';
import type { Actor, Agent } from '../src/engine/model.js';
import { errorFields, type Log } from '../src/log.js';
import { StoreUnavailableError } from '../src/store/store-port.js';
import { parseCardAction, type CardAction, type Verb } from './card-actions.js';
import { actorOf, editedVariables, localeOf } from './activity-reading.js';
import { cardResponse, errorMessage, errorResponse } from './invoke-responses.js';
import type { CardRegistry } from './card-registry.js';
import type { ConversationRegistry } from './conversation-registry.js';
import type { DeskCards, Reader } from './desk-cards.js';
import type { ExpertSearchExtension } from './message-extension.js';
import type { SsoGate } from './sso.js';
import type { DirectoryPort } from '../src/directory/directory-port.js';
import type { ConsultTarget } from '../src/engine/consult-model.js';
import type { RecentExperts } from './recent-experts.js';
import { ExpertFinder } from './expert-finder.js';
import { COMMAND_TITLES, type CommandParser } from './text-commands.js';
import type { ShowCard } from '../src/outbox/card-requests.js';
import { randomUUID } from 'node:crypto';
import { isLeadVerb, leadVerbs, type LeadVerb, type LeadVerbDeps } from './lead-verbs.js';
import { SessionDesk } from './session-desk.js';

const STATUS_CARD: ShowCard = { card: 'status' };
const REQUESTS_CARD: ShowCard = { card: 'requests' };

/** What the bot needs from the rest of the desk. */
export interface DeskBotDeps {
  service: DeskService;
  conversations: ConversationRegistry;
  cardIds: CardRegistry;
  cards: CardRenderer;
  deskCards: DeskCards;
  log: Log;
  parseCommand: CommandParser;
  sso: SsoGate;
  experts: ExpertSearchExtension;
  directory: DirectoryPort;
  recents: RecentExperts;
  /** Team leads' posts, reports, board and switch (MSG-1, MSG-2, STAT-1, ST-8); absent: those verbs answer not found. */
  leads?: Omit<LeadVerbDeps, 'service' | 'cards' | 'cardIds'>;
}

/** One person's turn, as every handler needs it. */
interface Turn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
  reader: Reader;
}

type Data<V extends Verb> = Extract<CardAction, { verb: V }>['data'];
type VerbHandler<V extends Verb> = (turn: Turn, data: Data<V>) => Promise<InvokeResponse>;

/** What follows the command word of a text command (`session 482913077`), mentions and spacing removed. */
function commandArgument(text: string): string {
  const cleaned = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\u00a0/g, ' ')
    .trim();
  const space = cleaned.search(/\s/);
  return space < 0 ? '' : cleaned.slice(space).trim();
}

/**
 * The Teams edge of AgentDesk (STYLE 2): maps activities to engine commands,
 * runs them through the desk service and answers with cards. No business rule lives here.
 */
export class DeskBot extends TeamsActivityHandler {
  private readonly verbs: { [V in Exclude<Verb, LeadVerb>]: VerbHandler<V> } = {
    'status.show': (turn) => this.statusResponse(turn),
    'status.refresh': (turn) => this.statusResponse(turn),
    'help.show': async (turn) => cardResponse(this.deps.cards.render('help', helpView(COMMAND_TITLES, turn.locale), turn.locale)),
    'status.set': (turn, data) =>
      this.decideThen(
        turn,
        { type: 'status.set', actor: turn.actor, state: data.state, ...(data.code ? { code: data.code } : {}) },
        (error, decided) => this.statusResponse(turn, error, decided),
        STATUS_CARD,
      ),
    'phone.set': (turn, data) =>
      this.decideThen(
        turn,
        { type: 'phone.set', actor: turn.actor, phone: data.phone },
        (error, decided) => this.statusResponse(turn, error, decided),
        STATUS_CARD,
      ),
    'requests.refresh': (turn, data) =>
      this.requestsResponse(turn, { ...(data.page !== undefined ? { page: data.page } : {}), ...(data.size !== undefined ? { size: data.size } : {}) }),
    'requests.page': (turn, data) => this.requestsResponse(turn, { page: data.page, ...(data.size !== undefined ? { size: data.size } : {}) }),
    'requests.accept': (turn, data) =>
      this.decideThen(
        turn,
        { type: 'contact.accept', actor: turn.actor, contactIds: [data.contactId] },
        (error) => this.requestsResponse(turn, { error }),
        REQUESTS_CARD,
      ),
    'requests.acceptAll': async (turn, data) => {
      const contactIds = data.contactIds ?? (await this.deps.deskCards.offeredUpTo(turn.actor.id, data.upTo ?? ''));
      if (contactIds.length === 0) return this.requestsResponse(turn, {});
      return this.decideThen(turn, { type: 'contact.accept', actor: turn.actor, contactIds }, (error) => this.requestsResponse(turn, { error }), REQUESTS_CARD);
    },
    'requests.cancelCallback': (turn, data) =>
      this.decideThen(
        turn,
        { type: 'callback.cancel', actor: turn.actor, contactId: data.contactId },
        (error) => this.requestsResponse(turn, { error }),
        REQUESTS_CARD,
      ),
    'interaction.refresh': (turn, data) => this.interactionResponse(turn, data.contactId, undefined, listPage(data)),
    'contact.hold': (turn, data) => this.onInteraction(turn, { type: 'contact.hold', actor: turn.actor, contactId: data.contactId }),
    'contact.resume': (turn, data) => this.onInteraction(turn, { type: 'contact.resume', actor: turn.actor, contactId: data.contactId }),
    'contact.end': (turn, data) => this.onInteraction(turn, { type: 'contact.end', actor: turn.actor, contactId: data.contactId }),
    'callback.cancel': (turn, data) => this.onInteraction(turn, { type: 'callback.cancel', actor: turn.actor, contactId: data.contactId }),
    'recording.pause': (turn, data) => this.onInteraction(turn, { type: 'recording.pause', actor: turn.actor, contactId: data.contactId }),
    'recording.resume': (turn, data) => this.onInteraction(turn, { type: 'recording.resume', actor: turn.actor, contactId: data.contactId }),
    'variables.save': (turn, data) =>
      this.onInteraction(turn, { type: 'variables.save', actor: turn.actor, contactId: data.contactId, values: editedVariables(data) }),
    'wrapUp.refresh': (turn, data) => this.wrapUpResponse(turn, data.contactId, undefined, { ...listPage(data), code: data.code, outcome: data.outcome }),
    'wrapUp.submit': (turn, data) =>
      this.decideThen(
        turn,
        {
          type: 'wrapUp.submit',
          actor: turn.actor,
          contactId: data.contactId,
          ...(data.code ? { code: data.code } : {}),
          ...(data.outcome ? { outcome: data.outcome } : {}),
        },
        (error) => this.wrapUpResponse(turn, data.contactId, error, { code: data.code, outcome: data.outcome }),
        // The wrap-up is the contact's own message, changed in place from the interaction.
        { card: 'interaction', contactId: data.contactId },
      ),
    'sso.localSignIn': async (turn) => this.deps.sso.localSignIn(turn.actor.id, turn.locale),
    'consult.search': (turn, data) => this.finder.search(turn, data.contactId, (data.expertQuery ?? '').trim(), listPage(data)),
    'contact.direct': async (turn, data) => {
      const target = await this.directTarget(data);
      if (!target) return this.interactionResponse(turn, data.contactId, say(turn.locale, 'chooseTarget'));
      const cmd =
        data.mode === 'consult'
          ? { type: 'consult.start' as const, actor: turn.actor, contactId: data.contactId, target }
          : { type: 'transfer.blind' as const, actor: turn.actor, contactId: data.contactId, target };
      return this.onInteraction(turn, cmd);
    },
    'experts.favourite': async (turn, data) => {
      await this.deps.recents.setFavourite(turn.actor.id, data.expert, data.on);
      return this.finder.search(turn, data.contactId, '');
    },
    'consult.start': async (turn, data) => {
      const contactId = data.contactId ?? (await this.currentCall(turn.actor.id));
      if (!contactId) return errorResponse(400, 'BadRequest', say(turn.locale, 'error.consult.needsCall'));
      if (data.target.kind === 'expert') await this.finder.noteRecent(turn, data.target);
      return this.onInteraction(turn, { type: 'consult.start', actor: turn.actor, contactId, target: data.target });
    },
    'consult.accept': (turn, data) => this.onConsultRequest(turn, { type: 'consult.accept', actor: turn.actor, contactId: data.contactId }),
    'consult.decline': (turn, data) => this.onConsultRequest(turn, { type: 'consult.decline', actor: turn.actor, contactId: data.contactId }),
    'consult.refresh': (turn, data) => this.consultRequestResponse(turn, data.contactId),
    'consult.resumeCustomer': (turn, data) => this.onInteraction(turn, { type: 'consult.resumeCustomer', actor: turn.actor, contactId: data.contactId }),
    'consult.resumeParty': (turn, data) => this.onInteraction(turn, { type: 'consult.resumeParty', actor: turn.actor, contactId: data.contactId }),
    'consult.transfer': (turn, data) => this.onInteraction(turn, { type: 'consult.transfer', actor: turn.actor, contactId: data.contactId }),
    'consult.conference': (turn, data) => this.onInteraction(turn, { type: 'consult.conference', actor: turn.actor, contactId: data.contactId }),
    'outdial.start': (turn, data) => this.dial(turn, (data.outdialNumber ?? '').trim(), data.contactId),
    'session.start': (turn) => this.sessions.startFromHelp(turn),
    'session.join': (turn, data) => this.sessions.joinFromHelp(turn, data),
    'session.refresh': (turn, data) => this.sessions.card(turn, data.sessionId),
    'session.postLink': (turn, data) => this.sessions.postLink(turn, data.sessionId),
    'session.leave': (turn, data) => this.sessions.press(turn, { type: 'session.leave', actor: turn.actor, sessionId: data.sessionId }),
    'session.end': (turn, data) => this.sessions.press(turn, { type: 'session.end', actor: turn.actor, sessionId: data.sessionId }),
    'session.serve': (turn, data) =>
      this.sessions.press(turn, { type: 'session.serve', actor: turn.actor, sessionId: data.sessionId, customerId: data.target }),
    'session.control': (turn, data) => this.sessions.press(turn, { type: 'session.control', actor: turn.actor, sessionId: data.sessionId, to: data.target }),
    'session.activityStart': (turn, data) =>
      this.sessions.press(turn, { type: 'session.activity', actor: turn.actor, sessionId: data.sessionId, kind: data.target, on: true }),
    'session.activityStop': (turn, data) =>
      this.sessions.press(turn, { type: 'session.activity', actor: turn.actor, sessionId: data.sessionId, kind: data.target, on: false }),
    'session.voiceStart': (turn, data) => this.sessions.press(turn, { type: 'session.voiceStart', actor: turn.actor, sessionId: data.sessionId }),
    'session.voiceEnd': (turn, data) => this.sessions.press(turn, { type: 'session.voiceEnd', actor: turn.actor, sessionId: data.sessionId }),
    'session.voiceJoin': (turn, data) => this.sessions.press(turn, { type: 'session.voiceJoin', actor: turn.actor, sessionId: data.sessionId }),
    'session.voiceLeave': (turn, data) => this.sessions.press(turn, { type: 'session.voiceLeave', actor: turn.actor, sessionId: data.sessionId }),
    'session.micGive': (turn, data) =>
      this.sessions.press(turn, { type: 'session.micGive', actor: turn.actor, sessionId: data.sessionId, participantId: data.target }),
    'session.micTake': (turn, data) =>
      this.sessions.press(turn, { type: 'session.micTake', actor: turn.actor, sessionId: data.sessionId, participantId: data.target }),
    'session.transfer': (turn, data) => this.sessions.transfer(turn, data),
    'session.accept': (turn, data) => this.sessions.press(turn, { type: 'session.accept', actor: turn.actor, sessionId: data.sessionId }),
    'consult.end': async (turn, data) => {
      // Agent 1 ends the consult from the interaction card; the consulted party leaves from their request card.
      const contact = await this.deps.deskCards.contact(data.contactId);
      const cmd = { type: 'consult.end' as const, actor: turn.actor, contactId: data.contactId };
      return contact?.agentId === turn.actor.id ? this.onInteraction(turn, cmd) : this.onConsultRequest(turn, cmd);
    },
  };

  private readonly finder: ExpertFinder;
  private readonly sessions: SessionDesk;

  private leadTable: ReturnType<typeof leadVerbs> | undefined;

  /** The handler of a verb: the team leads' verbs (MSG-1, MSG-2, STAT-1, ST-8) come from their own module. */
  private handlerOf(verb: Verb): VerbHandler<Verb> | undefined {
    if (!isLeadVerb(verb)) return this.verbs[verb] as VerbHandler<Verb>;
    const deps = this.deps.leads;
    if (!deps) return undefined;
    this.leadTable ??= leadVerbs({ ...deps, service: this.deps.service, cards: this.deps.cards, cardIds: this.deps.cardIds });
    return this.leadTable[verb] as VerbHandler<Verb>;
  }

  constructor(private readonly deps: DeskBotDeps) {
    super();
    this.finder = new ExpertFinder(deps);
    this.sessions = new SessionDesk(deps);
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
      await this.onText(await this.turnOf(context));
      await next();
    });
  }

  /**
   * Every invoke is answered here, so nothing a client sends reaches the SDK's
   * own parsing, and a failure of ours is an error answer, never the SDK's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const locale = localeOf(context.activity);
    const name = context.activity.name;
    try {
      const routed = (await this.deps.sso.handleInvoke(context)) ?? (await this.deps.experts.handleInvoke(context));
      if (routed) return routed;
      // Names we do not implement keep the SDK's answer (501 Not Implemented).
      if (name !== 'adaptiveCard/action') return await super.onInvokeActivity(context);
      return await this.onCardAction(context, locale);
    } catch (error) {
      this.deps.log.error('invoke.failed', { name, ...errorFields(error) });
      // The store down or too busy (every write lost to other turns) is a 503: the same press again is safe.
      const unavailable = error instanceof StoreUnavailableError;
      const [status, code, key] = unavailable
        ? ([503, 'ServiceUnavailable', 'error.request.unavailable'] as const)
        : ([500, 'InternalError', 'error.request.failed'] as const);
      // A card shows Universal Actions errors; other invokes (search, sign-in) only read the status.
      return name === 'adaptiveCard/action' ? errorResponse(status, code, say(locale, key)) : { status, body: { error: { code, message: say(locale, key) } } };
    }
  }

  private async onCardAction(context: TurnContext, locale: Locale): Promise<InvokeResponse> {
    const action = parseCardAction(context.activity.value);
    if (typeof action === 'string') {
      this.deps.log.warn('card.action.refused', { reason: action });
      return errorResponse(400, 'BadRequest', say(locale, action === 'unknownVerb' ? 'error.request.unknownVerb' : 'error.request.invalidData'));
    }
    const turn = await this.turnOf(context);
    const handler = this.handlerOf(action.verb);
    if (!handler) return errorResponse(400, 'BadRequest', say(locale, 'error.request.unknownVerb'));
    return handler(turn, action.data as Data<Verb>);
  }

  private async onText(turn: Turn): Promise<void> {
    const activity = turn.context.activity;
    // A message may come without text (a picture) yet mention the bot; the SDK's mention stripping assumes text.
    const text = typeof activity.text === 'string' ? (TurnContext.removeRecipientMention(activity as Activity) ?? activity.text) : '';
    const command = this.deps.parseCommand(text);
    if (command === 'status') {
      const agent = await this.register(turn);
      const sent = await this.send(turn, this.deps.deskCards.status(agent, turn.reader));
      if (sent) await this.deps.cardIds.remember(turn.actor.id, { kind: 'status' }, sent);
      return;
    }
    if (command === 'session') {
      await this.register(turn);
      const refusal = await this.sessions.onText(turn, commandArgument(text));
      if (refusal) await this.send(turn, refusal);
      return;
    }
    const leads = this.deps.leads?.leads;
    if (leads && command === 'messages') {
      await this.send(turn, await leads.messages(turn.actor.id, turn.reader));
      return;
    }
    if (leads && (command === 'post' || command === 'board')) {
      const card = !leads.isLead(turn.actor.id)
        ? this.deps.cards.render('error', errorView(errorMessage({ code: 'lead.notALead' }, turn.locale), turn.locale), turn.locale)
        : command === 'post'
          ? await leads.compose(turn.actor.id, turn.reader, randomUUID())
          : await leads.board(turn.actor.id, turn.reader);
      if (card) await this.send(turn, card);
      return;
    }
    const error = command === 'help' ? '' : say(turn.locale, 'unknownCommand', { text: text.trim().slice(0, 60) });
    await this.send(turn, this.deps.cards.render('help', helpView(COMMAND_TITLES, turn.locale, error), turn.locale));
  }

  private async greet(context: TurnContext): Promise<void> {
    const turn = await this.turnOf(context, false);
    const reference = TurnContext.getConversationReference(context.activity);
    const personal = (context.activity.conversation.conversationType ?? 'personal') === 'personal';
    const locale = context.activity.locale;
    const isNew = await this.deps.conversations.remember(turn.actor.id, reference, personal, locale);
    // MSG-2: messages that waited for this person's app install go out now.
    if (personal) await this.deps.leads?.deliveries.resumeFor(turn.actor.id);
    if (!isNew) return;
    await this.register(turn);
    await this.send(turn, this.deps.cards.render('welcome', welcomeView(turn.actor.name, COMMAND_TITLES, turn.locale), turn.locale));
  }

  /** Runs a command; answers with `show(refusal)` so the card the person pressed shows the outcome. */
  private async decideThen(
    turn: Turn,
    cmd: AgentCommand,
    show: (error: string | undefined, decided: Decision | undefined) => Promise<InvokeResponse>,
    answers: ShowCard,
  ): Promise<InvokeResponse> {
    // The card pressed is answered in place by this invoke: no separate send of it (issue 10's send budget).
    const result = await this.deps.service.execute(cmd, { answered: { userId: turn.actor.id, show: answers } });
    return result.ok ? show(undefined, result.value) : show(errorMessage(result.error, turn.locale), undefined);
  }

  private onInteraction(turn: Turn, cmd: AgentCommand & { contactId: string }): Promise<InvokeResponse> {
    return this.decideThen(turn, cmd, (error) => this.interactionResponse(turn, cmd.contactId, error), { card: 'interaction', contactId: cmd.contactId });
  }

  private onConsultRequest(turn: Turn, cmd: AgentCommand & { contactId: string }): Promise<InvokeResponse> {
    return this.decideThen(turn, cmd, (error) => this.consultRequestResponse(turn, cmd.contactId, error), { card: 'consultRequest', contactId: cmd.contactId });
  }

  private async consultRequestResponse(turn: Turn, contactId: string, error?: string): Promise<InvokeResponse> {
    const contact = await this.deps.deskCards.contact(contactId);
    if (!contact) return errorResponse(404, 'NotFound', say(turn.locale, 'error.contact.unknown'));
    return cardResponse(await this.deps.deskCards.consultRequest(contact, turn.actor.id, turn.reader, error));
  }

  /**
   * Dial (OUT-1): the platform is asked first; the card the person pressed says
   * it is dialling (the number as cleaned, CON-2) or why not. The call itself
   * arrives as an outdial request once the platform rings the agent's phone.
   */
  private async dial(turn: Turn, number: string, fromContact: string | undefined): Promise<InvokeResponse> {
    const result = await this.deps.service.execute({ type: 'outdial.start', actor: turn.actor, number });
    const error = result.ok ? undefined : errorMessage(result.error, turn.locale);
    const sent = result.ok ? result.value.effects.find((e) => e.type === 'platform' && e.command.type === 'outdial.start') : undefined;
    const dialling = sent?.type === 'platform' && sent.command.type === 'outdial.start' ? sent.command.number : undefined;
    if (fromContact) return this.interactionResponse(turn, fromContact, error, undefined, dialling);
    const agent = (result.ok ? result.value.state.agents.get(turn.actor.id) : undefined) ?? (await this.register(turn));
    return cardResponse(this.deps.deskCards.status(agent, turn.reader, error, dialling));
  }

  /** Reads the consult or transfer target the person chose on the interaction card (CON-1, XFER-1). */
  private async directTarget(data: Data<'contact.direct'>): Promise<ConsultTarget | undefined> {
    if (data.via === 'agent') {
      if (!data.agentTarget) return undefined;
      const person = await this.deps.service.agent(data.agentTarget);
      return { kind: 'agent', id: data.agentTarget, name: person?.name ?? data.agentTarget };
    }
    if (data.via === 'queue') {
      const [kind, id] = (data.queueTarget ?? '').split(':', 2) as [string, string | undefined];
      if (!id || (kind !== 'queue' && kind !== 'entryPoint')) return undefined;
      return { kind, id, name: this.deps.deskCards.placeName(kind, id) };
    }
    const number = data.dialTarget?.trim() || data.addressTarget?.trim();
    return number ? { kind: 'dialNumber', id: number, name: '' } : undefined;
  }

  /** The agent's connected call, for a consult started from a message-extension result. */
  private async currentCall(agentId: string): Promise<string | undefined> {
    const agent = await this.deps.service.agent(agentId);
    const active = await this.deps.service.contacts(agent?.active ?? []);
    return active.find((c) => c.channel === 'voice' && c.status === 'connected')?.id;
  }

  /** The status card; after a decision its agent is already at hand, so no second read is needed (a hot path). */
  private async statusResponse(turn: Turn, error?: string, decided?: Decision): Promise<InvokeResponse> {
    const agent = decided?.state.agents.get(turn.actor.id) ?? (await this.register(turn));
    return cardResponse(this.deps.deskCards.status(agent, turn.reader, error));
  }

  private async requestsResponse(turn: Turn, options: { page?: number; size?: number; error?: string | undefined }): Promise<InvokeResponse> {
    const { error, ...rest } = options;
    return cardResponse(await this.deps.deskCards.requests(turn.actor.id, turn.reader, { ...rest, ...(error ? { error } : {}) }));
  }

  private async interactionResponse(turn: Turn, contactId: string, error?: string, fit?: FitRequest, dialling?: string): Promise<InvokeResponse> {
    const contact = await this.deps.deskCards.contact(contactId);
    // Its agent sees the card, and so does whoever transferred it away (to see where it went).
    const mayView = contact && (contact.agentId === turn.actor.id || (contact.transferredFrom ?? []).includes(turn.actor.id));
    if (!contact || !mayView) return errorResponse(404, 'NotFound', say(turn.locale, 'error.contact.unknown'));
    // The message turns into the wrap-up in place once it is owed (WRAP-1): End is answered with the wrap-up.
    if ((await this.deps.deskCards.contactCardFor(contact, turn.actor.id)) === 'wrapUp') {
      return cardResponse(this.deps.deskCards.wrapUp(contact, turn.reader, error, fit, dialling));
    }
    return cardResponse(await this.deps.deskCards.interaction(contact, turn.reader, error, undefined, fit, dialling));
  }

  private async wrapUpResponse(
    turn: Turn,
    contactId: string,
    error?: string,
    fit?: FitRequest & { code?: string | undefined; outcome?: string | undefined },
  ): Promise<InvokeResponse> {
    const contact = await this.deps.deskCards.contact(contactId);
    // Whoever owes or gave the wrap-up sees it: the contact's agent, or the agent who transferred it away (XFER-1).
    const mine = contact && (contact.agentId === turn.actor.id || (await this.deps.deskCards.contactCardFor(contact, turn.actor.id)) === 'wrapUp');
    if (!contact || !mine) return errorResponse(404, 'NotFound', say(turn.locale, 'error.contact.unknown'));
    return cardResponse(this.deps.deskCards.wrapUp(contact, turn.reader, error, fit));
  }

  private async register(turn: Turn): Promise<Agent> {
    const result = await this.deps.service.execute({ type: 'agent.register', actor: turn.actor });
    if (!result.ok) throw new Error(`registration refused: ${result.error.code}`);
    return result.value.state.agents.get(turn.actor.id)!;
  }

  private async send(turn: Turn, card: AdaptiveCardJson): Promise<string | undefined> {
    const sent = await turn.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return sent?.id;
  }

  private async turnOf(context: TurnContext, noteLocale = true): Promise<Turn> {
    const actor = actorOf(context.activity);
    const locale = localeOf(context.activity);
    // Proactive cards have no activity to read the language from: remember it.
    if (noteLocale && context.activity.locale) await this.deps.conversations.noteLocale(actor.id, context.activity.locale);
    return { context, actor, locale, reader: { locale, userId: context.activity.from.id, viewerId: actor.id } };
  }
}

/** The list a "Show all" or page button asked for, if any. */
function listPage(data: { show?: string | undefined; from?: number | undefined }): FitRequest {
  return { ...(data.show !== undefined ? { show: data.show } : {}), ...(data.from !== undefined ? { from: data.from } : {}) };
}
