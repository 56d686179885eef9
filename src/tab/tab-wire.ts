/** What the Desk tab's API sends to the page (types only: the page imports them too). */
import type { AgentState } from '../engine/agent-state.js';
import type { LeadMessage } from '../desk-views/desk-read-model.js';
import type { StatusAction, StatusView } from '../../cards/views.js';

/** An Adaptive Card as JSON, rendered by the page with the `adaptivecards` renderer. */
export type CardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/** How the page signs in: Teams SSO, or (local anonymous mode only) a development identity it picks. */
export interface TabSetup {
  mode: 'teams' | 'development';
  /** Development mode only: people the page offers as identities (agents the desk knows and the configured leads). */
  people?: Array<{ id: string; name: string; lead: boolean }>;
}

/** The agent's status as the status card shows it, with the same choices and rules (ST-1, ST-3..ST-5). */
export interface StatusPanel {
  state: AgentState;
  stateSince: string;
  label: string;
  style: StatusView['stateStyle'];
  codeLabel: string;
  hint: string;
  codeChoices: StatusView['codeChoices'];
  selectedCode: string;
  phoneText: string;
  phone: string;
  actions: StatusAction[];
}

/** One agent's desk in the tab. */
export interface DeskView {
  /** The change number the view is at least as new as (for resuming live updates). */
  seq: number;
  /** The server's clock when the view was read, so timers are right whatever the device's clock says. */
  now: string;
  me: { id: string; name: string };
  /** Whether the person leads a team (the board is theirs to see). */
  lead: boolean;
  status: StatusPanel;
  /** The contact-request popover card, when requests are pending (PO-1..PO-4). */
  requests: CardJson | null;
  interactions: CardJson[];
  wrapUps: CardJson[];
  messages: LeadMessage[];
}

/** One agent row of the lead's board. */
export interface BoardRow {
  id: string;
  name: string;
  state: AgentState;
  stateLabel: string;
  stateSince: string;
  codeLabel: string;
  teams: string[];
  favourite: boolean;
  recent: boolean;
}

/** The lead's live board (STAT-1). */
export interface BoardView {
  seq: number;
  now: string;
  teams: string[];
  summary: Array<{ state: AgentState; label: string; count: number }>;
  agents: BoardRow[];
  queues: Array<{ id: string; name: string; waiting: number; oldestSince?: string }>;
}

/** The answer to an action pressed in the tab: the refusal in the reader's language, and the desk as it is now. */
export interface ActionAnswer {
  ok: boolean;
  error?: string;
  desk: DeskView;
}
