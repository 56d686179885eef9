import { boardView, composeView, leadMessageView, messagesView, reportView } from '../cards/lead-views.js';
import { labelIn, type Locale } from '../cards/locale.js';
import type { AdaptiveCardJson, CardRenderer } from '../cards/render.js';
import { say } from '../cards/strings.js';
import type { DeskConfig } from '../src/desk-config.js';
import type { DeskReadModel } from '../src/desk-views/desk-read-model.js';
import { queuesServedBy, teamsLedBy } from '../src/desk-views/team-membership.js';
import type { Audience, Broadcast } from '../src/engine/lead-model.js';
import type { LeadReads } from '../src/leads/lead-reads.js';
import type { Reader } from './desk-cards.js';

/** What the leads' cards read from. */
export interface LeadCardsDeps {
  cards: CardRenderer;
  desk: DeskConfig;
  reads: LeadReads;
  /** The board data the Desk tab shows too (STAT-1): one computation for both. */
  board: Pick<DeskReadModel, 'leadBoard'>;
  clock: () => Date;
  /** Whether the lead may have the app installed for recipients who lack it (DIRECTORY_SOURCE=graph). */
  canInstall: boolean;
}

/** Renders the cards of team leads and of the messages they post (MSG-1, MSG-2, STAT-1, ST-8). */
export class LeadCards {
  constructor(private readonly deps: LeadCardsDeps) {}

  /** Whether someone leads a team. */
  isLead(userId: string): boolean {
    return teamsLedBy(this.deps.desk, userId).length > 0;
  }

  /** The compose card: audiences from the lead's teams, their queues and the agents on their board. */
  async compose(leadId: string, reader: Reader, draftId: string, error?: string, values?: { audience?: string; text?: string; importance?: string }) {
    const led = teamsLedBy(this.deps.desk, leadId);
    const board = await this.deps.board.leadBoard(leadId);
    const view = composeView({
      locale: reader.locale,
      draftId,
      teams: led,
      queues: queuesServedBy(this.deps.desk, led),
      agents: (board?.agents ?? []).map((a) => ({ id: a.id, name: a.name || a.id })),
      logoutGraceSeconds: this.deps.desk.timeouts.logoutGraceSeconds,
      ...(error ? { error } : {}),
      ...(values ? { values } : {}),
    });
    return this.deps.cards.render('compose', view, reader.locale);
  }

  /** One recipient's message card, or undefined when the broadcast is gone. */
  async message(broadcastId: string, recipientId: string, reader: Reader, error?: string): Promise<AdaptiveCardJson | undefined> {
    const [broadcast, message] = await Promise.all([this.deps.reads.broadcast(broadcastId), this.deps.reads.message(broadcastId, recipientId)]);
    if (!broadcast) return undefined;
    const view = leadMessageView(broadcast, message, {
      locale: reader.locale,
      now: this.deps.clock(),
      userId: reader.userId,
      logoutGraceSeconds: this.deps.desk.timeouts.logoutGraceSeconds,
      ...(error ? { error } : {}),
    });
    return this.deps.cards.render('leadMessage', view, reader.locale);
  }

  /** The delivery report of a broadcast; `withPending` lists who has not acknowledged. */
  async report(broadcastId: string, reader: Reader, options: { withPending?: boolean; error?: string } = {}): Promise<AdaptiveCardJson | undefined> {
    const report = await this.deps.reads.report(broadcastId);
    if (!report) return undefined;
    const names = options.withPending ? await this.deps.reads.names(report.notAcknowledged) : undefined;
    const view = reportView(report.broadcast, report.counts, {
      locale: reader.locale,
      userId: reader.userId,
      audienceName: this.audienceName(report.broadcast, reader.locale),
      canInstall: this.deps.canInstall,
      ...(names ? { pendingNames: report.notAcknowledged.map((id) => names.get(id) ?? id) } : {}),
      ...(options.error ? { error: options.error } : {}),
    });
    return this.deps.cards.render('report', view, reader.locale);
  }

  /** An agent's recent messages, newest first. */
  async messages(agentId: string, reader: Reader, error?: string): Promise<AdaptiveCardJson> {
    const items = await this.deps.reads.inbox(agentId, 10);
    return this.deps.cards.render('messages', messagesView(items, { locale: reader.locale, ...(error ? { error } : {}) }), reader.locale);
  }

  /** The lead's live board, or undefined for someone who leads no team. */
  async board(leadId: string, reader: Reader, error?: string): Promise<AdaptiveCardJson | undefined> {
    const board = await this.deps.board.leadBoard(leadId);
    if (!board) return undefined;
    const codes = new Map(this.deps.desk.idleCodes.map((c) => [c.id, c]));
    const view = boardView(board, {
      locale: reader.locale,
      now: this.deps.clock(),
      userId: reader.userId,
      codeLabel: (code) => {
        const found = codes.get(code);
        return found ? labelIn(found, reader.locale) : code;
      },
      ...(error ? { error } : {}),
    });
    return this.deps.cards.render('board', view, reader.locale);
  }

  /** The audience of a broadcast in words. */
  private audienceName(broadcast: Broadcast, locale: Locale): string {
    const audience: Audience = broadcast.audience;
    if (audience.kind === 'led') return say(locale, 'lead.audience.led');
    if (audience.kind === 'team')
      return say(locale, 'lead.audience.team', { name: this.deps.desk.teams.find((t) => t.id === audience.id)?.name ?? audience.id });
    if (audience.kind === 'queue')
      return say(locale, 'lead.audience.queue', { name: this.deps.desk.queues.find((q) => q.id === audience.id)?.name ?? audience.id });
    return say(locale, 'lead.audience.agent', { name: audience.id });
  }
}
