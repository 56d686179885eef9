import type { Decision } from '../engine/decide.js';
import type { ChangeFeed, DeskChange } from './desk-read-model.js';

/** A change before the feed numbers it. */
export type ChangeNotice = Omit<DeskChange, 'seq'>;

/** Where changes are announced; PostgreSQL LISTEN/NOTIFY (the store's `Bus`) can stand behind it for several instances. */
export interface ChangePublisher {
  publish(change: ChangeNotice): void;
}

// Enough for a reader that lost its connection for a few seconds on a busy desk; older readers reload.
const KEEP = 2000;

/**
 * The change feed of one process: numbers changes in publish order and keeps
 * the latest ones (at least `keep`) so a reconnecting reader can resume (`Last-Event-ID`).
 */
export class MemoryChangeFeed implements ChangeFeed, ChangePublisher {
  readonly #listeners = new Set<(change: DeskChange) => void>();
  readonly #held: DeskChange[] = [];
  #seq = 0;

  constructor(private readonly keep = KEEP) {}

  get seq(): number {
    return this.#seq;
  }

  publish(notice: ChangeNotice): void {
    const change: DeskChange = { seq: ++this.#seq, ...notice };
    this.#held.push(change);
    // Trimmed in steps of `keep`, not one change at a time: shifting the whole list on every commit was a measurable share of a turn.
    if (this.#held.length >= this.keep * 2) this.#held.splice(0, this.#held.length - this.keep);
    for (const listener of [...this.#listeners]) listener(change);
  }

  subscribe(listener: (change: DeskChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  since(seq: number): DeskChange[] | undefined {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.#seq) return undefined;
    if (seq === this.#seq) return [];
    const first = this.#held[0];
    // The reader missed changes that are no longer held.
    if (!first || first.seq > seq + 1) return undefined;
    return this.#held.slice(seq + 1 - first.seq);
  }
}

/** What a committed decision changed: its agents and contacts, and the queues of those contacts (their waiting lists may have moved). */
export function changeOfDecision(decision: Decision): ChangeNotice {
  const contacts = [...decision.changes.contacts];
  const queues = new Set(contacts.flatMap((id) => decision.state.contacts.get(id)?.queue ?? []));
  return { agents: [...decision.changes.agents], contacts, queues: [...queues] };
}
