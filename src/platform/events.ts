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
  z.object({ id, type: z.literal('contact.offered'), contact: offeredContactSchema }).describe('A new contact waits in a queue (or for the agent named).'),
  z
    .object({ id, type: z.literal('contact.answered'), contactId: id })
    .describe("The customer is connected (for voice, the agent's phone answered; for an outdial, the customer answered)."),
  z
    .object({ id, type: z.literal('contact.ended'), contactId: id, by: z.enum(['customer', 'agent', 'system']) })
    .describe('The contact ended (an outdial nobody answered ends too).'),
  z.object({ id, type: z.literal('contact.noAnswer'), contactId: id }).describe('The customer did not answer a callback: it goes back to its queue.'),
  z.object({ id, type: z.literal('agent.deviceFailed'), agentId: id }).describe("The agent's phone or softphone cannot take contacts."),
  z.object({ id, type: z.literal('consult.answered'), contactId: id }).describe('A dialled consult number answered.'),
  // PLAT-2: outcomes that come after the desk let go, and changes the platform made on its own.
  z
    .object({ id, type: z.literal('consult.failed'), contactId: id, reason: z.enum(['declined', 'noAnswer']) })
    .describe('The consulted party (a dialled number, or anyone asked) declined or did not answer: the requester is told.'),
  z
    .object({ id, type: z.literal('transfer.failed'), contactId: id })
    .describe(
      'A transfer did not land after the desk let go (a dialled number that did not answer, a receiver that never took it): the call is back in its queue and the sender is told.',
    ),
  z
    .object({
      id,
      type: z.literal('recording.changed'),
      contactId: id,
      state: z.enum(['on', 'paused', 'off']),
      until: z.iso.datetime().optional().describe('When a pause ends by itself; default: the Privacy Shield time'),
    })
    .describe("The platform changed the call's recording."),
  z.object({ id, type: z.literal('contact.held'), contactId: id }).describe('The platform put the customer on hold (for example from the desk phone).'),
  z.object({ id, type: z.literal('contact.resumed'), contactId: id }).describe('The platform took the customer off hold.'),
  z.object({ id, type: z.literal('conference.joined'), contactId: id }).describe('The consulted party joined a three-way call with the customer.'),
  // ST-8: every agent is told; `message` (at most 2,000 characters) is shown with the notice.
  z
    .object({
      id,
      type: z.literal('platform.switch'),
      at: z.iso.datetime({ offset: true }),
      message: z.string().max(2000).refine(noNul, 'must not contain NUL characters').default(''),
    })
    .describe('The contact center moves to another platform at `at`: every agent is told, and logged out at that time.'),
]);

/** Every event type, for documents and checks that must name them all. */
export const PLATFORM_EVENT_TYPES = platformEventSchema.options.map((option) => option.shape.type.value);

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
