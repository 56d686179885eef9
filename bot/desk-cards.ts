import { type FitRequest, fitCard, type Shrinking } from '../cards/card-fit.js';
import { KIB } from '../cards/card-size.js';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render.js';
import { interactionShrinking } from '../cards/interaction-fit.js';
import { interactionView } from '../cards/interaction-view.js';
import type { Locale } from '../cards/locale.js';
import { offerTime, requestsShrinking, requestsView } from '../cards/requests-view.js';
import { statusView } from '../cards/status-view.js';
import type { CardName, CardViews } from '../cards/views.js';
import { wrapUpShrinking } from '../cards/wrap-up-fit.js';
import { wrapUpView } from '../cards/wrap-up-view.js';
import { consultRequestView } from '../cards/consult-request-view.js';
import { sessionShrinking } from '../cards/session-fit.js';
import { sessionView } from '../cards/session-view.js';
import type { SupportSession } from '../src/engine/session-model.js';
import { SessionLinks } from '../src/support/session-links.js';
import type { Person } from '../src/directory/directory-port.js';
import type { DeskConfig } from '../src/desk-config.js';
import type { DeskService } from '../src/desk-service.js';
import type { Agent, Contact } from '../src/engine/model.js';
import type { Log } from '../src/log.js';

/** Who a card is for: their language and Teams user id (for automatic refresh). */
export interface Reader {
  locale: Locale;
  userId: string;
  /** The agent looking at the card (their Entra id): someone the contact was transferred away from sees it as transferred. */
  viewerId?: string;
}

/**
 * Renders each desk card from the current stored state; used for invoke answers
 * and proactive updates alike. Every card is fitted to the size budget
 * (`limits.maxCardKB`): a card over it comes in a smaller form, long lists cut
 * behind "Show all" (see cards/card-fit.ts). `fit` asks for one list's page or
 * for the smallest form.
 */
export class DeskCards {
  /** The card size budget in bytes of UTF-16. */
  readonly budget: number;

  constructor(
    private readonly service: DeskService,
    private readonly cards: CardRenderer,
    private readonly desk: DeskConfig,
    private readonly clock: () => Date,
    private readonly log?: Log,
    private readonly links: SessionLinks = new SessionLinks(),
  ) {
    this.budget = desk.limits.maxCardKB * KIB;
  }

  /**
   * The agent's status card (ST-1, ST-3..ST-5); `dialling` is the number a Dial just started (OUT-1). With at most
   * 50 idle codes (ST-4) and labels of 80 it is under 40 KiB at its largest (test/cards/card-budget.test.ts), within
   * any budget, so this hot path skips the measure.
   */
  status(agent: Agent, reader: Reader, error?: string, dialling?: string): AdaptiveCardJson {
    const view = statusView(agent, {
      idleCodes: this.desk.idleCodes,
      codeRequiredStates: this.desk.codeRequiredStates,
      locale: reader.locale,
      now: this.clock(),
      userId: reader.userId,
      ...(error ? { error } : {}),
      ...(dialling ? { dialling } : {}),
    });
    return this.cards.render('status', view, reader.locale);
  }

  /** The agent's stacked contact-request popover (PO-1..PO-4); `size` is the page size a reduced popover pages with. */
  async requests(
    agentId: string,
    reader: Reader,
    options: { page?: number; size?: number; connecting?: string; error?: string; smallest?: boolean } = {},
  ): Promise<AdaptiveCardJson> {
    const agent = await this.service.agent(agentId);
    const offered = (await this.service.contacts(agent?.offers ?? [])).filter((c) => c.status === 'offered' && c.agentId === agentId);
    const connecting = options.connecting ? offered.find((c) => c.id === options.connecting) : undefined;
    const ctx = {
      variables: this.desk.variables,
      queues: this.desk.queues,
      locale: reader.locale,
      now: this.clock(),
      userId: reader.userId,
      ...(options.page !== undefined ? { page: options.page } : {}),
      ...(options.size !== undefined ? { pageSize: options.size } : {}),
      ...(connecting ? { connecting } : {}),
      ...(options.error ? { error: options.error } : {}),
    };
    return this.fit('requests', requestsView(offered, ctx), reader.locale, requestsShrinking(offered, ctx), options.smallest);
  }

  /** The interaction card of a contact (HOLD-1, REC-1, CAD-1, CON-6), with expert search results when there are any. */
  async interaction(
    contact: Contact,
    reader: Reader,
    error?: string,
    experts?: { query: string; people: readonly Person[]; favourites?: readonly string[] },
    fit?: FitRequest,
    dialling?: string,
  ): Promise<AdaptiveCardJson> {
    // CON-4: every render re-reads agents, queues, entry points and numbers, so Refresh shows them as they are now.
    const people = contact.status === 'connected' && contact.channel === 'voice' ? await this.service.present() : undefined;
    const view = interactionView(contact, {
      ...(people ? { targets: { people, queues: this.desk.queues, entryPoints: this.desk.entryPoints, addressBook: this.desk.addressBook } } : {}),
      variables: this.desk.variables,
      queues: this.desk.queues,
      noiseRemoval: this.desk.backgroundNoiseRemoval.enabled,
      locale: reader.locale,
      now: this.clock(),
      userId: reader.userId,
      ...(reader.viewerId ? { viewerId: reader.viewerId } : {}),
      ...(error ? { error } : {}),
      ...(experts ? { experts } : {}),
      ...(dialling ? { dialling } : {}),
    });
    return this.fit('interaction', view, reader.locale, interactionShrinking(view, reader.locale, fit), fit?.smallest);
  }

  /**
   * Which card a person's contact message shows now: the wrap-up once they owe
   * it or gave it (WRAP-1), else the interaction. One message per contact
   * changes in place from interaction to wrap-up (issue 10's send budget).
   */
  async contactCardFor(contact: Contact, viewerId: string): Promise<'interaction' | 'wrapUp'> {
    if (contact.wrapUp?.by === viewerId) return 'wrapUp';
    // A wrap-up is owed only for a contact that ended or that the viewer handed on: a live call's card needs no read (a hot path).
    if (contact.status !== 'ended' && !(contact.transferredFrom ?? []).includes(viewerId)) return 'interaction';
    const viewer = await this.service.agent(viewerId);
    return (viewer?.wrapUps ?? []).includes(contact.id) ? 'wrapUp' : 'interaction';
  }

  /** The wrap-up card of an ended contact (WRAP-1); `fit` may carry the codes already chosen on the card. */
  wrapUp(contact: Contact, reader: Reader, error?: string, fit?: FitRequest & { code?: string; outcome?: string }, dialling?: string): AdaptiveCardJson {
    const view = wrapUpView(contact, {
      wrapUpCodes: this.desk.wrapUpCodes,
      outcomeCodes: this.desk.outcomeCodes,
      locale: reader.locale,
      userId: reader.userId,
      ...(error ? { error } : {}),
      ...(fit ? { chosen: { code: fit.code, outcome: fit.outcome } } : {}),
      dialling,
    });
    return this.fit('wrapUp', view, reader.locale, wrapUpShrinking(view, reader.locale, fit), fit?.smallest);
  }

  /** The consult-request card as one of the people it was offered to sees it (CON-5, PO-4, XFER-2). */
  async consultRequest(contact: Contact, viewerId: string, reader: Reader, error?: string): Promise<AdaptiveCardJson> {
    // A queue transfer's requester is whoever handed it on; a consult's is the call's agent.
    const requesterId = contact.consult?.mode === 'transfer' || contact.takenBy ? contact.transferredFrom?.at(-1) : contact.agentId;
    const requester = requesterId ? await this.service.agent(requesterId) : undefined;
    const team = this.desk.teams.find((t) => requester && t.members.includes(requester.id)) ?? this.desk.teams.find((t) => t.id === this.desk.defaultTeam);
    const view = consultRequestView(contact, {
      viewerId,
      requester: { name: requester?.name ?? '', phone: requester?.phone ?? '', team: team?.name ?? '' },
      variables: this.desk.variables,
      locale: reader.locale,
      userId: reader.userId,
      ...(error ? { error } : {}),
    });
    // Bounded: three defaults and at most six variables (PO-4), names clipped.
    return this.fit('consultRequest', view, reader.locale);
  }

  /** The session card as one representative sees it (SUP-1..SUP-4, VC-1..VC-3); its holder of control gets the transfer choices. */
  async session(session: SupportSession, viewerId: string, reader: Reader, error?: string): Promise<AdaptiveCardJson> {
    const controls = session.status === 'open' && session.controllerId === viewerId;
    const agents = controls ? await this.service.present() : [];
    const view = sessionView(session, {
      viewerId,
      locale: reader.locale,
      userId: reader.userId,
      joinLink: this.links.joinLink(session),
      joinPage: this.links.joinPage,
      queues: this.desk.queues,
      agents,
      ...(error ? { error } : {}),
    });
    // A large tenant's agents would not fit as transfer choices: a smaller form keeps as many as fit.
    return this.fit('session', view, reader.locale, sessionShrinking(view));
  }

  /** The join link of a session, to post in a chat (SUP-1). */
  joinLink(session: SupportSession): string {
    return this.links.joinLink(session);
  }

  /** A support session as stored, if it exists. */
  async supportSession(sessionId: string): Promise<SupportSession | undefined> {
    return (await this.service.session(sessionId))?.session;
  }

  /** The display name of a queue or entry point, for cards that say where a call went. */
  placeName(kind: 'queue' | 'entryPoint', id: string): string {
    const list: ReadonlyArray<{ id: string; name: string }> = kind === 'queue' ? this.desk.queues : this.desk.entryPoints;
    return list.find((item) => item.id === id)?.name ?? id;
  }

  /** Renders within the budget; a card that cannot be made to fit is reported (its size, never its content) and sent as small as it gets. */
  private fit<N extends CardName>(name: N, view: CardViews[N], locale: Locale, shrinking?: Shrinking<CardViews[N]>, smallest?: boolean): AdaptiveCardJson {
    const fitted = fitCard(this.cards, name, view, locale, this.budget, shrinking, smallest);
    if (!fitted.fits) this.log?.warn('card.overBudget', { card: name, bytes: fitted.bytes, budget: this.budget });
    return fitted.card;
  }

  /** The chats, emails and social messages offered to the agent up to `upTo`: what a reduced popover's "Accept N requests" showed (PO-3). */
  async offeredUpTo(agentId: string, upTo: string): Promise<string[]> {
    const agent = await this.service.agent(agentId);
    const offered = await this.service.contacts(agent?.offers ?? []);
    return offered.filter((c) => c.status === 'offered' && c.agentId === agentId && c.channel !== 'voice' && offerTime(c) <= upTo).map((c) => c.id);
  }

  /** The agent, if the desk knows them. */
  agent(agentId: string): Promise<Agent | undefined> {
    return this.service.agent(agentId);
  }

  /** One contact, if it exists. */
  async contact(contactId: string): Promise<Contact | undefined> {
    return (await this.service.contacts([contactId]))[0];
  }
}
