import type { StorePort } from '../store/store-port.js';
import { transact } from '../store/transact.js';
import type { BoardMarks } from './lead-board.js';

const KEEP_RECENT = 10;
const KEEP_FAVOURITES = 100;

const key = (leadId: string) => `leadBoard/${leadId}`;
const none = (): BoardMarks => ({ favourites: [], recent: [] });

/**
 * Each lead's favourites and recently viewed agents (STAT-1, seed 004), kept in
 * the store so they survive a restart and are the same in the tab and the board card.
 */
export class BoardMarkStore {
  constructor(private readonly store: StorePort) {}

  /** The lead's marks; none yet is an empty list, not an error. */
  async get(leadId: string): Promise<BoardMarks> {
    return ((await this.store.read([key(leadId)])).get(key(leadId))?.value as BoardMarks | undefined) ?? none();
  }

  /** Marks or unmarks an agent as one of the lead's favourites. */
  setFavourite(leadId: string, agentId: string, on: boolean): Promise<BoardMarks> {
    return this.update(leadId, (marks) => {
      const others = marks.favourites.filter((id) => id !== agentId);
      return { ...marks, favourites: on ? [agentId, ...others].slice(0, KEEP_FAVOURITES) : others };
    });
  }

  /** Notes that the lead looked at an agent just now (`at`, ISO 8601). */
  noteViewed(leadId: string, agentId: string, at: string): Promise<BoardMarks> {
    return this.update(leadId, (marks) => ({ ...marks, recent: [{ id: agentId, at }, ...marks.recent.filter((r) => r.id !== agentId)].slice(0, KEEP_RECENT) }));
  }

  private update(leadId: string, change: (marks: BoardMarks) => BoardMarks): Promise<BoardMarks> {
    return transact(this.store, [key(leadId)], (current) => {
      const next = change((current.get(key(leadId)) as BoardMarks | undefined) ?? none());
      return { writes: new Map([[key(leadId), next]]), result: next };
    });
  }
}
