import type { AgentState, Channel } from './agent-state.js';

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
}

/** The records one command reads and may change; absent keys are records that do not exist. */
export interface DeskState {
  agents: Readonly<Record<string, Agent>>;
}

/** The admin rules the engine needs, taken from the desk configuration. */
export interface DeskPolicy {
  /** Ids of the admin's idle codes (ST-4, at most 50). */
  idleCodeIds: readonly string[];
  /** States that may only be chosen with an idle code (ST-4). */
  codeRequiredStates: readonly AgentState[];
  /** Channels an agent serves; voice needs a registered phone (ST-5). */
  channelsOf(agentId: string): readonly Channel[];
}

/** Who issues a command, as the bot knows them. */
export interface Actor {
  id: string;
  name: string;
}
