import type { Command } from './commands.js';
import {
  acceptConsult,
  conference,
  consultAnswered,
  declineConsult,
  endConsult,
  resumeCustomer,
  resumeParty,
  startConsult,
  transferToParty,
} from './consult-handlers.js';
import {
  acceptContacts,
  cancelCallback,
  endByAgent,
  holdContact,
  pauseRecording,
  resumeContact,
  resumeRecordingByAgent,
  submitWrapUp,
} from './contact-handlers.js';
import { Draft, type Changes } from './draft.js';
import { heldLast } from './indexes.js';
import type { Effect } from './effects.js';
import type { DeskError } from './errors.js';
import type { Handler, Handlers } from './handler.js';
import type { Actor, Agent, DeskPolicy, DeskState } from './model.js';
import { newAgent } from './presence.js';
import { mergeReads, type Reads, type Seen } from './reads.js';
import { ok, type Result } from './result.js';
import { contactOffered, routeNext } from './routing.js';
import { registerAgent, setPhone, setStatus } from './status-handlers.js';
import { callbackNotAnswered, contactAnswered, contactEnded, deviceFailed, timerFired } from './system-handlers.js';
import { startOutdial } from './outdial.js';
import { conferenceJoined, consultFailed, holdChanged, recordingChanged, transferFailed } from './platform-events.js';
import { blindTransfer } from './transfer.js';
import { saveVariables } from './variables.js';
import { acknowledgeMessage, postMessage } from './message-handlers.js';
import { announceSwitch, platformSwitch } from './switch-handlers.js';
import { endSupportSession, handOverControl, joinSession, leaveSession, serveCustomer, startSession, switchActivity } from './session-handlers.js';
import { customerVoice, endVoiceCall, giveMic, repJoinsVoice, repLeavesVoice, startVoice, takeMic } from './session-voice-handlers.js';
import { acceptSession, transferSession } from './session-transfer-handlers.js';
import { customerJoins, customerLeaves } from './session-customer-handlers.js';

/** Every command's handler, in one table (STYLE 4, STYLE 11). */
export const HANDLERS: Handlers = {
  'agent.register': registerAgent,
  'status.set': setStatus,
  'phone.set': setPhone,
  'contact.accept': acceptContacts,
  'contact.hold': holdContact,
  'contact.resume': resumeContact,
  'contact.end': endByAgent,
  'callback.cancel': cancelCallback,
  'recording.pause': pauseRecording,
  'recording.resume': resumeRecordingByAgent,
  'variables.save': saveVariables,
  'wrapUp.submit': submitWrapUp,
  'consult.start': startConsult,
  'consult.accept': acceptConsult,
  'consult.decline': declineConsult,
  'consult.resumeCustomer': resumeCustomer,
  'consult.resumeParty': resumeParty,
  'consult.end': endConsult,
  'consult.transfer': transferToParty,
  'consult.conference': conference,
  'transfer.blind': blindTransfer,
  'outdial.start': startOutdial,
  'contact.offered': contactOffered,
  'contact.answered': contactAnswered,
  'contact.ended': contactEnded,
  'contact.noAnswer': callbackNotAnswered,
  'agent.deviceFailed': deviceFailed,
  'consult.answered': consultAnswered,
  'consult.failed': consultFailed,
  'transfer.failed': transferFailed,
  'recording.changed': recordingChanged,
  'contact.holdChanged': holdChanged,
  'conference.joined': conferenceJoined,
  'timer.fire': timerFired,
  'route.next': routeNext,
  'message.post': postMessage,
  'message.ack': acknowledgeMessage,
  'switch.announce': announceSwitch,
  'switch.platform': platformSwitch,
  'session.start': startSession,
  'session.join': joinSession,
  'session.leave': leaveSession,
  'session.end': endSupportSession,
  'session.serve': serveCustomer,
  'session.control': handOverControl,
  'session.activity': switchActivity,
  'session.voiceStart': startVoice,
  'session.voiceEnd': endVoiceCall,
  'session.voiceJoin': repJoinsVoice,
  'session.voiceLeave': repLeavesVoice,
  'session.micGive': giveMic,
  'session.micTake': takeMic,
  'session.transfer': transferSession,
  'session.accept': acceptSession,
  'session.customerJoin': customerJoins,
  'session.customerVoice': customerVoice,
  'session.customerLeave': customerLeaves,
};

/** What `decide` returns on success: the next state, which records changed, and the effects to run. */
export interface Decision {
  state: DeskState;
  changes: Changes;
  effects: Effect[];
}

/** The engine's single entry point: `(state, command, now) -> decision | refusal`. */
export type Decide = (state: DeskState, cmd: Command, now: Date) => Result<Decision, DeskError>;

/** What a command needs to read, given what was read so far; a person's command always reads their own record. */
export function readsOf(cmd: Command, seen: Seen, policy: DeskPolicy): Required<Reads> {
  const reads = (HANDLERS[cmd.type] as Handler<Command>).reads(cmd, seen, policy);
  return 'actor' in cmd ? mergeReads(reads, { agents: [cmd.actor.id] }) : mergeReads(reads);
}

/** A Seen over a state: everything in it counts as read. */
export function seenOf(state: DeskState): Seen {
  return {
    agent: (id) => state.agents.get(id),
    contact: (id) => state.contacts.get(id),
    ready: (channel) => {
      const entries = state.ready.get(channel);
      return entries && heldLast(entries, state.held);
    },
    waiting: (queue) => state.waiting.get(queue),
    session: (id) => state.sessions?.get(id),
    sessionNumber: (number) => state.sessionNumbers?.get(number),
  };
}

/** Builds the pure decision function for one desk policy (STYLE 1). */
export function createDecide(policy: DeskPolicy): Decide {
  return (state, cmd, now) => {
    const d = new Draft(state, readsOf(cmd, seenOf(state), policy), now, policy.maxDigitalPerAgent);
    const me = 'actor' in cmd ? ensureAgent(d, cmd.actor) : (undefined as unknown as Agent);
    const result = (HANDLERS[cmd.type] as Handler<Command>).decide(d, cmd, policy, me);
    if (!result.ok) return result;
    const { state: next, changes } = d.done();
    return ok({ state: next, changes, effects: d.effects });
  };
}

/** Every turn comes from a person: one the desk has not seen yet starts logged out. */
function ensureAgent(d: Draft, actor: Actor): Agent {
  const existing = d.agent(actor.id);
  if (!existing) {
    const created = newAgent(actor.id, actor.name, d.now);
    d.setAgent(created);
    return created;
  }
  if (!actor.name || existing.name === actor.name) return existing;
  const renamed = { ...existing, name: actor.name };
  d.setAgent(renamed);
  return renamed;
}
