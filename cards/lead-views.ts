import type { LeadBoard } from '../src/desk-views/desk-read-model.js';
import type { Broadcast, LeadMessage } from '../src/engine/lead-model.js';
import type { AgentState } from '../src/engine/agent-state.js';
import { cardTime, formatElapsed } from './format.js';
import type { Locale } from './locale.js';
import { say } from './strings.js';
import type { Fact } from './views.js';

/** A choice of an input. */
export interface Choice {
  title: string;
  value: string;
}

/** The lead's compose card (MSG-1, ST-8). */
export interface ComposeView {
  title: string;
  error: string;
  intro: string;
  audiences: Choice[];
  audience: string;
  text: string;
  importance: string;
  /** Identifies this compose card: the broadcast's id is derived from it, so Send twice is one broadcast. */
  draftId: string;
  switchHint: string;
}

/** A team-lead message or switch notice as its recipient sees it (MSG-1, ST-8). */
export interface LeadMessageView {
  title: string;
  error: string;
  broadcastId: string;
  urgent: boolean;
  fromText: string;
  text: string;
  notice: string;
  ackText: string;
  /** Zero or one Acknowledge button. */
  ack: Array<{ title: string }>;
  refreshUserIds: string[];
}

/** The lead's delivery report of a broadcast (MSG-2). */
export interface ReportView {
  title: string;
  error: string;
  broadcastId: string;
  summary: string;
  urgent: boolean;
  excerpt: string;
  facts: Fact[];
  progress: string;
  pendingHeading: string;
  pendingNames: Array<{ name: string }>;
  showPending: Array<{ title: string }>;
  install: Array<{ title: string }>;
  refreshUserIds: string[];
}

/** An agent's recent team-lead messages, newest first (MSG-1). */
export interface MessagesView {
  title: string;
  error: string;
  unackedText: string;
  ackTitle: string;
  items: Array<{ broadcastId: string; heading: string; text: string; statusText: string; acked: boolean; style: 'default' | 'attention' }>;
}

/** A lead's live board (STAT-1). */
export interface BoardView {
  title: string;
  error: string;
  teamsText: string;
  summaryText: string;
  agents: Array<{ id: string; name: string; detail: string; stateText: string; color: string; star: string; starTooltip: string; favourite: boolean }>;
  queues: Fact[];
  updatedText: string;
  refreshUserIds: string[];
}

/** The compose card's choices: everyone led, each team led, each queue they serve, each agent on the board. */
export function composeView(input: {
  locale: Locale;
  draftId: string;
  teams: ReadonlyArray<{ id: string; name: string }>;
  queues: ReadonlyArray<{ id: string; name: string }>;
  agents: ReadonlyArray<{ id: string; name: string }>;
  logoutGraceSeconds: number;
  error?: string;
  values?: { audience?: string; text?: string; importance?: string };
}): ComposeView {
  const { locale } = input;
  const audiences: Choice[] = [
    { title: say(locale, 'lead.audience.led'), value: 'led' },
    ...input.teams.map((t) => ({ title: say(locale, 'lead.audience.team', { name: t.name }), value: `team:${t.id}` })),
    ...input.queues.map((q) => ({ title: say(locale, 'lead.audience.queue', { name: q.name }), value: `queue:${q.id}` })),
    ...input.agents.map((a) => ({ title: say(locale, 'lead.audience.agent', { name: a.name }), value: `agent:${a.id}` })),
  ];
  return {
    title: say(locale, 'lead.composeTitle'),
    error: input.error ?? '',
    intro: say(locale, 'lead.composeIntro'),
    audiences,
    audience: input.values?.audience ?? 'led',
    text: input.values?.text ?? '',
    importance: input.values?.importance ?? 'normal',
    draftId: input.draftId,
    switchHint: say(locale, 'lead.switchHint', { minutes: Math.round(input.logoutGraceSeconds / 60) }),
  };
}

/** The message card of one recipient; a switch notice turns into the final notice once the switch time has come. */
export function leadMessageView(
  broadcast: Broadcast,
  message: LeadMessage | undefined,
  input: { locale: Locale; now: Date; userId: string; logoutGraceSeconds: number; error?: string },
): LeadMessageView {
  const { locale } = input;
  const isSwitch = broadcast.kind === 'switch';
  const title = isSwitch
    ? say(locale, 'lead.switchTitle')
    : broadcast.leadName
      ? say(locale, 'lead.messageTitle', { name: broadcast.leadName })
      : say(locale, 'lead.messageTitlePlatform');
  let notice = '';
  if (isSwitch && broadcast.switchAt) {
    const final = input.now.getTime() >= Date.parse(broadcast.switchAt);
    const logoutAt = new Date(Date.parse(broadcast.switchAt) + input.logoutGraceSeconds * 1000).toISOString();
    notice = final
      ? say(locale, 'lead.switchFinal', { time: cardTime(logoutAt) })
      : say(locale, 'lead.switchNotice', { time: cardTime(broadcast.switchAt), minutes: Math.round(input.logoutGraceSeconds / 60) });
  }
  const from = broadcast.leadName || say(locale, 'lead.messageTitlePlatform');
  return {
    title,
    error: input.error ?? '',
    broadcastId: broadcast.id,
    urgent: broadcast.importance === 'urgent',
    fromText: say(locale, 'lead.fromText', { name: from, time: cardTime(broadcast.createdAt) }),
    text: broadcast.text,
    notice,
    ackText: message?.ackedAt ? say(locale, 'lead.acknowledgedAt', { time: cardTime(message.ackedAt) }) : '',
    ack: message && !message.ackedAt ? [{ title: say(locale, 'lead.acknowledge') }] : [],
    refreshUserIds: [input.userId],
  };
}

/** The figures a report shows (MSG-2). */
export interface ReportFigures {
  recipients: number;
  sent: number;
  pending: number;
  retrying: number;
  failed: number;
  failedBy: ReadonlyMap<string, number>;
  notInstalled: number;
  installing: number;
  acknowledged: number;
}

const NAMES_SHOWN = 40;

/** The delivery report: every figure, the reasons of failures, and on request who has not acknowledged. */
export function reportView(
  broadcast: Broadcast,
  figures: ReportFigures,
  input: {
    locale: Locale;
    userId: string;
    audienceName: string;
    pendingNames?: readonly string[];
    canInstall: boolean;
    error?: string;
  },
): ReportView {
  const { locale } = input;
  const failedText =
    figures.failed === 0 ? '0' : `${figures.failed} (${[...figures.failedBy].map(([reason, count]) => `${reasonText(reason, locale)}: ${count}`).join(', ')})`;
  const facts: Fact[] = [
    { title: say(locale, 'lead.report.recipients'), value: String(figures.recipients) },
    { title: say(locale, 'lead.report.sent'), value: String(figures.sent) },
    { title: say(locale, 'lead.report.pending'), value: String(figures.pending) },
    { title: say(locale, 'lead.report.retrying'), value: String(figures.retrying) },
    { title: say(locale, 'lead.report.failed'), value: failedText },
    { title: say(locale, 'lead.report.notInstalled'), value: String(figures.notInstalled) },
    ...(figures.installing > 0 ? [{ title: say(locale, 'lead.report.installing'), value: String(figures.installing) }] : []),
    { title: say(locale, 'lead.report.acknowledged'), value: `${figures.acknowledged} / ${figures.recipients}` },
  ];
  const running = figures.pending + figures.retrying + figures.installing > 0;
  const names = input.pendingNames ?? [];
  const shown = names.slice(0, NAMES_SHOWN).map((name) => ({ name }));
  if (names.length > NAMES_SHOWN) shown.push({ name: say(locale, 'lead.report.more', { count: names.length - NAMES_SHOWN }) });
  const unacknowledged = figures.recipients - figures.acknowledged;
  return {
    title: say(locale, broadcast.kind === 'switch' ? 'lead.switchReportTitle' : 'lead.reportTitle'),
    error: input.error ?? '',
    broadcastId: broadcast.id,
    summary: say(locale, 'lead.reportSummary', { audience: input.audienceName, time: cardTime(broadcast.createdAt) }),
    urgent: broadcast.importance === 'urgent',
    excerpt: broadcast.text.length > 280 ? `${broadcast.text.slice(0, 279)}…` : broadcast.text,
    facts,
    progress: say(locale, running ? 'lead.report.running' : 'lead.report.done'),
    pendingHeading: say(locale, 'lead.report.pendingHeading', { count: names.length }),
    pendingNames: input.pendingNames ? shown : [],
    showPending: !input.pendingNames && unacknowledged > 0 ? [{ title: say(locale, 'lead.report.showPending') }] : [],
    install: input.canInstall && figures.notInstalled > 0 ? [{ title: say(locale, 'lead.report.install', { count: figures.notInstalled }) }] : [],
    refreshUserIds: [input.userId],
  };
}

function reasonText(reason: string, locale: Locale): string {
  if (reason === 'status 403') return say(locale, 'lead.reason.403');
  if (reason === 'status 404') return say(locale, 'lead.reason.404');
  return reason;
}

/** An agent's recent messages, newest first, saying which are not acknowledged (MSG-1). */
export function messagesView(items: ReadonlyArray<{ broadcast: Broadcast; message: LeadMessage }>, input: { locale: Locale; error?: string }): MessagesView {
  const { locale } = input;
  const unacked = items.filter((i) => !i.message.ackedAt).length;
  return {
    title: say(locale, 'lead.messagesTitle'),
    error: input.error ?? '',
    unackedText: unacked > 0 ? say(locale, 'lead.unacked', { count: unacked }) : say(locale, 'lead.allAcked'),
    ackTitle: say(locale, 'lead.acknowledge'),
    items: items.map(({ broadcast, message }) => ({
      broadcastId: broadcast.id,
      heading: `${broadcast.importance === 'urgent' ? `${say(locale, 'leadUrgentBadge')} · ` : ''}${say(locale, 'lead.fromText', {
        name: broadcast.leadName || say(locale, 'lead.messageTitlePlatform'),
        time: cardTime(broadcast.createdAt),
      })}`,
      text: broadcast.text || say(locale, 'lead.switchTitle'),
      statusText: message.ackedAt ? say(locale, 'lead.acknowledgedAt', { time: cardTime(message.ackedAt) }) : say(locale, 'lead.notAcknowledged'),
      acked: Boolean(message.ackedAt),
      style: !message.ackedAt && broadcast.importance === 'urgent' ? 'attention' : 'default',
    })),
  };
}

const COLOR_OF: Record<AgentState, string> = {
  Available: 'Good',
  Idle: 'Warning',
  Engaged: 'Accent',
  WrapUp: 'Accent',
  RONA: 'Attention',
  WorkingOffline: 'Default',
  Break: 'Warning',
  LoggedOut: 'Default',
};

/** The board card from the board data the Desk tab shows too (STAT-1): no customer data, only states and queue counts. */
export function boardView(
  board: LeadBoard,
  input: { locale: Locale; now: Date; userId: string; codeLabel: (code: string) => string; error?: string; maxAgents?: number },
): BoardView {
  const { locale, now } = input;
  const elapsed = (since: string) => formatElapsed(now.getTime() - Date.parse(since));
  const summary = Object.entries(board.byState)
    .map(([state, count]) => `${say(locale, `state.${state as AgentState}`)} ${count}`)
    .join(' · ');
  return {
    title: say(locale, 'lead.boardTitle'),
    error: input.error ?? '',
    teamsText: say(locale, 'lead.boardTeams', { names: board.teams.map((t) => t.name).join(', ') }),
    summaryText: summary,
    agents: board.agents.slice(0, input.maxAgents ?? 50).map((agent) => {
      const params = { elapsed: elapsed(agent.stateSince), since: cardTime(agent.stateSince) };
      return {
        id: agent.id,
        name: agent.name || agent.id,
        detail: agent.code ? say(locale, 'lead.boardDetailCode', { ...params, code: input.codeLabel(agent.code) }) : say(locale, 'lead.boardDetail', params),
        stateText: say(locale, `state.${agent.state}`),
        color: COLOR_OF[agent.state],
        star: agent.favourite ? '★' : '☆',
        starTooltip: say(locale, agent.favourite ? 'lead.favouriteOff' : 'lead.favouriteOn'),
        favourite: agent.favourite,
      };
    }),
    queues: board.queues.map((queue) => ({
      title: queue.name,
      value: queue.oldestSince
        ? say(locale, 'lead.boardQueue', { count: queue.waiting, elapsed: elapsed(queue.oldestSince) })
        : say(locale, 'lead.boardQueueEmpty'),
    })),
    updatedText: say(locale, 'lead.boardUpdated', { time: cardTime(now.toISOString()) }),
    refreshUserIds: [input.userId],
  };
}
