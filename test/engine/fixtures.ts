import type { Command } from '../../src/engine/commands.js';
import { createDecide } from '../../src/engine/decide.js';
import type { Agent, Contact, DeskPolicy, DeskState } from '../../src/engine/model.js';
import { emptyState } from '../../src/engine/model.js';

/** A policy like the shipped default: Idle needs a code, everyone handles voice except `chat-only`. */
export const policy: DeskPolicy = {
  idleCodeIds: ['lunch', 'meeting', 'training'],
  codeRequiredStates: ['Idle'],
  channelsOf: (id) => (id === 'chat-only' ? ['chat', 'email'] : ['voice', 'chat', 'email', 'social']),
  queueChannels: { billing: ['voice', 'chat', 'email'], tech: ['voice', 'chat', 'email', 'social'] },
  entryPoints: { 'ep-billing': { dn: '+4570101010', queue: 'billing', name: 'Billing hotline' } },
  wrapUpCodeIds: ['resolved', 'follow-up'],
  outcomeCodeIds: [],
  afterWrapUpState: 'Available',
  ronaSeconds: 15,
  consultSeconds: 30,
  privacyShieldSeconds: 60,
  recordingEnabled: true,
  maxConcurrentCalls: 3,
  maxDigitalPerAgent: 10,
  variableTypes: { followUpDate: 'date' },
};

/** 09:00 on a working day, and a few minutes later. */
export const T0 = new Date('2026-11-20T09:00:00.000Z');
export const T1 = new Date('2026-11-20T09:05:00.000Z');

/** An agent with a phone, in the given state since T0. */
export function agent(state: Agent['state'], extra: Partial<Agent> = {}): Agent {
  return { id: 'a1', name: 'Åsa Lind', state, stateSince: T0.toISOString(), phone: '+4512345678', ...extra };
}

/** A state holding these agents, each Available one listed in the roster since T0. */
export function stateWith(agents: Agent[], contacts: Contact[] = []): DeskState {
  const base = emptyState();
  const available = Object.fromEntries(
    agents.filter((a) => a.state === 'Available').map((a) => [a.id, { since: a.stateSince, channels: [...policy.channelsOf(a.id)], voice: 0, digital: 0 }]),
  );
  return {
    ...base,
    agents: Object.fromEntries(agents.map((a) => [a.id, a])),
    contacts: Object.fromEntries(contacts.map((c) => [c.id, c])),
    roster: { available, calls: [] },
  };
}

/**
 * Runs commands in order like the service does (each on the state the last one
 * left), failing loudly on a refusal; returns the final state and every effect.
 */
export function run(state: DeskState, commands: Array<[Command, Date]>, decide = createDecide(policy)) {
  let current = state;
  const effects = [];
  for (const [cmd, at] of commands) {
    const result = decide(current, cmd, at);
    if (!result.ok) throw new Error(`${cmd.type} refused: ${result.error.code}`);
    current = result.value.state;
    effects.push(...result.value.effects);
  }
  return { state: current, effects };
}
