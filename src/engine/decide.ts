import { newAgent, setStatus } from './agent-status.js';
import type { Command } from './commands.js';
import type { Effect } from './effects.js';
import { deskError, type DeskError } from './errors.js';
import type { Actor, Agent, DeskPolicy, DeskState } from './model.js';
import { normalizeAgentPhone } from './phone-number.js';
import { fail, ok, type Result } from './result.js';

/** What `decide` returns on success: the next state and the effects to run. */
export interface Decision {
  state: DeskState;
  effects: Effect[];
}

/** The engine's single entry point: `(state, command, now) -> decision | refusal`. */
export type Decide = (state: DeskState, cmd: Command, now: Date) => Result<Decision, DeskError>;

type Handler<C extends Command> = (agent: Agent, cmd: C, policy: DeskPolicy, now: Date) => Result<
  { agent: Agent; effects: Effect[] },
  DeskError
>;

const handlers: { [K in Command['type']]: Handler<Extract<Command, { type: K }>> } = {
  'agent.register': (agent) => ok({ agent, effects: [] }),
  'status.set': (agent, cmd, policy, now) => setStatus(agent, cmd.state, cmd.code, policy, now),
  'phone.set': (agent, cmd) => {
    const phone = normalizeAgentPhone(cmd.phone);
    if (!phone.ok) return fail(deskError('phone.invalid'));
    return ok({ agent: phone.value === agent.phone ? agent : { ...agent, phone: phone.value }, effects: [] });
  },
};

/** Builds the pure decision function for one desk policy (STYLE 1). */
export function createDecide(policy: DeskPolicy): Decide {
  return (state, cmd, now) => {
    const agent = ensureAgent(state.agents[cmd.actor.id], cmd.actor, now);
    const handler = handlers[cmd.type] as Handler<Command>;
    const result = handler(agent, cmd, policy, now);
    if (!result.ok) return result;
    const changed = result.value.agent;
    const agents = changed === state.agents[cmd.actor.id] ? state.agents : { ...state.agents, [changed.id]: changed };
    return ok({ state: { ...state, agents }, effects: result.value.effects });
  };
}

/** Every turn comes from a person: one the desk has not seen yet starts logged out. */
function ensureAgent(existing: Agent | undefined, actor: Actor, now: Date): Agent {
  if (!existing) return newAgent(actor.id, actor.name, now);
  return existing.name === actor.name || !actor.name ? existing : { ...existing, name: actor.name };
}
