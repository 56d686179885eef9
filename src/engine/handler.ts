import type { Command } from './commands.js';
import type { Draft } from './draft.js';
import type { DeskError } from './errors.js';
import type { Agent, DeskPolicy } from './model.js';
import type { Reads, Seen } from './reads.js';
import type { Result } from './result.js';

/**
 * Everything about one command in one place (STYLE 11): what it needs to read,
 * given what was read so far, and what it decides. For commands a person
 * issues, the person's own agent record is always read and `me` is it.
 */
export interface Handler<C extends Command> {
  reads(cmd: C, seen: Seen, policy: DeskPolicy): Reads;
  decide(d: Draft, cmd: C, policy: DeskPolicy, me: Agent): Result<void, DeskError>;
}

/** The handler of one command type. */
export type HandlerFor<K extends Command['type']> = Handler<Extract<Command, { type: K }>>;

/** The one dispatch table: a handler per command type. */
export type Handlers = { [K in Command['type']]: Handler<Extract<Command, { type: K }>> };

/** Declares nothing beyond the person's own record. */
export const ownRecordOnly = (): Reads => ({});
