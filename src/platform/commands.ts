import { z } from 'zod';
import { AGENT_STATES } from '../engine/agent-state.js';
import type { PlatformCommand } from '../engine/platform-commands.js';
import { ACTIVITY_KINDS, MAX_SPEAKERS } from '../engine/session-model.js';

// Ids and texts as events in: bounded, trimmed by the desk before they are sent.
const id = z.string().min(1).max(128);
const target = z.object({ kind: z.enum(['agent', 'expert', 'queue', 'entryPoint', 'dialNumber']), id, name: z.string().max(256) });
const base = {
  id: z.string().min(1).max(128).describe('Unique per command; a retry of the same command carries the same id (dedupe on it)'),
  at: z.iso.datetime(),
};
const onContact = { ...base, agentId: id, contactId: id };
const onSession = { ...base, sessionId: id };
const activity = z.enum(ACTIVITY_KINDS);
const inVoice = { ...onSession, participantId: id, participantKind: z.enum(['rep', 'customer']) };

/**
 * The desk's commands to the platform (PLAT-1), as sent: `POST {PLATFORM_URL}/commands`,
 * signed like events in. One schema per type; the body is validated against
 * it before sending, and the OpenAPI document is generated from it.
 */
export const platformCommandSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('contact.accept'), agentId: id, contactIds: z.array(id).min(1).max(200) }),
  z.object({ ...onContact, type: z.literal('contact.hold') }),
  z.object({ ...onContact, type: z.literal('contact.resume') }),
  z.object({ ...onContact, type: z.literal('contact.end') }),
  z.object({ ...onContact, type: z.literal('callback.cancel') }),
  z.object({ ...onContact, type: z.literal('recording.pause'), until: z.iso.datetime() }),
  z.object({ ...onContact, type: z.literal('recording.resume') }),
  z.object({ ...onContact, type: z.literal('consult.start'), target, offeredTo: z.array(id).max(10_000) }),
  z.object({ ...onContact, type: z.literal('consult.accept') }),
  z.object({ ...onContact, type: z.literal('consult.decline') }),
  z.object({ ...onContact, type: z.literal('consult.resume'), party: z.enum(['customer', 'consulted']) }),
  z.object({ ...onContact, type: z.literal('consult.end') }),
  z.object({ ...onContact, type: z.literal('consult.conference') }),
  z.object({ ...onContact, type: z.literal('consult.transfer'), to: id }),
  z.object({ ...onContact, type: z.literal('transfer.blind'), target }),
  z.object({ ...base, type: z.literal('outdial.start'), agentId: id, number: z.string().min(3).max(40), phone: z.string().min(3).max(256), queue: id }),
  z.object({
    ...base,
    type: z.literal('agent.state'),
    agentId: id,
    state: z.enum(AGENT_STATES),
    code: z.string().max(64).optional(),
    phone: z.string().max(256).optional(),
  }),
  z.object({ ...onContact, type: z.literal('variables.save'), values: z.array(z.object({ name: z.string().max(64), value: z.string().max(256) })).max(50) }),
  z.object({ ...onContact, type: z.literal('wrapUp.submit'), code: z.string().max(64), outcome: z.string().max(64).optional() }),
  z.object({ ...base, type: z.literal('contact.route'), contactId: id, agentId: id, phone: z.string().max(256).optional() }),
  z.object({
    ...base,
    type: z.literal('contact.requeue'),
    contactId: id,
    queue: id,
    reason: z.enum(['rona', 'deviceFailed', 'callbackNoAnswer', 'transferNotTaken', 'noAgent']),
  }),
  z.object({ ...base, type: z.literal('consult.cancel'), contactId: id, reason: z.enum(['noAnswer', 'declined']) }),
  // Support sessions (VC-1..VC-3, SUP-2, SUP-3): the session's voice call, who is in it and may speak, its activities.
  z.object({ ...onSession, type: z.literal('session.voice.start'), agentId: id, speakers: z.array(id).max(MAX_SPEAKERS) }),
  z.object({ ...onSession, type: z.literal('session.voice.end'), agentId: id.optional(), reason: z.enum(['agent', 'transfer', 'sessionEnded']) }),
  z.object({ ...inVoice, type: z.literal('session.voice.join') }),
  z.object({ ...inVoice, type: z.literal('session.voice.leave') }),
  z
    .object({ ...onSession, type: z.literal('session.mic'), agentId: id, speakers: z.array(id).max(MAX_SPEAKERS) })
    .describe('Who may speak in the voice call from now on: at most two (VC-2); everyone else in the call is muted'),
  z.object({ ...onSession, type: z.literal('session.activity.start'), agentId: id, kind: activity, customerId: id }),
  z.object({
    ...onSession,
    type: z.literal('session.activity.stop'),
    agentId: id.optional(),
    kind: activity,
    customerId: id,
    reason: z.enum(['agent', 'switch', 'control', 'transfer', 'left', 'sessionEnded']),
  }),
]);

/** A command as sent: the engine's command with its id and time. */
export type WireCommand = z.infer<typeof platformCommandSchema>;

/** A wire command without its id and time, type by type. */
type Body<T> = T extends unknown ? Omit<T, 'id' | 'at'> : never;

/** The engine's commands are exactly the wire's bodies: these fail to compile if the two drift apart. */
export const toWire = (command: PlatformCommand, id: string, at: string): WireCommand => ({ ...command, id, at }) as WireCommand;
const _engineIsWire: (c: PlatformCommand) => Body<WireCommand> = (c) => c;
const _wireIsEngine: (c: Body<WireCommand>) => PlatformCommand = (c) => c;
void _engineIsWire;
void _wireIsEngine;

/**
 * Told commands (PLAT-3, PLAT-4) that leave together go in one request to this
 * path, under `{ "commands": [...] }`, when the platform serves it (optional:
 * a platform that answers it 404, 405 or 501 gets them one by one). The answer
 * is `200 { "results": [...] }`, one `{ status, body }` per command in the
 * same order, each what `POST /commands` would have answered that command alone.
 */
export const COMMAND_BATCH_PATH = '/commands/batch';
/** The most commands in one batch. */
export const MAX_BATCH = 100;

/** A batch's answer: for each command, in the order sent, the status and body `POST /commands` would have answered it alone. */
export const commandBatchAnswerSchema = z.object({ results: z.array(z.object({ status: z.number().int().min(100).max(599), body: z.unknown() })) });

/** The platform's refusal body: the same error shape as the desk's own answers. */
export const refusalSchema = z.object({ error: z.object({ code: z.string().max(128), message: z.string().max(1000) }) });
