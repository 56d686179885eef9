import { z } from 'zod';

/** Every Action.Execute verb our cards carry (STYLE 4: one table, no string splitting). */
export const VERBS = ['status.show', 'status.refresh', 'status.set', 'phone.set', 'help.show'] as const;

/** A card verb. */
export type Verb = (typeof VERBS)[number];

const short = (max: number) => z.string().max(max);

/** The data each verb needs; inputs of the card arrive merged into `data`. */
export const VERB_DATA = {
  'status.show': z.object({}).passthrough(),
  'status.refresh': z.object({}).passthrough(),
  'help.show': z.object({}).passthrough(),
  'status.set': z.object({ state: short(40).min(1), code: short(64).optional() }).passthrough(),
  'phone.set': z.object({ phone: short(256) }).passthrough(),
} satisfies Record<Verb, z.ZodType>;

/** A card action that passed validation. */
export type CardAction = { [V in Verb]: { verb: V; data: z.infer<(typeof VERB_DATA)[V]> } }[Verb];

/** Why an invoke was refused before reaching the engine. */
export type ActionProblem = 'unknownVerb' | 'invalidData';

/** Validates the value of an `adaptiveCard/action` invoke, which arrives from any client. */
export function parseCardAction(value: unknown): CardAction | ActionProblem {
  if (value === null || typeof value !== 'object') return 'invalidData';
  const action = (value as { action?: unknown }).action;
  if (action === null || typeof action !== 'object') return 'invalidData';
  const { type, verb, data } = action as { type?: unknown; verb?: unknown; data?: unknown };
  if (type !== 'Action.Execute' || typeof verb !== 'string') return 'invalidData';
  if (!(VERBS as readonly string[]).includes(verb)) return 'unknownVerb';
  const parsed = VERB_DATA[verb as Verb].safeParse(data ?? {});
  if (!parsed.success) return 'invalidData';
  return { verb, data: parsed.data } as CardAction;
}
