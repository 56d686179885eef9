import { isAgentState, SELECTABLE_STATES, SYSTEM_STATES, type AgentState } from './agent-state.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { Agent, DeskPolicy } from './model.js';
import { normalizeAgentPhone } from './phone-number.js';
import { enterState } from './presence.js';
import { fail, ok, type Result } from './result.js';

/**
 * Applies an agent's own status choice (ST-1, ST-4, ST-5, ST-6, ST-7). Choosing the
 * state (and code) the agent is already in changes nothing, so the timer keeps running.
 */
export function setStatus(d: Draft, agent: Agent, requested: string, code: string | undefined, policy: DeskPolicy): Result<void, DeskError> {
  if (!isAgentState(requested)) return fail(deskError('status.unknownState', { state: requested }));
  const checked = checkTransition(agent, requested, code, policy);
  if (!checked.ok) return checked;
  enterState(d, agent, requested, policy, checked.value, true);
  return ok(undefined);
}

/** Registers the phone that rings for voice (ST-5). */
export function setPhone(d: Draft, agent: Agent, phone: string): Result<void, DeskError> {
  const normalized = normalizeAgentPhone(phone);
  if (!normalized.ok) return fail(deskError('phone.invalid'));
  if (normalized.value !== agent.phone) d.setAgent({ ...agent, phone: normalized.value });
  return ok(undefined);
}

/** Returns the idle code the new state keeps (undefined when it takes none) or the refusal. */
function checkTransition(agent: Agent, requested: AgentState, code: string | undefined, policy: DeskPolicy): Result<string | undefined, DeskError> {
  if (!(SELECTABLE_STATES as readonly string[]).includes(requested) || SYSTEM_STATES.includes(requested)) {
    return fail(deskError('status.systemOnly', { state: requested }));
  }
  if (agent.state === 'Engaged') return fail(deskError('status.busy'));
  if (agent.state === 'WrapUp') return fail(deskError('status.wrapUpPending'));
  if (agent.state === 'RONA' && requested !== 'Available') return fail(deskError('status.ronaOnlyAvailable'));
  // ST-7, PO-2: a pending popover must be acted on (or run out) before the agent leaves Available.
  if ((agent.offers ?? []).length > 0 && requested !== agent.state) return fail(deskError('status.popoverPending'));
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
