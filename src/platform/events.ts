import { z } from 'zod';
import { CHANNELS } from '../engine/agent-state.js';
import { CONTACT_KINDS } from '../engine/contact-kinds.js';

export { CONTACT_KINDS };

// Limits keep one event small; the platform never needs more. NUL is refused in every
// text (no store can keep it), and ids carry no control characters at all.
const noNul = (value: string) => !value.includes('\u0000');
const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, 'must not contain NUL characters');
const hasControl = (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const id = text(128).refine((value) => !hasControl(value), 'must not contain control characters');

/** A call-associated variable as the platform sends it (CAD-1: values at most 256 characters). */
export const variableSchema = z.object({
  name: text(64),
  label: text(80),
  value: z.string().max(256).refine(noNul, 'must not contain NUL characters'),
  secure: z.boolean().default(false),
  editable: z.boolean().default(false),
});

/** The contact of a `contact.offered` event. */
export const offeredContactSchema = z.object({
  id,
  channel: z.enum(CHANNELS),
  kind: z.enum(CONTACT_KINDS),
  queue: id,
  from: text(256),
  dnis: z.string().trim().max(64).refine(noNul, 'must not contain NUL characters').default(''),
  variables: z.array(variableSchema).max(50).default([]),
  /** Set when the platform chose the agent (their Entra object id); the built-in router picks otherwise. */
  agentId: id.optional(),
});

/** The platform API's events (SPEC 10); every event has a unique id for idempotency. */
export const platformEventSchema = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('contact.offered'), contact: offeredContactSchema }),
  z.object({ id, type: z.literal('contact.answered'), contactId: id }),
  z.object({ id, type: z.literal('contact.ended'), contactId: id, by: z.enum(['customer', 'agent', 'system']) }),
  z.object({ id, type: z.literal('contact.noAnswer'), contactId: id }),
  z.object({ id, type: z.literal('agent.deviceFailed'), agentId: id }),
  z.object({ id, type: z.literal('consult.answered'), contactId: id }),
  // ST-8: every agent is told; `message` (at most 2,000 characters) is shown with the notice.
  z.object({
    id,
    type: z.literal('platform.switch'),
    at: z.iso.datetime({ offset: true }),
    message: z.string().max(2000).refine(noNul, 'must not contain NUL characters').default(''),
  }),
]);

/** One platform event, validated. */
export type PlatformEvent = z.infer<typeof platformEventSchema>;

/** A contact as offered by the platform. */
export type OfferedContact = z.infer<typeof offeredContactSchema>;

/** What applying an event did: accepted, a replay of an accepted id, or refused because it does not fit the state. */
export type ApplyOutcome = { outcome: 'accepted' } | { outcome: 'duplicate' } | { outcome: 'conflict'; code: string; reason: string };

/** Where validated, authenticated events go (the desk service implements it). */
export interface PlatformSink {
  apply(event: PlatformEvent): Promise<ApplyOutcome>;
}
