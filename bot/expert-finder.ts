import { MessageFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { FitRequest } from '../cards/card-fit.js';
import type { ExpertFacts } from '../cards/expert-views.js';
import type { Locale } from '../cards/locale.js';
import { say } from '../cards/strings.js';
import type { DirectoryPort, Person } from '../src/directory/directory-port.js';
import type { ConsultTarget } from '../src/engine/consult-model.js';
import type { Actor } from '../src/engine/model.js';
import { errorFields, type Log } from '../src/log.js';
import type { DeskCards, Reader } from './desk-cards.js';
import { cardResponse, errorResponse, INVOKE_WORK_LIMIT_MS, withTimeout } from './invoke-responses.js';
import type { RecentExperts } from './recent-experts.js';
import type { SsoGate } from './sso.js';

/** What the finder needs. */
export interface ExpertFinderDeps {
  sso: SsoGate;
  directory: DirectoryPort;
  recents: RecentExperts;
  deskCards: DeskCards;
  log: Log;
}

/** The parts of a turn the finder uses. */
export interface FinderTurn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
  reader: Reader;
}

/** Expert search from the interaction card (CON-3): behind the SSO gate, with the agent's favourites and recents. */
export class ExpertFinder {
  constructor(private readonly deps: ExpertFinderDeps) {}

  /** CON-3: the organization is searched only with the agent's sign-in; without it a sign-in card goes to the chat. */
  async search(turn: FinderTurn, contactId: string, query: string, fit?: FitRequest): Promise<InvokeResponse> {
    const contact = await this.deps.deskCards.contact(contactId);
    if (!contact || contact.agentId !== turn.actor.id) return errorResponse(404, 'NotFound', say(turn.locale, 'error.contact.unknown'));
    const token = await this.deps.sso.requireToken(turn.context, turn.actor.id);
    if (!token) {
      await turn.context.sendActivity(MessageFactory.attachment(await this.deps.sso.signInCard(turn.context, turn.locale)));
      return cardResponse(await this.deps.deskCards.interaction(contact, turn.reader, say(turn.locale, 'signInTitle')));
    }
    const { favourites } = await this.deps.recents.list(turn.actor.id);
    const favouriteIds = favourites.map((f) => f.id);
    if (!query) {
      // An empty search shows the agent's favourite and recent experts.
      const shortlist = (await this.deps.recents.ordered(turn.actor.id)).map(asPerson);
      return cardResponse(await this.deps.deskCards.interaction(contact, turn.reader, undefined, { query, people: shortlist, favourites: favouriteIds }, fit));
    }
    let people: Person[];
    try {
      people = await withTimeout(this.deps.directory.search(query, { userId: turn.actor.id, token }, 10), INVOKE_WORK_LIMIT_MS);
    } catch (error) {
      this.deps.log.warn('experts.searchFailed', errorFields(error));
      return cardResponse(await this.deps.deskCards.interaction(contact, turn.reader, say(turn.locale, 'error.request.unavailable')));
    }
    return cardResponse(await this.deps.deskCards.interaction(contact, turn.reader, undefined, { query, people, favourites: favouriteIds }, fit));
  }

  /** Remembers a consulted expert for the agent's shortlist, with job and department when the directory can say. */
  async noteRecent(turn: FinderTurn, target: ConsultTarget): Promise<void> {
    const token = await this.deps.sso.requireToken(turn.context, turn.actor.id);
    const found = token ? await this.deps.directory.get([target.id], { userId: turn.actor.id, token }).catch(() => []) : [];
    const person = found[0];
    await this.deps.recents.note(turn.actor.id, {
      id: target.id,
      displayName: person?.displayName ?? target.name,
      jobTitle: person?.jobTitle ?? '',
      department: person?.department ?? '',
      ...(person?.presence ? { presence: { availability: person.presence.availability, updatedAt: person.presence.updatedAt } } : {}),
    });
  }
}

/** A shortlisted expert in the shape the search results use. */
function asPerson(expert: ExpertFacts): Person {
  return {
    id: expert.id,
    displayName: expert.displayName,
    givenName: expert.displayName.split(' ')[0] ?? expert.displayName,
    surname: '',
    jobTitle: expert.jobTitle,
    department: expert.department,
    businessPhones: [],
    mail: '',
    ...(expert.presence ? { presence: { availability: expert.presence.availability, activity: '', updatedAt: expert.presence.updatedAt } } : {}),
  };
}
