import type { AgentState } from './agent-state.js';

/** A fact worth telling the world (audit log today, team leads later). */
export interface StatusChanged {
  kind: 'agent.statusChanged';
  agentId: string;
  from: AgentState;
  to: AgentState;
  code?: string;
}

/** Work for the bot layer to carry out after the new state is saved; data, never I/O. */
export type Effect = { type: 'notify'; event: StatusChanged };
