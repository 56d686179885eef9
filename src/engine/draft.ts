import type { Effect } from './effects.js';
import type { Agent, Contact, DeskState, QueueState, Roster } from './model.js';
import type { Timer } from './timers.js';

/**
 * A copy-on-write view of DeskState for one decision: handlers read and
 * replace whole records; `done()` returns the next state, in which every
 * untouched record keeps its identity (the service writes only what changed).
 */
export class Draft {
  readonly effects: Effect[] = [];
  private readonly agents: Record<string, Agent>;
  private readonly contacts: Record<string, Contact>;
  private readonly queues: Record<string, QueueState>;
  private rosterValue: Roster;
  private timersValue: Record<string, Timer>;

  constructor(
    base: DeskState,
    readonly now: Date,
  ) {
    this.agents = { ...base.agents };
    this.contacts = { ...base.contacts };
    this.queues = { ...base.queues };
    this.rosterValue = base.roster;
    this.timersValue = base.timers as Record<string, Timer>;
  }

  /** The current time as ISO 8601. */
  get iso(): string {
    return this.now.toISOString();
  }

  agent(id: string): Agent | undefined {
    return this.agents[id];
  }
  setAgent(agent: Agent): void {
    this.agents[agent.id] = agent;
  }
  contact(id: string): Contact | undefined {
    return this.contacts[id];
  }
  setContact(contact: Contact): void {
    this.contacts[contact.id] = contact;
  }
  queue(id: string): QueueState {
    return this.queues[id] ?? { id, waiting: [] };
  }
  setQueue(queue: QueueState): void {
    this.queues[queue.id] = queue;
  }
  /** Ids of every loaded queue. */
  queueIds(): string[] {
    return Object.keys(this.queues);
  }
  get roster(): Roster {
    return this.rosterValue;
  }
  setRoster(roster: Roster): void {
    this.rosterValue = roster;
  }
  setTimer(id: string, timer: Timer): void {
    this.timersValue = { ...this.timersValue, [id]: timer };
  }
  clearTimer(id: string): void {
    if (!(id in this.timersValue)) return;
    const { [id]: _removed, ...rest } = this.timersValue;
    this.timersValue = rest;
  }
  timer(id: string): Timer | undefined {
    return this.timersValue[id];
  }
  emit(...effects: Effect[]): void {
    this.effects.push(...effects);
  }

  /** The decided state. */
  done(): DeskState {
    return { agents: this.agents, contacts: this.contacts, queues: this.queues, roster: this.rosterValue, timers: this.timersValue };
  }
}
