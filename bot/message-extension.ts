import { CardFactory, MessageFactory, type Attachment, type InvokeResponse, type MessagingExtensionResult, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { expertSubtitle, expertView, presenceText, type ExpertFacts } from '../cards/expert-views.js';
import { pickLocale, type Locale } from '../cards/locale.js';
import { ENVELOPE_BYTES, utf16Bytes } from '../cards/card-size.js';
import type { CardRenderer } from '../cards/render.js';
import { say } from '../cards/strings.js';
import { DirectoryAuthError, DirectoryUnavailableError, type DirectoryPort, type Person } from '../src/directory/directory-port.js';
import type { Log } from '../src/log.js';
import type { RecentExperts } from './recent-experts.js';
import { INVOKE_WORK_LIMIT_MS, InvokeTimeoutError, withTimeout } from './invoke-responses.js';
import { agentIdOf, type SsoGate } from './sso.js';

/** The manifest's command id of the expert search (SPEC 9). */
export const SEARCH_EXPERTS = 'searchExperts';

const MAX_RESULTS = 25;
const MAX_QUERY = 100;

const queryValue = z
  .object({
    commandId: z.string(),
    parameters: z.array(z.object({ name: z.string(), value: z.unknown() }).passthrough()).default([]),
    queryOptions: z
      .object({ count: z.coerce.number().int().min(1).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
// The value of our own previews' tap (see preview()): which expert the person picked.
const selectValue = z.object({ expertId: z.string().min(1).max(256) }).passthrough();

/** What the search needs. */
export interface ExpertSearchDeps {
  directory: DirectoryPort;
  sso: SsoGate;
  recents: RecentExperts;
  cards: CardRenderer;
  clock: () => Date;
  log: Log;
  /** How long the directory may take (default 4 s); tests shorten it. */
  timeoutMs?: number;
  /** The card size budget in bytes of UTF-16: the whole answer, every result card in it, stays within it. */
  cardBudget: number;
}

type SearchInvoke = 'composeExtension/query' | 'composeExtension/selectItem';

/**
 * The `searchExperts` message extension (CON-3, SPEC 9): the empty search shows
 * the agent's recent experts; a query runs only behind the SSO gate and answers
 * within Teams' 5 s, with a "try again" when the directory is slow.
 */
export class ExpertSearchExtension {
  private readonly invokes: Record<SearchInvoke, (context: TurnContext) => Promise<InvokeResponse | undefined>> = {
    'composeExtension/query': (context) => this.handleQuery(context),
    'composeExtension/selectItem': (context) => this.handleSelect(context),
  };
  /** The experts last listed to each agent, so a pick needs no second directory call. */
  private readonly shown = new Map<string, Map<string, ExpertFacts>>();

  constructor(private readonly deps: ExpertSearchDeps) {}

  /** Answers the expert search's invokes; undefined for other invokes and other commands. */
  async handleInvoke(context: TurnContext): Promise<InvokeResponse | undefined> {
    const name = context.activity.name ?? '';
    return Object.hasOwn(this.invokes, name) ? this.invokes[name as SearchInvoke](context) : undefined;
  }

  /** `composeExtension/query` for `searchExperts`; undefined for another command. */
  async handleQuery(context: TurnContext): Promise<InvokeResponse | undefined> {
    const parsed = queryValue.safeParse(context.activity.value);
    if (!parsed.success) return badRequest('Not a valid message-extension query (commandId, parameters, queryOptions).');
    if (parsed.data.commandId !== SEARCH_EXPERTS) return undefined;
    const locale = pickLocale(context.activity.locale);
    const agentId = agentIdOf(context);
    const parameter = (name: string) => parsed.data.parameters.find((p) => p.name === name)?.value;
    // Only text is a query: String() of a client's object could even throw ({"toString": 1}).
    const typed = parameter('query');
    const query = (typeof typed === 'string' || typeof typed === 'number' ? String(typed) : '').trim().slice(0, MAX_QUERY);
    if (parameter('initialRun') !== undefined || query === '') return this.recentAnswer(agentId, locale);

    const token = await this.deps.sso.requireToken(context, agentId);
    if (!token) return answer(await this.signInResult(context, locale));
    const limit = Math.min(parsed.data.queryOptions?.count ?? MAX_RESULTS, MAX_RESULTS);
    try {
      const found = await withTimeout(this.deps.directory.search(query, { userId: agentId, token }, limit), this.deps.timeoutMs ?? INVOKE_WORK_LIMIT_MS);
      this.shown.set(agentId, new Map(found.map((p) => [p.id, factsOf(p)])));
      return this.listAnswer(found.map(factsOf), locale);
    } catch (error) {
      if (error instanceof InvokeTimeoutError) {
        this.deps.log.warn('experts.search.slow', { agentId });
        return message(say(locale, 'experts.slow'));
      }
      if (error instanceof DirectoryAuthError) {
        // The directory refused the token (expired, consent withdrawn): sign in again rather than fail.
        this.deps.sso.forget(agentId);
        return answer(await this.signInResult(context, locale));
      }
      if (error instanceof DirectoryUnavailableError) return message(say(locale, 'experts.unavailable'));
      throw error;
    }
  }

  private async handleSelect(context: TurnContext): Promise<InvokeResponse | undefined> {
    const parsed = selectValue.safeParse(context.activity.value);
    if (!parsed.success) return badRequest('Not a valid pick from the expert search (expertId).');
    const agentId = agentIdOf(context);
    const locale = pickLocale(context.activity.locale);
    const expert = this.shown.get(agentId)?.get(parsed.data.expertId) ?? (await this.deps.recents.ordered(agentId)).find((e) => e.id === parsed.data.expertId);
    if (!expert) return message(say(locale, 'experts.unavailable'));
    await this.deps.recents.note(agentId, expert);
    return this.listAnswer([expert], locale);
  }

  /** initialRun: the agent's favourite experts, then the recent ones. */
  private async recentAnswer(agentId: string, locale: Locale): Promise<InvokeResponse> {
    const recent = await this.deps.recents.ordered(agentId);
    return recent.length === 0 ? message(say(locale, 'experts.hint')) : this.listAnswer(recent, locale);
  }

  private listAnswer(experts: readonly ExpertFacts[], locale: Locale): InvokeResponse {
    const now = this.deps.clock();
    const budget = this.deps.cardBudget;
    const attachments: Attachment[] = [];
    let bytes = utf16Bytes(answer({ type: 'result', attachmentLayout: 'list', attachments: [] }).body) + ENVELOPE_BYTES;
    for (const expert of experts) {
      const attachment = {
        ...CardFactory.adaptiveCard(this.deps.cards.render('expert', expertView(expert, locale, now), locale)),
        preview: preview(expert, locale, now),
      };
      // Results come best first: the ones that would take the answer over the budget are left out (a narrower search finds them).
      bytes += utf16Bytes(attachment) + 2;
      if (bytes > budget) break;
      attachments.push(attachment);
    }
    return answer({ type: 'result', attachmentLayout: 'list', attachments });
  }

  /** Teams' `auth` answer with the token service's sign-in link; in local mode, the local sign-in card in the chat. */
  private async signInResult(context: TurnContext, locale: Locale): Promise<MessagingExtensionResult> {
    if (this.deps.sso.localMode) {
      await this.postLocalSignIn(context, locale);
      return { type: 'message', text: say(locale, 'signIn.meLocal') };
    }
    const link = await this.deps.sso.signInLink(context);
    if (!link) return { type: 'message', text: say(locale, 'experts.unavailable') };
    return { type: 'auth', suggestedActions: { actions: [{ type: 'openUrl', value: link, title: say(locale, 'signIn.button') }] } };
  }

  /** The Playground cannot open a sign-in page from a search: the local card goes into the person's chat with the bot. */
  private async postLocalSignIn(context: TurnContext, locale: Locale): Promise<void> {
    // Only into the personal chat: a sign-in card does not belong in a group conversation.
    if ((context.activity.conversation?.conversationType ?? 'personal') !== 'personal') return;
    try {
      await context.sendActivity(MessageFactory.attachment(await this.deps.sso.signInCard(context, locale)));
    } catch (error) {
      this.deps.log.warn('experts.signInCard.failed', { error: error instanceof Error ? error.name : typeof error });
    }
  }
}

/** The list item Teams shows: name, role · department, presence with its age; the tap says which one was picked. */
function preview(expert: ExpertFacts, locale: Locale, now: Date): Attachment {
  return CardFactory.thumbnailCard(expert.displayName, [], [], {
    subtitle: expertSubtitle(expert),
    text: presenceText(expert, locale, now),
    tap: { type: 'invoke', title: expert.displayName, value: { expertId: expert.id } },
  });
}

/** Only what a card may show: the directory's mail and phones stay out of Teams messages. */
function factsOf(person: Person): ExpertFacts {
  const { id, displayName, jobTitle, department, presence } = person;
  return { id, displayName, jobTitle, department, ...(presence ? { presence: { availability: presence.availability, updatedAt: presence.updatedAt } } : {}) };
}

function answer(composeExtension: MessagingExtensionResult): InvokeResponse {
  return { status: 200, body: { composeExtension } };
}

function badRequest(message: string): InvokeResponse {
  return { status: 400, body: { error: { code: 'BadRequest', message } } };
}

function message(text: string): InvokeResponse {
  return answer({ type: 'message', text });
}
