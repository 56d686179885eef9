import { isAgentState, SELECTABLE_STATES, SYSTEM_STATES, type AgentState } from './agent-state.js';
import type { Effect } from './effects.js';
import { deskError, type DeskError } from './errors.js';
import type { Agent, DeskPolicy } from './model.js';
import { fail, ok, type Result } from './result.js';

/** The outcome of a status change: the agent as it is now and what to tell others. */
export interface StatusOutcome {
  agent: Agent;
  effects: Effect[];
}

/** A fresh agent: logged out until they choose a state. */
export function newAgent(id: string, name: string, now: Date): Agent {
  return { id, name, state: 'LoggedOut', stateSince: now.toISOString() };
}

/**
 * Applies an agent's own status choice (ST-1, ST-4, ST-5, ST-6). Choosing the
 * state (and code) the agent is already in changes nothing, so the timer keeps running.
 */
export function setStatus(
  agent: Agent,
  requested: string,
  code: string | undefined,
  policy: DeskPolicy,
  now: Date,
): Result<StatusOutcome, DeskError> {
  if (!isAgentState(requested)) return fail(deskError('status.unknownState', { state: requested }));
  const checked = checkTransition(agent, requested, code, policy);
  if (!checked.ok) return checked;
  const nextCode = checked.value;
  if (agent.state === requested && agent.code === nextCode) return ok({ agent, effects: [] });

  const next: Agent = { ...agent, state: requested, stateSince: now.toISOString() };
  if (nextCode === undefined) delete next.code;
  else next.code = nextCode;
  const event = { kind: 'agent.statusChanged' as const, agentId: agent.id, from: agent.state, to: requested };
  return ok({ agent: next, effects: [{ type: 'notify', event: nextCode ? { ...event, code: nextCode } : event }] });
}

/** Returns the idle code the new state keeps (undefined when it takes none) or the refusal. */
function checkTransition(
  agent: Agent,
  requested: AgentState,
  code: string | undefined,
  policy: DeskPolicy,
): Result<string | undefined, DeskError> {
  if (!(SELECTABLE_STATES as readonly string[]).includes(requested) || SYSTEM_STATES.includes(requested)) {
    return fail(deskError('status.systemOnly', { state: requested }));
  }
  if (agent.state === 'Engaged') return fail(deskError('status.busy'));
  if (agent.state === 'WrapUp') return fail(deskError('status.wrapUpPending'));
  if (agent.state === 'RONA' && requested !== 'Available') return fail(deskError('status.ronaOnlyAvailable'));
  if (requested === 'Available' && !agent.phone && policy.channelsOf(agent.id).includes('voice')) {
    return fail(deskError('status.phoneRequired'));
  }
  if (!policy.codeRequiredStates.includes(requested)) return ok(undefined);
  // The card sends its code input with every button, so a code only matters where the state takes one.
  const chosen = code?.trim();
  if (!chosen) return fail(deskError('status.codeRequired', { state: requested }));
  if (!policy.idleCodeIds.includes(chosen)) return fail(deskError('status.unknownCode'));
  return ok(chosen);
}
