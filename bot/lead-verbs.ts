import { createHash, randomUUID } from 'node:crypto';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { Locale } from '../cards/locale.js';
import type { CardRenderer } from '../cards/render.js';
import { errorView } from '../cards/simple-views.js';
import { say } from '../cards/strings.js';
import type { DeskService } from '../src/desk-service.js';
import type { BoardMarkStore } from '../src/desk-views/board-marks.js';
import type { AgentCommand } from '../src/engine/commands.js';
import { deskError } from '../src/engine/errors.js';
import type { Audience } from '../src/engine/lead-model.js';
import type { Actor } from '../src/engine/model.js';
import type { LeadDeliveries } from '../src/leads/lead-deliveries.js';
import type { LeadReads } from '../src/leads/lead-reads.js';
import type { CardAction, Verb } from './card-actions.js';
import type { CardRegistry } from './card-registry.js';
import type { Reader } from './desk-cards.js';
import { cardResponse, errorMessage, errorResponse } from './invoke-responses.js';
import type { LeadCards } from './lead-cards.js';

/** The verbs of team leads and of the messages they post. */
export const LEAD_VERBS = [
  'lead.compose',
  'message.send',
  'switch.announce',
  'message.ack',
  'message.refresh',
  'messages.show',
  'report.refresh',
  'report.install',
  'board.show',
  'board.refresh',
  'board.favourite',
  'board.view',
] as const satisfies readonly Verb[];

/** A verb of the leads' cards. */
export type LeadVerb = (typeof LEAD_VERBS)[number];

/** Whether a verb is one of the leads' verbs. */
export const isLeadVerb = (verb: Verb): verb is LeadVerb => (LEAD_VERBS as readonly string[]).includes(verb);
type Data<V extends Verb> = Extract<CardAction, { verb: V }>['data'];

/** One person's turn, as the lead verbs need it. */
export interface LeadTurn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
  reader: Reader;
}

/** What the lead verbs need. */
export interface LeadVerbDeps {
  service: DeskService;
  cards: CardRenderer;
  leads: LeadCards;
  reads: LeadReads;
  marks: BoardMarkStore;
  cardIds: CardRegistry;
  deliveries: LeadDeliveries;
  clock: () => Date;
}

/**
 * The broadcast id of a compose card's post: derived from the lead and the
 * card's own draft id, so pressing Send twice, or Teams retrying the invoke,
 * names the same broadcast and creates it once.
 */
export function broadcastIdOf(leadId: string, draftId: string, kind: 'message' | 'switch'): string {
  return `b${createHash('sha256').update(`${leadId}\u0000${draftId}\u0000${kind}`).digest('hex').slice(0, 31)}`;
}

/** An audience as the compose card names it: `led`, `team:<id>`, `queue:<id>`, `agent:<id>`. */
export function parseAudience(value: string | undefined): Audience | undefined {
  if (value === 'led') return { kind: 'led' };
  const colon = (value ?? '').indexOf(':');
  if (colon <= 0) return undefined;
  const kind = value!.slice(0, colon);
  const id = value!.slice(colon + 1);
  if (!id || (kind !== 'team' && kind !== 'queue' && kind !== 'agent')) return undefined;
  return { kind, id };
}

/** The lead verbs' handlers, for the bot's one verb table. */
export function leadVerbs(deps: LeadVerbDeps): { [V in LeadVerb]: (turn: LeadTurn, data: Data<V>) => Promise<InvokeResponse> } {
  const { leads } = deps;
  const errorCard = (turn: LeadTurn, message: string) => cardResponse(deps.cards.render('error', errorView(message, turn.locale), turn.locale));
  const notALead = (turn: LeadTurn) => errorCard(turn, errorMessage(deskError('lead.notALead'), turn.locale));
  const board = async (turn: LeadTurn, error?: string) => {
    const card = await leads.board(turn.actor.id, turn.reader, error);
    return card ? cardResponse(card) : notALead(turn);
  };
  const compose = async (turn: LeadTurn, draftId: string, error?: string, values?: { audience?: string; text?: string; importance?: string }) =>
    leads.isLead(turn.actor.id) ? cardResponse(await leads.compose(turn.actor.id, turn.reader, draftId, error, values)) : notALead(turn);
  /** The report of a broadcast the actor posted; anyone else is told it is not theirs. */
  const report = async (turn: LeadTurn, broadcastId: string, options: { withPending?: boolean; error?: string } = {}) => {
    const broadcast = await deps.reads.broadcast(broadcastId);
    if (!broadcast || broadcast.leadId !== turn.actor.id) return errorResponse(404, 'NotFound', errorMessage(deskError('message.unknown'), turn.locale));
    const card = await leads.report(broadcastId, turn.reader, options);
    return card ? cardResponse(card) : errorResponse(404, 'NotFound', errorMessage(deskError('message.unknown'), turn.locale));
  };
  /** Runs a post or an announcement; the pressed compose card becomes the report, updated in place from then on. */
  const post = async (
    turn: LeadTurn,
    cmd: AgentCommand & { broadcastId: string },
    draftId: string,
    values: { audience?: string; text?: string; importance?: string },
  ) => {
    const result = await deps.service.execute(cmd, { answered: { userId: turn.actor.id, show: { card: 'report', broadcastId: cmd.broadcastId } } });
    if (!result.ok) return compose(turn, draftId, errorMessage(result.error, turn.locale), values);
    const pressed = turn.context.activity.replyToId;
    if (pressed) await deps.cardIds.remember(turn.actor.id, { kind: 'report', broadcastId: cmd.broadcastId }, pressed);
    return report(turn, cmd.broadcastId);
  };
  const message = async (turn: LeadTurn, broadcastId: string, error?: string) => {
    const card = await leads.message(broadcastId, turn.actor.id, turn.reader, error);
    return card ? cardResponse(card) : errorResponse(404, 'NotFound', errorMessage(deskError('message.unknown'), turn.locale));
  };
  return {
    'lead.compose': (turn) => compose(turn, randomUUID()),
    'message.send': async (turn, data) => {
      const values = {
        ...(data.audience ? { audience: data.audience } : {}),
        ...(data.text ? { text: data.text } : {}),
        importance: data.importance ?? 'normal',
      };
      const audience = parseAudience(data.audience);
      if (!audience) return compose(turn, data.draftId, say(turn.locale, 'error.lead.audience'), values);
      const broadcastId = broadcastIdOf(turn.actor.id, data.draftId, 'message');
      const cmd = { type: 'message.post' as const, actor: turn.actor, broadcastId, audience, text: data.text ?? '', importance: data.importance ?? 'normal' };
      return post(turn, cmd, data.draftId, values);
    },
    'switch.announce': async (turn, data) => {
      const broadcastId = broadcastIdOf(turn.actor.id, data.draftId, 'switch');
      // The switch time is fixed by the first press: a retried press finds the broadcast and keeps its time.
      const at = new Date(deps.clock().getTime() + data.switchMinutes * 60_000).toISOString();
      return post(turn, { type: 'switch.announce', actor: turn.actor, broadcastId, at, text: data.switchText ?? '' }, data.draftId, {});
    },
    'message.ack': async (turn, data) => {
      const result = await deps.service.execute(
        { type: 'message.ack', actor: turn.actor, broadcastId: data.broadcastId },
        { answered: { userId: turn.actor.id, show: { card: 'message', broadcastId: data.broadcastId } } },
      );
      const error = result.ok ? undefined : errorMessage(result.error, turn.locale);
      if (data.from === 'messages') return cardResponse(await leads.messages(turn.actor.id, turn.reader, error));
      return message(turn, data.broadcastId, error);
    },
    'message.refresh': (turn, data) => message(turn, data.broadcastId),
    'messages.show': async (turn) => cardResponse(await leads.messages(turn.actor.id, turn.reader)),
    'report.refresh': (turn, data) => report(turn, data.broadcastId, { withPending: data.pending === true }),
    'report.install': async (turn, data) => {
      const broadcast = await deps.reads.broadcast(data.broadcastId);
      if (!broadcast || broadcast.leadId !== turn.actor.id) return report(turn, data.broadcastId);
      const outcome = await deps.deliveries.installFor(data.broadcastId);
      const text =
        outcome.failed > 0
          ? say(turn.locale, 'lead.report.installFailed', { count: outcome.failed, reason: outcome.reason ?? '' })
          : say(turn.locale, 'lead.report.installStarted', { count: outcome.started });
      return report(turn, data.broadcastId, { error: text });
    },
    'board.show': (turn) => board(turn),
    'board.refresh': (turn) => board(turn),
    'board.favourite': async (turn, data) => {
      if (!leads.isLead(turn.actor.id)) return notALead(turn);
      await deps.marks.setFavourite(turn.actor.id, data.agentId, data.on);
      return board(turn);
    },
    'board.view': async (turn, data) => {
      if (!leads.isLead(turn.actor.id)) return notALead(turn);
      await deps.marks.noteViewed(turn.actor.id, data.agentId, deps.clock().toISOString());
      return board(turn);
    },
  };
}
