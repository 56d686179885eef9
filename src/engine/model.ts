import type { AgentState, Channel } from './agent-state.js';
import type { Consult } from './consult-model.js';
import type { ContactKind } from './contact-kinds.js';
import type { Broadcast, LeadMessage, TeamPolicy } from './lead-model.js';
import type { SessionNumber, SupportPolicy, SupportSession } from './session-model.js';

/** An agent as the engine sees it; `id` is the Microsoft Entra object id. */
export interface Agent {
  id: string;
  name: string;
  state: AgentState;
  /** ISO 8601 instant the current state began (ST-3 timer). */
  stateSince: string;
  /** Idle code id while in a state that requires one (ST-4). */
  code?: string;
  /** Registered phone, E.164 or SIP URI (ST-5). */
  phone?: string;
  /** Contacts offered to the agent and not yet acted on: the popovers (PO-1..PO-3). */
  offers?: string[];
  /** Interactions the agent is handling (Engaged). */
  active?: string[];
  /** Ended interactions waiting for a wrap-up code (WRAP-1). */
  wrapUps?: string[];
  /** Present exactly while Available (ANS-1). */
  routing?: Routing;
}

/** A call-associated variable on a contact (PO-4, CAD-1); `version` counts saves for first-save-wins. */
export interface ContactVariable {
  name: string;
  label: string;
  value: string;
  secure: boolean;
  editable: boolean;
  version: number;
}

/** Where a contact is in its life. */
export type ContactStatus = 'queued' | 'offered' | 'connected' | 'ended';

/** A customer contact (ST-2): a call, chat, email, social message or callback. */
export interface Contact {
  id: string;
  channel: Channel;
  kind: ContactKind;
  queue: string;
  from: string;
  dnis: string;
  variables: ContactVariable[];
  status: ContactStatus;
  createdAt: string;
  /** The agent it is offered to or handled by. */
  agentId?: string;
  /** When the current offer began (popover order, earliest first). */
  offeredAt?: string;
  /** Deadline of the current offer (ST-6): persisted so a restart still ends in RONA. */
  ronaAt?: string;
  connectedAt?: string;
  endedAt?: string;
  endedBy?: 'customer' | 'agent' | 'system';
  /** HOLD-1. */
  onHold?: boolean;
  /** REC-1: recording on (admin), paused by Privacy Shield until a deadline. */
  recording?: { on: boolean; pausedUntil?: string };
  /** Agents whose offer ran out (RONA): not offered this contact again. */
  declinedBy?: string[];
  /** Agents who handed this contact on (XFER-1): they see it as transferred and it never routes back to them. */
  transferredFrom?: string[];
  /** Who took a queue transfer (XFER-2), for the cards of the others it was offered to. */
  takenBy?: string;
  /** Who it was last transferred to, for the sender's card. */
  transferredToName?: string;
  /** A consult in progress on this call (CON-5..CON-9). */
  consult?: Consult;
  /** A blind transfer that did not land, for the sender's card (XFER-1). */
  transferFailed?: { name: string };
  /** Why the last consult failed, for the requester's card (CON-7). */
  consultFailed?: { reason: 'declined' | 'noAnswer'; name: string };
  /** Wrap-up and outcome codes once submitted (WRAP-1). */
  wrapUp?: { code: string; outcome?: string; by: string; at: string };
}

/** What the router needs of an Available agent (ANS-1): kept on the agent, indexed by the store. */
export interface Routing {
  /** When they last became free for an offer: the longest-available agent is the earliest. */
  since: string;
  channels: Channel[];
  /** Offers pending on the agent, by kind: at most one call, a configured number of digital ones. */
  voice: number;
  digital: number;
}

/** One routable agent as the `ready` index lists it for a channel: Available, serving it, with room. */
export interface ReadyEntry extends Routing {
  agentId: string;
}

/** One waiting contact as the `waiting` index lists it for its queue, oldest first. */
export interface WaitingEntry {
  contactId: string;
  queue: string;
  channel: Channel;
  createdAt: string;
}

/**
 * The records one command reads and may change, by outside id (Maps: an id
 * such as `toString` is data, never a property name), and the index views it
 * asked for: routable agents per channel, waiting contacts per queue, the
 * voice contacts in progress.
 */
export interface DeskState {
  agents: ReadonlyMap<string, Agent>;
  contacts: ReadonlyMap<string, Contact>;
  ready: ReadonlyMap<Channel, readonly ReadyEntry[]>;
  waiting: ReadonlyMap<string, readonly WaitingEntry[]>;
  /**
   * Agents other turns of this instance are offering contacts to and have not
   * saved yet: routing takes them last (see heldLast). Not stored; a hint.
   */
  held?: ReadonlySet<string>;
  /** Ids of voice contacts offered or connected now (CB-1's tenant limit), when read. */
  calls?: readonly string[];
  /** Team-lead broadcasts by id (MSG-1, ST-8), when read. */
  broadcasts?: ReadonlyMap<string, Broadcast>;
  /** Recipients' copies of broadcasts by message id (`<broadcast>/<recipient>`), when read. */
  messages?: ReadonlyMap<string, LeadMessage>;
  /** Ids of every agent the desk knows, when read (a team's audience includes agents listed in no team). */
  roster?: readonly string[];
  /** Support sessions by id (SUP-1..SUP-4), when read. */
  sessions?: ReadonlyMap<string, SupportSession>;
  /** Session numbers in use, by number (SUP-1), when read. */
  sessionNumbers?: ReadonlyMap<string, SessionNumber>;
}

/** The admin rules the engine needs, taken from the desk configuration. */
export interface DeskPolicy {
  /** Ids of the admin's idle codes (ST-4, at most 50). */
  idleCodeIds: readonly string[];
  /** States that may only be chosen with an idle code (ST-4). */
  codeRequiredStates: readonly AgentState[];
  /** Channels an agent serves; voice needs a registered phone (ST-5). */
  channelsOf(agentId: string): readonly Channel[];
  /** Channels each queue takes (queue ids are the admin's, but a platform names them: a Map). */
  queueChannels: ReadonlyMap<string, readonly Channel[]>;
  wrapUpCodeIds: readonly string[];
  /** Outcome (transaction) codes; when any exist, one is required at wrap-up. */
  outcomeCodeIds: readonly string[];
  afterWrapUpState: AgentState;
  ronaSeconds: number;
  consultSeconds: number;
  privacyShieldSeconds: number;
  recordingEnabled: boolean;
  /** Entry points by id: their dial number (DN) and the queue they feed (CON-7, XFER-1). */
  entryPoints: ReadonlyMap<string, { dn: string; queue: string; name: string }>;
  /** Tenant-wide limit on voice contacts at once (CB-1). */
  maxConcurrentCalls: number;
  /** How many chat, email and social contacts one agent may hold at once (offered + active). */
  maxDigitalPerAgent: number;
  /** The queue outdials are placed on (OUT-1); none: outdial is off. */
  outdialQueue?: string;
  /** Admin variable types: dates must be ISO 8601 (CAD-1). */
  variableTypes: ReadonlyMap<string, 'text' | 'date'>;
  /** The admin's teams with their members and leads (MSG-1: who may post to whom). */
  teams: readonly TeamPolicy[];
  /** The team of agents listed in no team. */
  defaultTeam: string;
  /** ST-8: how long agents have to log out after the final notice of a platform switch. */
  logoutGraceSeconds: number;
  /** Support sessions: customers per session, idle time (SUP-2); the defaults when absent. */
  support?: SupportPolicy;
}

/** Who issues a command, as the bot knows them. */
export interface Actor {
  id: string;
  name: string;
}

/** A DeskState with nothing in it. */
export const emptyState = (): DeskState => ({ agents: new Map(), contacts: new Map(), ready: new Map(), waiting: new Map() });
