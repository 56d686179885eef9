/** Agent states (ST-1). RONA, Engaged and WrapUp are entered by the system only. */
export const AGENT_STATES = ['Available', 'Idle', 'Engaged', 'WrapUp', 'RONA', 'WorkingOffline', 'Break', 'LoggedOut'] as const;

/** One of the agent states of ST-1. */
export type AgentState = (typeof AGENT_STATES)[number];

/** States an agent may choose on the status card. */
export const SELECTABLE_STATES = ['Available', 'Idle', 'WorkingOffline', 'Break', 'LoggedOut'] as const;

/** A state an agent may choose. */
export type SelectableState = (typeof SELECTABLE_STATES)[number];

/** States only the system sets (ST-1, ST-6). */
export const SYSTEM_STATES: readonly AgentState[] = ['Engaged', 'WrapUp', 'RONA'];

/** Narrows an arbitrary string to an AgentState. */
export function isAgentState(value: unknown): value is AgentState {
  return typeof value === 'string' && (AGENT_STATES as readonly string[]).includes(value);
}

/** Interaction kinds an agent handles (ST-2). */
export const CHANNELS = ['voice', 'chat', 'email', 'social'] as const;

/** A contact channel. */
export type Channel = (typeof CHANNELS)[number];
