import type { ExpertFacts } from '../cards/expert-views.js';
import type { StorePort } from '../src/store/store-port.js';
import { transact } from '../src/store/transact.js';

const KEEP_RECENT = 10;
const KEEP_FAVOURITES = 25;

/** An agent's shortlist: favourites they marked and experts they chose lately, newest first. */
export interface Shortlist {
  favourites: readonly ExpertFacts[];
  recent: readonly ExpertFacts[];
}

const key = (agentId: string) => `experts/${agentId}`;

/**
 * Each agent's favourite and recent experts (the message extension's empty
 * search and the interaction card show them). Kept in the store, so a restart
 * remembers them; only what a card shows is kept (no mail, no phone).
 */
export class RecentExperts {
  constructor(private readonly store: StorePort) {}

  /** Notes that `agentId` chose `expert` (a consult, or a pick in the message extension). */
  note(agentId: string, expert: ExpertFacts): Promise<void> {
    return this.update(agentId, (list) => ({ ...list, recent: [slim(expert), ...list.recent.filter((e) => e.id !== expert.id)].slice(0, KEEP_RECENT) }));
  }

  /** Marks or unmarks `expert` as one of the agent's favourites. */
  setFavourite(agentId: string, expert: ExpertFacts, on: boolean): Promise<void> {
    return this.update(agentId, (list) => {
      const others = list.favourites.filter((e) => e.id !== expert.id);
      return { ...list, favourites: on ? [slim(expert), ...others].slice(0, KEEP_FAVOURITES) : others };
    });
  }

  /** The agent's shortlist. */
  async list(agentId: string): Promise<Shortlist> {
    const record = (await this.store.read([key(agentId)])).get(key(agentId))?.value as Shortlist | undefined;
    return record ?? { favourites: [], recent: [] };
  }

  /** Favourites first, then recent ones not already listed: the order the empty search shows. */
  async ordered(agentId: string): Promise<ExpertFacts[]> {
    const { favourites, recent } = await this.list(agentId);
    return [...favourites, ...recent.filter((r) => !favourites.some((f) => f.id === r.id))];
  }

  private update(agentId: string, change: (list: Shortlist) => Shortlist): Promise<void> {
    return transact(this.store, [key(agentId)], (current) => {
      const list = (current.get(key(agentId)) as Shortlist | undefined) ?? { favourites: [], recent: [] };
      return { writes: new Map([[key(agentId), change(list)]]), result: undefined };
    });
  }
}

function slim(expert: ExpertFacts): ExpertFacts {
  const { id, displayName, jobTitle, department, presence } = expert;
  return { id, displayName, jobTitle, department, ...(presence ? { presence: { availability: presence.availability, updatedAt: presence.updatedAt } } : {}) };
}
