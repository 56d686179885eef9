import { deskError, type DeskError } from './errors.js';
import type { Audience, TeamPolicy } from './lead-model.js';
import type { DeskPolicy } from './model.js';
import { fail, ok, type Result } from './result.js';

/** The teams a person leads (`teams[].leads`). */
export function teamsLedBy(policy: DeskPolicy, leadId: string): TeamPolicy[] {
  return policy.teams.filter((team) => team.leads.includes(leadId));
}

/** Whether an agent is in a team: listed as a member, or listed nowhere and the team is the default one. */
function isInTeam(policy: DeskPolicy, team: TeamPolicy, agentId: string): boolean {
  if (team.members.includes(agentId)) return true;
  return team.id === policy.defaultTeam && !policy.teams.some((t) => t.members.includes(agentId));
}

/**
 * The agents of some teams: their listed members, and for the default team every
 * known agent listed nowhere (a lead listed nowhere is a lead, not an agent).
 */
function agentsOf(policy: DeskPolicy, teams: readonly TeamPolicy[], roster: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const team of teams) for (const id of team.members) ids.add(id);
  if (teams.some((team) => team.id === policy.defaultTeam)) {
    for (const id of roster) if (!policy.teams.some((t) => t.members.includes(id) || t.leads.includes(id))) ids.add(id);
  }
  return [...ids];
}

/** Whether resolving an audience needs the ids of every known agent (the default team's agents are listed nowhere). */
export const audienceNeedsRoster = (audience: Audience): boolean => audience.kind !== 'agent';

/**
 * The recipients of a lead's audience (MSG-1), or why the lead may not post to
 * it: only the leads of a team post to it, to its agents, and to the agents of
 * their teams that serve a queue. `leadId` undefined is the platform (ST-8),
 * whose `led` audience is every agent. The poster never receives their own post.
 */
export function resolveAudience(policy: DeskPolicy, leadId: string | undefined, audience: Audience, roster: readonly string[]): Result<string[], DeskError> {
  const led = leadId === undefined ? policy.teams : teamsLedBy(policy, leadId);
  if (led.length === 0) return fail(deskError('lead.notALead'));
  const notMe = (ids: string[]) => ids.filter((id) => id !== leadId);
  switch (audience.kind) {
    case 'agent':
      if (!led.some((team) => isInTeam(policy, team, audience.id))) return fail(deskError('lead.notYourAgent'));
      return ok(notMe([audience.id]));
    case 'team': {
      const team = led.find((t) => t.id === audience.id);
      if (!team) return fail(deskError('lead.notYourTeam'));
      return ok(notMe(agentsOf(policy, [team], roster)));
    }
    case 'queue': {
      const channels = policy.queueChannels.get(audience.id);
      const serving = channels ? led.filter((team) => team.channels.some((c) => (channels as readonly string[]).includes(c))) : [];
      if (serving.length === 0) return fail(deskError('lead.queueNotServed'));
      return ok(notMe(agentsOf(policy, serving, roster)));
    }
    case 'led':
      return ok(notMe(agentsOf(policy, led, roster)));
  }
}
