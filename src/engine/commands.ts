import type { Actor } from './model.js';

/** An agent's first contact with the desk, or a name change (install, any turn). */
export interface RegisterAgent {
  type: 'agent.register';
  actor: Actor;
}

/** The agent chooses a state on the status card (ST-1, ST-4, ST-5, ST-6). */
export interface SetStatus {
  type: 'status.set';
  actor: Actor;
  state: string;
  code?: string;
}

/** The agent registers the phone that rings for voice (ST-5). */
export interface SetPhone {
  type: 'phone.set';
  actor: Actor;
  phone: string;
}

/** Everything the engine decides on. */
export type Command = RegisterAgent | SetStatus | SetPhone;

/** Agent ids a command needs loaded before deciding. */
export function agentKeysOf(cmd: Command): string[] {
  return [cmd.actor.id];
}
