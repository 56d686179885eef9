import type { AgentState } from './agent-state.js';
import type { ConsultTarget } from './consult-model.js';
import type { Effect } from './effects.js';
import type { ActivityKind } from './session-model.js';

/**
 * What the platform carries out for a support session (PLAT-1): its voice call
 * and who is in it (VC-1, VC-3), who may speak (VC-2), and the activities with
 * a customer (SUP-2, SUP-3). Every one changes live media, so each is
 * confirmed before the desk shows it (PLAT-2). `agentId` is the representative
 * who acted, absent when nobody did (the session ended by itself).
 */
export type SessionPlatformCommand =
  | { type: 'session.voice.start'; sessionId: string; agentId: string; speakers: string[] }
  | { type: 'session.voice.end'; sessionId: string; agentId?: string; reason: 'agent' | 'transfer' | 'sessionEnded' }
  | { type: 'session.voice.join'; sessionId: string; participantId: string; participantKind: 'rep' | 'customer' }
  | { type: 'session.voice.leave'; sessionId: string; participantId: string; participantKind: 'rep' | 'customer' }
  | { type: 'session.mic'; sessionId: string; agentId: string; speakers: string[] }
  | { type: 'session.activity.start'; sessionId: string; agentId: string; kind: ActivityKind; customerId: string }
  | {
      type: 'session.activity.stop';
      sessionId: string;
      agentId?: string;
      kind: ActivityKind;
      customerId: string;
      reason: 'agent' | 'switch' | 'control' | 'transfer' | 'left' | 'sessionEnded';
    };

/**
 * What the desk tells the contact-center platform to do (PLAT-1, PLAT-3): the
 * body of a signed command, without its id and time (the service adds those).
 * `agentId` is who acted, or whose state it is.
 */
export type PlatformCommand =
  // PLAT-2: changes to a live contact, confirmed before the desk shows them.
  | { type: 'contact.accept'; agentId: string; contactIds: string[] }
  | { type: 'contact.hold'; agentId: string; contactId: string }
  | { type: 'contact.resume'; agentId: string; contactId: string }
  | { type: 'contact.end'; agentId: string; contactId: string }
  | { type: 'callback.cancel'; agentId: string; contactId: string }
  | { type: 'recording.pause'; agentId: string; contactId: string; until: string }
  | { type: 'recording.resume'; agentId: string; contactId: string }
  | { type: 'consult.start'; agentId: string; contactId: string; target: ConsultTarget; offeredTo: string[] }
  | { type: 'consult.accept'; agentId: string; contactId: string }
  | { type: 'consult.decline'; agentId: string; contactId: string }
  | { type: 'consult.resume'; agentId: string; contactId: string; party: 'customer' | 'consulted' }
  | { type: 'consult.end'; agentId: string; contactId: string }
  | { type: 'consult.conference'; agentId: string; contactId: string }
  | { type: 'consult.transfer'; agentId: string; contactId: string; to: string }
  | { type: 'transfer.blind'; agentId: string; contactId: string; target: ConsultTarget }
  | { type: 'outdial.start'; agentId: string; number: string; phone: string; queue: string }
  // PLAT-3, PLAT-4: told afterwards, through the outbox, in order per agent and per contact.
  | { type: 'agent.state'; agentId: string; state: AgentState; code?: string; phone?: string }
  | { type: 'variables.save'; agentId: string; contactId: string; values: Array<{ name: string; value: string }> }
  | { type: 'wrapUp.submit'; agentId: string; contactId: string; code: string; outcome?: string }
  | { type: 'contact.route'; contactId: string; agentId: string; phone?: string }
  | { type: 'contact.requeue'; contactId: string; queue: string; reason: 'rona' | 'deviceFailed' | 'callbackNoAnswer' | 'transferNotTaken' | 'noAgent' }
  | { type: 'consult.cancel'; contactId: string; reason: 'noAnswer' | 'declined' }
  | SessionPlatformCommand;

/** Every command type, for documents and checks that must name them all. */
export const PLATFORM_COMMAND_TYPES = [
  'contact.accept',
  'contact.hold',
  'contact.resume',
  'contact.end',
  'callback.cancel',
  'recording.pause',
  'recording.resume',
  'consult.start',
  'consult.accept',
  'consult.decline',
  'consult.resume',
  'consult.end',
  'consult.conference',
  'consult.transfer',
  'transfer.blind',
  'outdial.start',
  'agent.state',
  'variables.save',
  'wrapUp.submit',
  'contact.route',
  'contact.requeue',
  'consult.cancel',
  'session.voice.start',
  'session.voice.end',
  'session.voice.join',
  'session.voice.leave',
  'session.mic',
  'session.activity.start',
  'session.activity.stop',
] as const satisfies ReadonlyArray<PlatformCommand['type']>;

/** A change to a live contact: the platform must say yes before the desk shows it (PLAT-2). */
export const confirm = (command: PlatformCommand): Effect => ({ type: 'platform', confirm: true, command });

/** A fact the platform is told afterwards, through the durable outbox (PLAT-3, PLAT-4). */
export const tell = (command: PlatformCommand): Effect => ({ type: 'platform', confirm: false, command });

/** The outbox stream a told command belongs to: in order per session, per contact, else per agent (PLAT-4). */
export function streamOf(command: PlatformCommand): { kind: 'session' | 'contact' | 'agent'; id: string } {
  if ('sessionId' in command) return { kind: 'session', id: command.sessionId };
  if ('contactId' in command) return { kind: 'contact', id: command.contactId };
  return { kind: 'agent', id: command.agentId };
}
