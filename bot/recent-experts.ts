import type { ExpertFacts } from '../cards/expert-views.js';

const KEEP = 10;

/**
 * Each agent's recently chosen experts, newest first, in memory: a convenience
 * for the empty search (initialRun), not a record, so a restart may forget it.
 * Only what a card shows is kept (no mail, no phone).
 */
export class RecentExperts {
  private readonly byAgent = new Map<string, ExpertFacts[]>();

  /** Notes that `agentId` chose `expert`. */
  note(agentId: string, expert: ExpertFacts): void {
    const { id, displayName, jobTitle, department, presence } = expert;
    const kept: ExpertFacts = { id, displayName, jobTitle, department, ...(presence ? { presence: { availability: presence.availability, updatedAt: presence.updatedAt } } : {}) };
    const others = (this.byAgent.get(agentId) ?? []).filter((e) => e.id !== id);
    this.byAgent.set(agentId, [kept, ...others].slice(0, KEEP));
  }

  /** The agent's recent experts, newest first. */
  list(agentId: string): readonly ExpertFacts[] {
    return this.byAgent.get(agentId) ?? [];
  }
}
