import type { AgentState } from './agent-state.js';
import type { Draft } from './draft.js';
import type { Agent, DeskPolicy } from './model.js';
import { tell } from './platform-commands.js';

/** A fresh agent: logged out until they choose a state. */
export function newAgent(id: string, name: string, now: Date): Agent {
  return { id, name, state: 'LoggedOut', stateSince: now.toISOString() };
}

/**
 * Moves an agent to a state (timer restarts); routable exactly while Available
 * (ANS-1), and tells the world; `own` marks the agent's own choice, whose card
 * is updated by the answer to their press.
 */
export function enterState(d: Draft, agent: Agent, to: AgentState, policy: DeskPolicy, code?: string, own = false): Agent {
  if (agent.state === to && agent.code === code) return agent;
  const next: Agent = { ...agent, state: to, stateSince: d.iso };
  if (code === undefined) delete next.code;
  else next.code = code;
  if (to === 'Available' && !next.routing) next.routing = { since: d.iso, channels: [...policy.channelsOf(agent.id)], voice: 0, digital: 0 };
  if (to !== 'Available') delete next.routing;
  d.setAgent(next);
  d.emit({ type: 'notify', event: { kind: 'agent.statusChanged', agentId: agent.id, from: agent.state, to, ...(code ? { code } : {}) } });
  // PLAT-3: a platform that routes by itself must know who is Available, with which code and phone.
  d.emit(tell(agentStateCommand(next)));
  // The status card is updated from here only for what no other card shows the agent: RONA and a logout made for
  // them. Engaged, wrap-up and back to Available show on the contact's own card, and the status card refreshes
  // itself when viewed (Universal Actions), so a handled contact costs no extra sends (issue 10's budget).
  if (!own && (to === 'RONA' || to === 'LoggedOut')) d.emit({ type: 'showStatus', agentId: agent.id });
  if (to === 'Available') d.emit({ type: 'routeWaiting' });
  return next;
}

/** The agent with their pending-offer count moved by `delta`; `since` restarts when an offer is added. */
export function adjustLoad(agent: Agent, voice: boolean, delta: 1 | -1, now: string): Agent {
  const routing = agent.routing;
  if (!routing) return agent;
  const key = voice ? 'voice' : 'digital';
  return { ...agent, routing: { ...routing, [key]: Math.max(0, routing[key] + delta), ...(delta > 0 ? { since: now } : {}) } };
}

/** After an interaction or wrap-up ends: Engaged while any remain, WrapUp while codes are owed, else the configured state. */
export function settle(d: Draft, agent: Agent, policy: DeskPolicy): Agent {
  if ((agent.active ?? []).length > 0) return enterState(d, agent, 'Engaged', policy);
  if ((agent.wrapUps ?? []).length > 0) return enterState(d, agent, 'WrapUp', policy);
  if (agent.state === 'Engaged' || agent.state === 'WrapUp') return enterState(d, agent, policy.afterWrapUpState, policy);
  return agent;
}

/** The platform's view of an agent's state (PLAT-3). */
export function agentStateCommand(agent: Agent) {
  return {
    type: 'agent.state' as const,
    agentId: agent.id,
    state: agent.state,
    ...(agent.code ? { code: agent.code } : {}),
    ...(agent.phone ? { phone: agent.phone } : {}),
  };
}

/** A list without one value. */
export const without = (list: readonly string[] | undefined, value: string): string[] => (list ?? []).filter((v) => v !== value);
