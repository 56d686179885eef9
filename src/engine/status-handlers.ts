import { isAgentState, SELECTABLE_STATES, SYSTEM_STATES, type AgentState } from './agent-state.js';
import { ownRecordOnly, type HandlerFor } from './handler.js';
import { deskError, type DeskError } from './errors.js';
import type { Agent, DeskPolicy } from './model.js';
import { normalizeAgentPhone } from './phone-number.js';
import { tell } from './platform-commands.js';
import { agentStateCommand, enterState } from './presence.js';
import { fail, ok, type Result } from './result.js';

/** A person seen for the first time is registered (logged out); nothing else happens. */
export const registerAgent: HandlerFor<'agent.register'> = {
  reads: ownRecordOnly,
  decide: () => ok(undefined),
};

/**
 * An agent's own status choice (ST-1, ST-4, ST-5, ST-6, ST-7). Choosing the
 * state (and code) the agent is already in changes nothing, so the timer keeps
 * running. Only the agent's own record is read and written: routing reads the
 * index the store keeps from it.
 */
export const setStatus: HandlerFor<'status.set'> = {
  reads: ownRecordOnly,
  decide(d, cmd, policy, me) {
    if (!isAgentState(cmd.state)) return fail(deskError('status.unknownState', { state: cmd.state }));
    const checked = checkTransition(me, cmd.state, cmd.code, policy);
    if (!checked.ok) return checked;
    enterState(d, me, cmd.state, policy, checked.value, true);
    return ok(undefined);
  },
};

/** Registers the phone that rings for voice (ST-5). */
export const setPhone: HandlerFor<'phone.set'> = {
  reads: ownRecordOnly,
  decide(d, cmd, _policy, me) {
    const normalized = normalizeAgentPhone(cmd.phone);
    if (!normalized.ok) return fail(deskError('phone.invalid'));
    if (normalized.value === me.phone) return ok(undefined);
    const next = { ...me, phone: normalized.value };
    d.setAgent(next);
    d.emit(tell(agentStateCommand(next)));
    return ok(undefined);
  },
};

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
