import { setPhone, setStatus } from './agent-status.js';
import type { AgentCommand, Command, SystemCommand } from './commands.js';
import { blindTransfer } from './transfer.js';
import {
  acceptConsult,
  consultAnswered,
  conference,
  consultTimedOut,
  declineConsult,
  endConsult,
  resumeCustomer,
  resumeParty,
  startConsult,
  transferToParty,
} from './consult.js';
import { Draft } from './draft.js';
import type { Effect } from './effects.js';
import { deskError, type DeskError } from './errors.js';
import {
  accept,
  answered,
  callbackNotAnswered,
  cancelCallback,
  endByAgent,
  endContact,
  pauseRecording,
  resumeRecording,
  resumeRecordingByAgent,
  setHold,
} from './interaction.js';
import type { Actor, Agent, DeskPolicy, DeskState } from './model.js';
import { enterState, newAgent } from './presence.js';
import { fail, ok, type Result } from './result.js';
import { contactOffered, returnToQueue, ronaExpired, routeNext } from './routing.js';
import { saveVariables } from './variables.js';
import { submitWrapUp } from './wrap-up.js';

/** What `decide` returns on success: the next state and the effects to run. */
export interface Decision {
  state: DeskState;
  effects: Effect[];
}

/** The engine's single entry point: `(state, command, now) -> decision | refusal`. */
export type Decide = (state: DeskState, cmd: Command, now: Date) => Result<Decision, DeskError>;

type Handler<C> = (d: Draft, cmd: C, policy: DeskPolicy) => Result<void, DeskError>;
type AgentHandler<C> = (d: Draft, agent: Agent, cmd: C, policy: DeskPolicy) => Result<void, DeskError>;

const agentHandlers: { [K in AgentCommand['type']]: AgentHandler<Extract<AgentCommand, { type: K }>> } = {
  'agent.register': () => ok(undefined),
  'status.set': (d, agent, cmd, policy) => setStatus(d, agent, cmd.state, cmd.code, policy),
  'phone.set': (d, agent, cmd) => setPhone(d, agent, cmd.phone),
  'contact.accept': (d, agent, cmd, policy) => accept(d, agent.id, cmd.contactIds, policy),
  'contact.hold': (d, agent, cmd) => setHold(d, agent.id, cmd.contactId, true),
  'contact.resume': (d, agent, cmd) => setHold(d, agent.id, cmd.contactId, false),
  'contact.end': (d, agent, cmd, policy) => endByAgent(d, agent.id, cmd.contactId, policy),
  'callback.cancel': (d, agent, cmd, policy) => cancelCallback(d, agent.id, cmd.contactId, policy),
  'recording.pause': (d, agent, cmd, policy) => pauseRecording(d, agent.id, cmd.contactId, policy),
  'recording.resume': (d, agent, cmd) => resumeRecordingByAgent(d, agent.id, cmd.contactId),
  'variables.save': (d, agent, cmd, policy) => saveVariables(d, agent.id, cmd.contactId, cmd.values, policy),
  'wrapUp.submit': (d, agent, cmd, policy) => submitWrapUp(d, agent.id, cmd.contactId, cmd.code, cmd.outcome, policy),
  'consult.start': (d, agent, cmd, policy) => startConsult(d, agent.id, cmd.contactId, cmd.target, policy),
  'consult.accept': (d, agent, cmd, policy) => acceptConsult(d, { id: agent.id, name: agent.name }, cmd.contactId, policy),
  'consult.decline': (d, agent, cmd) => declineConsult(d, agent.id, cmd.contactId),
  'consult.resumeCustomer': (d, agent, cmd) => resumeCustomer(d, agent.id, cmd.contactId),
  'consult.resumeParty': (d, agent, cmd) => resumeParty(d, agent.id, cmd.contactId),
  'consult.end': (d, agent, cmd, policy) => endConsult(d, agent.id, cmd.contactId, policy),
  'consult.transfer': (d, agent, cmd, policy) => transferToParty(d, agent.id, cmd.contactId, policy),
  'consult.conference': (d, agent, cmd) => conference(d, agent.id, cmd.contactId),
  'transfer.blind': (d, agent, cmd, policy) => blindTransfer(d, agent.id, cmd.contactId, cmd.target, policy),
};

const systemHandlers: { [K in SystemCommand['type']]: Handler<Extract<SystemCommand, { type: K }>> } = {
  'contact.offered': (d, cmd, policy) => contactOffered(d, cmd.contact, policy),
  'contact.answered': (d, cmd, policy) => answered(d, cmd.contactId, policy),
  'contact.ended': (d, cmd, policy) => {
    const contact = d.contact(cmd.contactId);
    return contact ? endContact(d, contact, cmd.by, policy) : fail(deskError('contact.unknown'));
  },
  'contact.noAnswer': (d, cmd, policy) => callbackNotAnswered(d, cmd.contactId, policy),
  'agent.deviceFailed': (d, cmd, policy) => {
    // CON-7, ST-6: a device that fails to ring is treated as no answer.
    const agent = d.agent(cmd.agentId);
    if (!agent) return fail(deskError('agent.unknown'));
    for (const offered of agent.offers ?? []) {
      const contact = d.contact(offered);
      if (contact?.status === 'offered') returnToQueue(d, contact, true);
    }
    enterState(d, d.agent(agent.id)!, 'RONA', policy);
    return ok(undefined);
  },
  'timer.fire': (d, cmd, policy) => {
    const timer = d.timer(cmd.timerId);
    // A timer that was cleared or moved since it was scheduled is stale: nothing to do.
    if (!timer || timer.at !== cmd.at) return ok(undefined);
    d.clearTimer(cmd.timerId);
    const contact = d.contact(timer.contactId);
    if (!contact) return ok(undefined);
    if (timer.kind === 'rona') {
      if (contact.status === 'offered' && contact.ronaAt === timer.at) ronaExpired(d, contact, policy);
      return ok(undefined);
    }
    if (timer.kind === 'consult') {
      if (contact.consult?.timeoutAt === timer.at) consultTimedOut(d, contact, policy);
      return ok(undefined);
    }
    if (contact.recording?.pausedUntil === timer.at) resumeRecording(d, contact);
    return ok(undefined);
  },
  'route.next': (d, _cmd, policy) => routeNext(d, policy),
  'consult.answered': (d, cmd) => consultAnswered(d, cmd.contactId),
};

/** Builds the pure decision function for one desk policy (STYLE 1). */
export function createDecide(policy: DeskPolicy): Decide {
  return (state, cmd, now) => {
    const d = new Draft(state, now);
    let result: Result<void, DeskError>;
    if ('actor' in cmd) {
      const agent = ensureAgent(d, cmd.actor);
      result = (agentHandlers[cmd.type] as AgentHandler<AgentCommand>)(d, agent, cmd, policy);
    } else {
      result = (systemHandlers[cmd.type] as Handler<SystemCommand>)(d, cmd, policy);
    }
    if (!result.ok) return result;
    return ok({ state: d.done(), effects: d.effects });
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
