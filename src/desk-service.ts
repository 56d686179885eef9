import type { Command } from './engine/commands.js';
import type { Decide, Decision } from './engine/decide.js';
import type { DeskError } from './engine/errors.js';
import { emptyState, type Agent, type Contact, type DeskPolicy, type DeskState, type QueueState, type Roster } from './engine/model.js';
import { needsOf, type Needs } from './engine/needs.js';
import type { Result } from './engine/result.js';
import type { Timer } from './engine/timers.js';
import type { ApplyOutcome, PlatformEvent, PlatformSink } from './platform/events.js';
import type { StorePort } from './store/store-port.js';
import { transact, type NeedMore, type Plan } from './store/transact.js';

/** Store keys of the desk's records. */
export const keys = {
  agent: (id: string) => `agent/${id}`,
  contact: (id: string) => `contact/${id}`,
  queue: (id: string) => `queue/${id}`,
  event: (id: string) => `event/${id}`,
  roster: 'roster',
  timers: 'timers',
} as const;

/** What a committed decision was decided on: `timersLoaded` says whether `state.timers` is the full set. */
export interface CommitContext {
  timersLoaded: boolean;
}

/** Called after every committed decision, in commit order: effects and timers run from here. */
export type CommitListener = (decision: Decision, context: CommitContext) => void | Promise<void>;

// Routing after a change offers one waiting contact per round; a bound keeps one turn from running away.
const MAX_ROUTING_ROUNDS = 100;

/**
 * Runs engine commands against the store (STYLE 2): load the records a command
 * needs, decide, save what changed at the versions loaded (retrying on
 * conflict), then tell listeners. The clock is injected so the engine never reads it.
 */
export class DeskService implements PlatformSink {
  private readonly listeners: CommitListener[] = [];

  constructor(
    private readonly store: StorePort,
    private readonly decide: Decide,
    private readonly policy: DeskPolicy,
    private readonly clock: () => Date,
  ) {}

  /** Registers a listener for committed decisions. */
  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Decides and saves one command, then routes waiting contacts if the change freed an agent; a refusal writes nothing. */
  async execute(cmd: Command): Promise<Result<Decision, DeskError>> {
    const result = (await this.commit(cmd)) as Result<Decision, DeskError>;
    if (result.ok && result.value.effects.some((e) => e.type === 'routeWaiting')) await this.routeWaiting();
    return result;
  }

  /** Applies one platform event exactly once (SPEC 10): a replayed id changes nothing. */
  async apply(event: PlatformEvent): Promise<ApplyOutcome> {
    const result = await this.commit(commandOf(event), event.id);
    if (result === 'duplicate') return { outcome: 'duplicate' };
    if (!result.ok) return { outcome: 'conflict', code: result.error.code, reason: reasonOf(result.error) };
    if (result.value.effects.some((e) => e.type === 'routeWaiting')) await this.routeWaiting();
    return { outcome: 'accepted' };
  }

  /** Offers waiting contacts to free agents until none can be placed. */
  async routeWaiting(): Promise<void> {
    for (let round = 0; round < MAX_ROUTING_ROUNDS; round++) {
      const result = (await this.commit({ type: 'route.next' })) as Result<Decision, DeskError>;
      if (!result.ok || !result.value.effects.some((e) => e.type === 'showRequests')) return;
    }
  }

  /** The agent as stored, or undefined when the desk has not seen them. */
  async agent(agentId: string): Promise<Agent | undefined> {
    return (await this.store.read([keys.agent(agentId)])).get(keys.agent(agentId))?.value as Agent | undefined;
  }

  /** Contacts by id, in the order asked; missing ones are left out. */
  async contacts(ids: readonly string[]): Promise<Contact[]> {
    const records = await this.store.read(ids.map(keys.contact));
    return ids.flatMap((id) => {
      const record = records.get(keys.contact(id));
      return record ? [record.value as Contact] : [];
    });
  }

  /** The router's roster: who is Available, and every agent's name and state (CON-1 lists). */
  async roster(): Promise<Roster> {
    return ((await this.store.read([keys.roster])).get(keys.roster)?.value as Roster | undefined) ?? { available: {}, calls: [] };
  }

  /** Every pending deadline, for rescheduling after a restart. */
  async timers(): Promise<Record<string, Timer>> {
    return ((await this.store.read([keys.timers])).get(keys.timers)?.value as Record<string, Timer> | undefined) ?? {};
  }

  private async commit(cmd: Command, eventId?: string): Promise<Result<Decision, DeskError> | 'duplicate'> {
    // What the command needs before anything is read is known already: read it in the first round, not the second.
    const base = [...(eventId ? [keys.event(eventId)] : []), ...keysOf(needsOf(cmd, emptyState(), this.policy))];
    let timersLoaded = false;
    const outcome = await transact(this.store, base, (current, asked) => {
      timersLoaded = asked.has(keys.timers);
      return this.plan(cmd, current, asked, eventId);
    });
    if (outcome !== 'duplicate' && outcome.ok) {
      for (const listener of this.listeners) await listener(outcome.value, { timersLoaded });
    }
    return outcome;
  }

  private plan(
    cmd: Command,
    current: ReadonlyMap<string, unknown>,
    asked: ReadonlySet<string>,
    eventId?: string,
  ): Plan<Result<Decision, DeskError> | 'duplicate'> | NeedMore {
    if (eventId && current.has(keys.event(eventId))) return { writes: new Map(), result: 'duplicate' };
    const state = stateOf(current);
    const missing = keysOf(needsOf(cmd, state, this.policy)).filter((key) => !asked.has(key));
    if (missing.length > 0) return { more: missing };

    const result = this.decide(state, cmd, this.clock());
    const writes = new Map<string, unknown>();
    if (result.ok) {
      diff(writes, state.agents, result.value.state.agents, keys.agent);
      diff(writes, state.contacts, result.value.state.contacts, keys.contact);
      diff(writes, state.queues, result.value.state.queues, keys.queue);
      for (const [key, changed] of [
        [keys.roster, result.value.state.roster !== state.roster],
        [keys.timers, result.value.state.timers !== state.timers],
      ] as const) {
        // A shared record the command did not load must never be overwritten with a blank one.
        if (changed && !asked.has(key)) throw new Error(`${cmd.type} changed ${key} without loading it`);
      }
      if (result.value.state.roster !== state.roster) writes.set(keys.roster, result.value.state.roster);
      if (result.value.state.timers !== state.timers) writes.set(keys.timers, result.value.state.timers);
      if (eventId) writes.set(keys.event(eventId), { type: cmd.type, at: this.clock().toISOString() });
    }
    return { writes, result };
  }
}

/** The store keys of what a command needs. */
function keysOf(needs: Needs): string[] {
  return [
    ...(needs.roster ? [keys.roster] : []),
    ...(needs.timers ? [keys.timers] : []),
    ...needs.agents.map(keys.agent),
    ...needs.contacts.map(keys.contact),
    ...needs.queues.map(keys.queue),
  ];
}

/** Builds the engine's state from loaded records. */
function stateOf(current: ReadonlyMap<string, unknown>): DeskState {
  const agents: Record<string, Agent> = {};
  const contacts: Record<string, Contact> = {};
  const queues: Record<string, QueueState> = {};
  for (const [key, value] of current) {
    if (key.startsWith('agent/')) agents[key.slice(6)] = value as Agent;
    else if (key.startsWith('contact/')) contacts[key.slice(8)] = value as Contact;
    else if (key.startsWith('queue/')) queues[key.slice(6)] = value as QueueState;
  }
  return {
    agents,
    contacts,
    queues,
    roster: (current.get(keys.roster) as Roster | undefined) ?? { available: {}, calls: [] },
    timers: (current.get(keys.timers) as Record<string, Timer> | undefined) ?? {},
  };
}

function diff<T>(writes: Map<string, unknown>, before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>, key: (id: string) => string): void {
  for (const [id, value] of Object.entries(after)) if (value !== before[id]) writes.set(key(id), value);
}

/** The engine command for a platform event. */
function commandOf(event: PlatformEvent): Command {
  switch (event.type) {
    case 'contact.offered': {
      const { agentId, ...contact } = event.contact;
      return { type: 'contact.offered', contact: { ...contact, ...(agentId ? { agentId } : {}) } };
    }
    case 'contact.answered':
      return { type: 'contact.answered', contactId: event.contactId };
    case 'contact.ended':
      return { type: 'contact.ended', contactId: event.contactId, by: event.by };
    case 'contact.noAnswer':
      return { type: 'contact.noAnswer', contactId: event.contactId };
    case 'agent.deviceFailed':
      return { type: 'agent.deviceFailed', agentId: event.agentId };
    case 'consult.answered':
      return { type: 'consult.answered', contactId: event.contactId };
  }
}

/** An English reason for the platform (an API client, not a person in Teams). */
function reasonOf(error: DeskError): string {
  const details = error.details
    ? ` (${Object.entries(error.details)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`
    : '';
  return `${error.code}${details}`;
}
