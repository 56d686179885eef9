import { AGENT_STATES, type AgentState } from '../engine/agent-state.js';
import type { Agent } from '../engine/model.js';
import type { DeskConfig } from '../desk-config.js';
import type { BoardAgent, BoardQueue, LeadBoard } from './desk-read-model.js';
import { queuesServedBy, teamsLedBy, teamsOf } from './team-membership.js';

/** A lead's own marks on the board (seed 004): favourites, and agents viewed lately with when. */
export interface BoardMarks {
  favourites: readonly string[];
  recent: ReadonlyArray<{ id: string; at: string }>;
}

/** What a board is built from: plain data, so the tab and the board card build the same board. */
export interface BoardInput {
  desk: DeskConfig;
  leadId: string;
  agents: readonly Agent[];
  /** Waiting contacts per queue id: how many, and when the oldest arrived. */
  waiting: ReadonlyMap<string, { count: number; oldestSince?: string }>;
  marks: BoardMarks;
}

const STATE_ORDER = new Map<AgentState, number>(AGENT_STATES.map((state, index) => [state, index]));

/**
 * Builds a lead's board (STAT-1): the agents of the teams they lead with state,
 * time in state and idle code, favourites first, then recently viewed, then by
 * state and name; the queues those teams serve with waiting counts. Undefined
 * when `leadId` leads no team.
 */
export function buildLeadBoard(input: BoardInput): LeadBoard | undefined {
  const led = teamsLedBy(input.desk, input.leadId);
  if (led.length === 0) return undefined;
  const ledIds = new Set(led.map((team) => team.id));
  const favourites = new Set(input.marks.favourites);
  const viewed = new Map(input.marks.recent.map((entry) => [entry.id, entry.at]));

  const agents: BoardAgent[] = [];
  for (const agent of input.agents) {
    const teams = teamsOf(input.desk, agent.id).filter((id) => ledIds.has(id));
    if (teams.length === 0) continue;
    const at = viewed.get(agent.id);
    agents.push({
      id: agent.id,
      name: agent.name,
      state: agent.state,
      stateSince: agent.stateSince,
      ...(agent.code ? { code: agent.code } : {}),
      teams,
      favourite: favourites.has(agent.id),
      ...(at ? { viewedAt: at } : {}),
    });
  }
  agents.sort(boardOrder);

  const byState: Partial<Record<AgentState, number>> = {};
  for (const agent of agents) byState[agent.state] = (byState[agent.state] ?? 0) + 1;

  const queues: BoardQueue[] = queuesServedBy(input.desk, led).map((queue) => {
    const waiting = input.waiting.get(queue.id);
    return { id: queue.id, name: queue.name, waiting: waiting?.count ?? 0, ...(waiting?.oldestSince ? { oldestSince: waiting.oldestSince } : {}) };
  });

  return { leadId: input.leadId, teams: led.map((team) => ({ id: team.id, name: team.name })), agents, byState, queues };
}

/** Favourites, then recently viewed (latest first), then by state (ST-1 order) and name. */
function boardOrder(a: BoardAgent, b: BoardAgent): number {
  if (a.favourite !== b.favourite) return a.favourite ? -1 : 1;
  const aViewed = a.viewedAt ?? '';
  const bViewed = b.viewedAt ?? '';
  if (aViewed !== bViewed) return aViewed > bViewed ? -1 : 1;
  const byState = (STATE_ORDER.get(a.state) ?? 0) - (STATE_ORDER.get(b.state) ?? 0);
  return byState || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
