import { interactionView } from '../../cards/interaction-view.js';
import { labelIn, type Locale } from '../../cards/locale.js';
import type { CardRenderer } from '../../cards/render.js';
import { requestsView } from '../../cards/requests-view.js';
import { statusView } from '../../cards/status-view.js';
import { say, type StringKey } from '../../cards/strings.js';
import { wrapUpView } from '../../cards/wrap-up-view.js';
import type { AgentDesk, LeadBoard } from '../desk-views/desk-read-model.js';
import type { DeskConfig } from '../desk-config.js';
import { AGENT_STATES } from '../engine/agent-state.js';
import type { BoardView, CardJson, DeskView } from './tab-wire.js';

/** What every view needs: the configuration, the card renderer and the reader's language. */
export interface ViewContext {
  desk: DeskConfig;
  cards: CardRenderer;
  locale: Locale;
  now: Date;
  seq: number;
}

/** Extra state of the page: which page of requests it shows, a refusal to show on a card. */
export interface DeskViewOptions {
  page?: number;
  /** A refusal to show on the card of this contact (or the requests card when `contactId` is absent). */
  error?: { text: string; contactId?: string; on: 'status' | 'requests' | 'contact' };
}

/**
 * The agent's desk as the tab shows it: the status with the status card's
 * choices and rules, and the requests, interaction and wrap-up cards rendered
 * from the same templates as in chat. Consult and transfer stay on the chat card
 * (they need the chat's sign-in and expert search).
 */
export function deskView(data: AgentDesk, me: { id: string; name: string }, lead: boolean, ctx: ViewContext, options: DeskViewOptions = {}): DeskView {
  const { desk, cards, locale, now } = ctx;
  const errorOn = (on: 'status' | 'requests' | 'contact', contactId?: string) =>
    options.error && options.error.on === on && options.error.contactId === contactId ? { error: options.error.text } : {};
  const status = statusView(data.agent, { idleCodes: desk.idleCodes, codeRequiredStates: desk.codeRequiredStates, locale, now, userId: '' });
  const requests =
    data.requests.length > 0 || options.error?.on === 'requests'
      ? (cards.render(
          'requests',
          requestsView(data.requests, {
            variables: desk.variables,
            queues: desk.queues,
            locale,
            now,
            userId: '',
            ...(options.page !== undefined ? { page: options.page } : {}),
            ...errorOn('requests'),
          }),
          locale,
        ) as CardJson)
      : null;
  const interactions = data.interactions.map(
    (contact) =>
      cards.render(
        'interaction',
        {
          ...interactionView(contact, {
            variables: desk.variables,
            queues: desk.queues,
            locale,
            now,
            userId: '',
            viewerId: me.id,
            ...errorOn('contact', contact.id),
          }),
          searchable: false,
        },
        locale,
      ) as CardJson,
  );
  const wrapUps = data.wrapUps.map(
    (contact) =>
      cards.render(
        'wrapUp',
        wrapUpView(contact, { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: desk.outcomeCodes, locale, userId: '', ...errorOn('contact', contact.id) }),
        locale,
      ) as CardJson,
  );
  return {
    seq: ctx.seq,
    now: now.toISOString(),
    me,
    lead,
    status: {
      state: data.agent.state,
      stateSince: data.agent.stateSince,
      label: status.stateLabel,
      style: status.stateStyle,
      codeLabel: status.codeLabel,
      hint: status.stateHint,
      codeChoices: status.codeChoices,
      selectedCode: status.selectedCode,
      phoneText: status.phoneText,
      phone: status.phoneInput,
      actions: status.actions,
    },
    requests,
    interactions,
    wrapUps,
    messages: data.messages,
  };
}

/** The lead's board in the reader's language: state and idle code labels, team names (STAT-1). */
export function boardView(board: LeadBoard, ctx: Omit<ViewContext, 'cards'>): BoardView {
  const { desk, locale } = ctx;
  const teamName = new Map(board.teams.map((team) => [team.id, team.name]));
  const codeLabel = (code: string | undefined) => {
    if (!code) return '';
    const known = desk.idleCodes.find((c) => c.id === code);
    return known ? labelIn(known, locale) : code;
  };
  return {
    seq: ctx.seq,
    now: ctx.now.toISOString(),
    teams: board.teams.map((team) => team.name),
    summary: AGENT_STATES.filter((state) => (board.byState[state] ?? 0) > 0).map((state) => ({
      state,
      label: say(locale, `state.${state}` as StringKey),
      count: board.byState[state] ?? 0,
    })),
    agents: board.agents.map((agent) => ({
      id: agent.id,
      name: agent.name,
      state: agent.state,
      stateLabel: say(locale, `state.${agent.state}` as StringKey),
      stateSince: agent.stateSince,
      codeLabel: codeLabel(agent.code),
      teams: agent.teams.map((id) => teamName.get(id) ?? id),
      favourite: agent.favourite,
      recent: agent.viewedAt !== undefined,
    })),
    queues: board.queues.map((queue) => ({ ...queue })),
  };
}
