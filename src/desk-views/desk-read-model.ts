import type { AgentState } from '../engine/agent-state.js';
import type { Agent, Contact } from '../engine/model.js';

/**
 * Every read the Desk tab makes, behind one small port, so the store can be
 * redesigned (scans, indexes, several instances) without touching the tab: an
 * implementation over today's service is `ServiceReadModel`. The leads' board
 * card (STAT-1) reads `leadBoard` too.
 */
export interface DeskReadModel {
  /** The agent's own desk, or undefined when the desk has never seen them. */
  agentDesk(agentId: string): Promise<AgentDesk | undefined>;
  /** The live board of everyone `leadId` leads, or undefined when they lead no team. */
  leadBoard(leadId: string): Promise<LeadBoard | undefined>;
  /** Every agent the desk knows, with their name (the development identity picker lists them). */
  people(): Promise<Array<{ id: string; name: string }>>;
  /** What changed, as it is committed: the tab's server-sent events are fed from here. */
  readonly changes: ChangeFeed;
}

/** A team-lead message as its agent sees it (MSG-1); the list stays empty until team-lead messages exist. */
export interface LeadMessage {
  id: string;
  from: string;
  text: string;
  urgent: boolean;
  sentAt: string;
  acknowledged: boolean;
}

/** One agent's desk: their status, the requests offered to them, what they handle and what waits for wrap-up. */
export interface AgentDesk {
  agent: Agent;
  /** Contacts offered to the agent now (the popover, PO-1..PO-3). */
  requests: Contact[];
  /** Interactions the agent is handling. */
  interactions: Contact[];
  /** Ended interactions waiting for a wrap-up code (WRAP-1). */
  wrapUps: Contact[];
  /** Recent team-lead messages, newest first (MSG-1). */
  messages: LeadMessage[];
}

/** One agent on a lead's board (STAT-1): state, since when, idle code; never customer data. */
export interface BoardAgent {
  id: string;
  name: string;
  state: AgentState;
  stateSince: string;
  /** Idle code id, while the state takes one (ST-4). */
  code?: string;
  /** Ids of the lead's teams the agent is in. */
  teams: string[];
  favourite: boolean;
  /** When the lead last looked at this agent, if lately. */
  viewedAt?: string;
}

/** One queue the lead's teams serve: how many contacts wait and since when the oldest waits. */
export interface BoardQueue {
  id: string;
  name: string;
  waiting: number;
  /** When the longest-waiting contact arrived; absent when none waits. */
  oldestSince?: string;
}

/** A lead's live board (STAT-1): agents (favourites, then recently viewed, then by state) and queues. */
export interface LeadBoard {
  leadId: string;
  teams: Array<{ id: string; name: string }>;
  agents: BoardAgent[];
  /** How many agents are in each state. */
  byState: Partial<Record<AgentState, number>>;
  queues: BoardQueue[];
}

/** Records a commit touched (a superset of what changed), numbered in the order this instance saw them. */
export interface DeskChange {
  seq: number;
  agents: string[];
  contacts: string[];
  queues: string[];
  /** Leads whose board preferences (favourites, recently viewed) changed. */
  leads?: string[];
}

/** A stream of changes that a reader can resume: `since` gives what it missed while it was away. */
export interface ChangeFeed {
  /** The number of the latest change (0 before any). */
  readonly seq: number;
  /** Calls `listener` for every change from now on; returns an unsubscribe. */
  subscribe(listener: (change: DeskChange) => void): () => void;
  /** The changes after `seq`, oldest first; undefined when they are no longer held (the reader reloads instead). */
  since(seq: number): DeskChange[] | undefined;
}
