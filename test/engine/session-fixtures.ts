import type { Command } from '../../src/engine/commands.js';
import { createDecide, type Decision } from '../../src/engine/decide.js';
import type { Effect } from '../../src/engine/effects.js';
import type { Actor, DeskPolicy, DeskState } from '../../src/engine/model.js';
import type { PlatformCommand } from '../../src/engine/platform-commands.js';
import type { SupportSession } from '../../src/engine/session-model.js';
import { agent, indexed, policy, T0 } from './fixtures.js';

/** The shipped policy with room for two customers per session and a 5-minute idle time. */
export const sessionPolicy: DeskPolicy = { ...policy, support: { maxCustomers: 2, idleSeconds: 300 } };

/** People of the session tests: a CSR, two colleagues who may help, and two customers. */
export const csr: Actor = { id: 'csr', name: 'Lars Nygaard' };
export const helper: Actor = { id: 'helper', name: 'Kjersti Dahl' };
export const other: Actor = { id: 'other', name: 'Bo Ek' };
export const SESSION = 's-1';
export const NUMBER = '482913077';

/** Seconds after T0. */
export const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

/** A desk where the CSR and colleagues are Available (they can receive a transfer). */
export function desk(): DeskState {
  return indexed(
    [
      agent('Available', { id: csr.id, name: csr.name }),
      agent('Available', { id: helper.id, name: helper.name }),
      agent('Idle', { id: other.id, name: other.name, code: 'lunch' }),
    ],
    [],
  );
}

/** One command's outcome on a state: 'ok' and the decision, or the refusal's code and details. */
export function attempt(
  state: DeskState,
  cmd: Command,
  time = at(100),
  p = sessionPolicy,
): { code: string; decision?: Decision; details?: Record<string, string | number> } {
  const result = createDecide(p)(state, cmd, time);
  if (result.ok) return { code: 'ok', decision: result.value };
  return result.error.details ? { code: result.error.code, details: result.error.details } : { code: result.error.code };
}

/** Runs commands in order as the service does (indexes brought up to date, sessions kept), failing on a refusal. */
export function play(state: DeskState, commands: Array<[Command, Date]>, p = sessionPolicy): { state: DeskState; effects: Effect[] } {
  let current = state;
  const effects: Effect[] = [];
  for (const [cmd, time] of commands) {
    const result = createDecide(p)(current, cmd, time);
    if (!result.ok) throw new Error(`${cmd.type} refused: ${result.error.code}`);
    const next = indexed(result.value.state.agents.values(), result.value.state.contacts.values());
    current = { ...next, sessions: result.value.state.sessions ?? new Map(), sessionNumbers: result.value.state.sessionNumbers ?? new Map() };
    effects.push(...result.value.effects);
  }
  return { state: current, effects };
}

/** The session of a state. */
export const sessionIn = (state: DeskState, id = SESSION): SupportSession => {
  const session = state.sessions?.get(id);
  if (!session) throw new Error(`no session ${id}`);
  return session;
};

/** The platform commands among effects, and whether each waits for the platform's answer. */
export const platformOf = (effects: readonly Effect[]): Array<PlatformCommand & { confirm: boolean }> =>
  effects.flatMap((e) => (e.type === 'platform' ? [{ ...e.command, confirm: e.confirm }] : []));

/** Commands of the session tests. */
export const start = (actor = csr, number = NUMBER, sessionId = SESSION): Command => ({
  type: 'session.start',
  actor,
  sessionId,
  number,
  token: `tok-${sessionId}`,
});
export const customerJoin = (id: string, name: string, number = NUMBER): Command => ({
  type: 'session.customerJoin',
  number,
  customer: { id, name, keyHash: `hash-${id}` },
});
export const onS = <T extends Command['type']>(type: T, actor: Actor, extra: Record<string, unknown> = {}): Command =>
  ({ type, actor, sessionId: SESSION, ...extra }) as unknown as Command;

/** A session started by the CSR, with a helper and one customer (Mette) in it, at 20 s. */
export function running(): DeskState {
  return play(desk(), [
    [start(), at(1)],
    [{ type: 'session.join', actor: helper, number: NUMBER }, at(5)],
    [customerJoin('cust-mette', 'Mette Nielsen'), at(10)],
  ]).state;
}
