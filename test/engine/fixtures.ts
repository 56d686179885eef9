import type { Channel } from '../../src/engine/agent-state.js';
import type { Command } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import { compareReady, compareWaiting, isCallInProgress, readyByChannel, waitingEntryOf } from '../../src/engine/indexes.js';
import type { Agent, Contact, DeskPolicy, DeskState, ReadyEntry, WaitingEntry } from '../../src/engine/model.js';
import { timersOf, type Timer } from '../../src/engine/timers.js';

/** A policy like the shipped default: Idle needs a code, everyone handles voice except `chat-only`. */
export const policy: DeskPolicy = {
  idleCodeIds: ['lunch', 'meeting', 'training'],
  codeRequiredStates: ['Idle'],
  channelsOf: (id) => (id === 'chat-only' ? ['chat', 'email'] : ['voice', 'chat', 'email', 'social']),
  queueChannels: new Map([
    ['billing', ['voice', 'chat', 'email']],
    ['tech', ['voice', 'chat', 'email', 'social']],
  ]),
  entryPoints: new Map([['ep-billing', { dn: '+4570101010', queue: 'billing', name: 'Billing hotline' }]]),
  wrapUpCodeIds: ['resolved', 'follow-up'],
  outcomeCodeIds: [],
  afterWrapUpState: 'Available',
  ronaSeconds: 15,
  consultSeconds: 30,
  privacyShieldSeconds: 60,
  recordingEnabled: true,
  maxConcurrentCalls: 3,
  maxDigitalPerAgent: 10,
  variableTypes: new Map([['followUpDate', 'date']]),
  teams: [
    { id: 'support', channels: ['voice', 'chat', 'email', 'social'], members: ['a1', 'a2'], leads: ['lead1'] },
    { id: 'sales', channels: ['email'], members: ['a3'], leads: ['lead2'] },
    { id: 'general', channels: ['chat'], members: [], leads: ['lead2'] },
  ],
  defaultTeam: 'general',
  logoutGraceSeconds: 600,
};

/** 09:00 on a working day, and a few minutes later. */
export const T0 = new Date('2026-11-20T09:00:00.000Z');
export const T1 = new Date('2026-11-20T09:05:00.000Z');

/** An agent with a phone, in the given state since T0; an Available one is routable since then. */
export function agent(state: Agent['state'], extra: Partial<Agent> = {}): Agent {
  const base: Agent = { id: 'a1', name: 'Åsa Lind', state, stateSince: T0.toISOString(), phone: '+4512345678', ...extra };
  if (state === 'Available' && !base.routing) base.routing = { since: base.stateSince, channels: [...policy.channelsOf(base.id)], voice: 0, digital: 0 };
  return base;
}

/**
 * The whole desk as a state: every record, and the index views the store
 * would keep from them (routable agents per channel, waiting contacts per
 * queue, calls in progress). The engine may only touch what a command declares.
 */
export function indexed(agents: Iterable<Agent>, contacts: Iterable<Contact>): DeskState {
  const agentMap = new Map([...agents].map((a) => [a.id, a]));
  const contactMap = new Map([...contacts].map((c) => [c.id, c]));
  const ready = new Map<Channel, ReadyEntry[]>();
  for (const a of agentMap.values()) {
    for (const [channel, entry] of readyByChannel(a, policy.maxDigitalPerAgent)) ready.set(channel, [...(ready.get(channel) ?? []), entry]);
  }
  for (const entries of ready.values()) entries.sort(compareReady);
  const waiting = new Map<string, WaitingEntry[]>();
  for (const c of contactMap.values()) {
    const entry = waitingEntryOf(c);
    if (entry) waiting.set(entry.queue, [...(waiting.get(entry.queue) ?? []), entry]);
  }
  for (const entries of waiting.values()) entries.sort(compareWaiting);
  const calls = [...contactMap.values()].filter(isCallInProgress).map((c) => c.id);
  return { agents: agentMap, contacts: contactMap, ready, waiting, calls };
}

/** A state holding these agents and contacts. */
export function stateWith(agents: Agent[], contacts: Contact[] = []): DeskState {
  return indexed(agents, contacts);
}

/** Ids of the contacts waiting in a queue, oldest first. */
export const waitingIds = (state: DeskState, queue: string): string[] => (state.waiting.get(queue) ?? []).map((e) => e.contactId);

/** Ids of the agents routable for a channel, in routing order. */
export const routableIds = (state: DeskState, channel: Channel = 'chat'): string[] => (state.ready.get(channel) ?? []).map((e) => e.agentId);

/** Every pending deadline, by id. */
export function timersIn(state: DeskState): Map<string, Timer> {
  return new Map([...state.contacts.values()].flatMap(timersOf).map((t) => [`${t.kind}:${t.contactId}`, t]));
}

/**
 * Runs commands in order like the service does (each on the state the last one
 * left, with the store's indexes brought up to date), failing loudly on a
 * refusal; returns the final state and every effect.
 */
export function run(state: DeskState, commands: Array<[Command, Date]>, decide = createDecide(policy)) {
  let current = state;
  const effects = [];
  for (const [cmd, at] of commands) {
    const result = decide(current, cmd, at);
    if (!result.ok) throw new Error(`${cmd.type} refused: ${result.error.code}`);
    current = indexed(result.value.state.agents.values(), result.value.state.contacts.values());
    effects.push(...result.value.effects);
  }
  return { state: current, effects };
}
