import type { DeskConfig } from '../desk-config.js';

/** A team as the admin configured it. */
export type ConfiguredTeam = DeskConfig['teams'][number];

/** The teams `leadId` leads (`teams[].leads`). */
export function teamsLedBy(desk: DeskConfig, leadId: string): ConfiguredTeam[] {
  return desk.teams.filter((team) => team.leads.includes(leadId));
}

/** The teams an agent is in: the ones listing them as a member, else the default team. */
export function teamsOf(desk: DeskConfig, agentId: string): string[] {
  const listed = desk.teams.filter((team) => team.members.includes(agentId)).map((team) => team.id);
  return listed.length > 0 ? listed : [desk.defaultTeam];
}

/**
 * The queues a set of teams serves: those taking a channel the teams work on
 * (the router offers a queue's contacts to agents serving its channel).
 */
export function queuesServedBy(desk: DeskConfig, teams: readonly ConfiguredTeam[]): DeskConfig['queues'] {
  const channels = new Set(teams.flatMap((team) => team.channels));
  return desk.queues.filter((queue) => queue.channels.some((channel) => channels.has(channel)));
}
