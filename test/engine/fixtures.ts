import type { Agent, DeskPolicy } from '../../src/engine/model.js';

/** A policy like the shipped default: Idle needs a code, everyone handles voice except `chat-only`. */
export const policy: DeskPolicy = {
  idleCodeIds: ['lunch', 'meeting', 'training'],
  codeRequiredStates: ['Idle'],
  channelsOf: (id) => (id === 'chat-only' ? ['chat', 'email'] : ['voice', 'chat', 'email', 'social']),
};

/** 09:00 on a working day, and a few minutes later. */
export const T0 = new Date('2026-11-20T09:00:00.000Z');
export const T1 = new Date('2026-11-20T09:05:00.000Z');

/** An agent with a phone, in the given state since T0. */
export function agent(state: Agent['state'], extra: Partial<Agent> = {}): Agent {
  return { id: 'a1', name: 'Åsa Lind', state, stateSince: T0.toISOString(), phone: '+4512345678', ...extra };
}
