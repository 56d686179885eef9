import type { WireCommand } from './commands.js';
import type { OfferedContact, PlatformEvent } from './events.js';
import type { SimContact, SimulatedContacts } from './simulated-contacts.js';
import { SIM_MAX_SPEAKERS } from './simulated-sessions.js';

/** An event without its id: the simulation gives each one an id when it sends it. */
export type EventBody = PlatformEvent extends infer E ? (E extends unknown ? Omit<E, 'id'> : never) : never;

/** Which of the simulation's delays a follow-up waits: ring then answer, a dialled party, a transfer, an outdial. */
export type FollowUpDelay = 'answer' | 'consult' | 'transfer' | 'outdialRing' | 'outdialAnswer';

/** An event a real platform sends some time after a command, and what follows it once it got through. */
export interface FollowUp {
  delay: FollowUpDelay;
  event: EventBody;
  next?: FollowUp;
}

/** What the answers need besides the model: which dialled numbers answer, new contact ids, an outdial's variables. */
export interface AnswerRules {
  answers(number: string): boolean;
  newId(): string;
  outdialVariables(): OfferedContact['variables'];
}

/** A command the platform will not carry out, with a code and a reason (PLAT-2). */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Answer<T extends WireCommand['type']> = (model: SimulatedContacts, cmd: Extract<WireCommand, { type: T }>, rules: AnswerRules) => FollowUp[];

const refuse = (code: string, message: string): never => {
  throw new Refusal(code, message);
};

/** The contact a command is about, adopted in the state the command implies when never heard of; refused when the customer left. */
function live(model: SimulatedContacts, id: string, implied: Partial<SimContact> = {}): SimContact {
  const contact = model.get(id) ?? model.adopt(id, implied);
  if (contact.phase === 'ended' || contact.customerGone) refuse('contact.gone', 'The customer has already left this contact.');
  return contact;
}

/** A call must be connected; for an adopted one the answer came from whoever posted its events, so it is taken on trust. */
function connected(contact: SimContact): SimContact {
  if (contact.phase !== 'connected' && contact.origin === 'generated') refuse('contact.notConnected', 'The contact is not connected.');
  contact.phase = 'connected';
  return contact;
}

/** The consult on a call; an adopted call's dialled party may have answered without this platform sending it. */
function consultOf(contact: SimContact, allowed: ReadonlyArray<NonNullable<SimContact['consult']>['phase']>): NonNullable<SimContact['consult']> {
  const consult = contact.consult;
  if (!consult) return refuse('consult.none', 'There is no consult on this call.');
  if (consult.phase === 'ringing' && contact.origin === 'adopted') {
    consult.phase = 'connected';
    consult.party ??= consult.target.kind === 'dialNumber' ? `tel:${consult.target.id}` : consult.offeredTo[0];
  }
  if (!allowed.includes(consult.phase)) refuse(`consult.${consult.phase === 'ringing' ? 'notConnected' : 'wrongState'}`, `The consult is ${consult.phase}.`);
  return consult;
}

const ANSWERS: { [T in WireCommand['type']]: Answer<T> } = {
  'contact.accept'(model, cmd) {
    // Checked first, so a refusal of one leaves every other unchanged.
    const contacts = cmd.contactIds.map((id) => live(model, id, { phase: 'ringing', agentId: cmd.agentId }));
    for (const contact of contacts) Object.assign(contact, { phase: 'connected', agentId: cmd.agentId });
    return [];
  },
  'contact.hold'(model, cmd) {
    const call = connected(live(model, cmd.contactId));
    if (call.consult) refuse('consult.inProgress', 'A consult is in progress on this call.');
    if (call.onHold) refuse('contact.alreadyOnHold', 'The customer is already on hold.');
    call.onHold = true;
    return [];
  },
  'contact.resume'(model, cmd) {
    const call = connected(live(model, cmd.contactId, { onHold: true }));
    if (!call.onHold) refuse('contact.notOnHold', 'The call is not on hold.');
    call.onHold = false;
    return [];
  },
  'contact.end'(model, cmd) {
    const contact = live(model, cmd.contactId);
    delete contact.consult;
    Object.assign(contact, { phase: 'ended', onHold: false });
    return [];
  },
  'callback.cancel'(model, cmd) {
    const contact = live(model, cmd.contactId, { kind: 'webCallback' });
    if (contact.kind && contact.kind !== 'webCallback') refuse('contact.notWebCallback', 'Only a web callback can be cancelled.');
    contact.phase = 'ended';
    return [];
  },
  'recording.pause'(model, cmd) {
    const call = connected(live(model, cmd.contactId));
    if (call.recording === 'off') refuse('recording.off', 'This call is not recorded.');
    if (call.recording === 'paused') refuse('recording.alreadyPaused', 'Recording is already paused.');
    call.recording = 'paused';
    return [];
  },
  'recording.resume'(model, cmd) {
    const call = connected(live(model, cmd.contactId, { recording: 'paused' }));
    if (call.recording !== 'paused') refuse('recording.notPaused', 'Recording is not paused.');
    call.recording = 'on';
    return [];
  },
  'consult.start'(model, cmd, rules) {
    const call = connected(live(model, cmd.contactId));
    if (call.consult) refuse('consult.inProgress', 'A consult is already in progress on this call.');
    call.onHold = true;
    call.consult = { target: cmd.target, phase: 'ringing', offeredTo: [...cmd.offeredTo] };
    if (cmd.target.kind !== 'dialNumber') return [];
    // A dialled party answers, or nobody does (CON-7): the desk hears which later.
    const event: EventBody = rules.answers(cmd.target.id)
      ? { type: 'consult.answered', contactId: call.id }
      : { type: 'consult.failed', contactId: call.id, reason: 'noAnswer' };
    return [{ delay: 'consult', event }];
  },
  'consult.accept'(model, cmd) {
    const contact = live(model, cmd.contactId, {
      onHold: true,
      consult: { target: { kind: 'agent', id: cmd.agentId, name: '' }, phase: 'ringing', offeredTo: [] },
    });
    if (!contact.consult) {
      // A queue transfer offered to several agents (XFER-2): the first to accept gets the call.
      Object.assign(contact, { phase: 'connected', agentId: cmd.agentId, onHold: false });
      return [];
    }
    if (contact.consult.phase !== 'ringing') refuse('consult.taken', 'Someone else already took this consult.');
    contact.consult = { ...contact.consult, phase: 'connected', party: cmd.agentId };
    return [];
  },
  'consult.decline'(model, cmd) {
    const consult = model.get(cmd.contactId)?.consult;
    if (consult?.phase === 'ringing') consult.offeredTo = consult.offeredTo.filter((id) => id !== cmd.agentId);
    return [];
  },
  'consult.resume'(model, cmd) {
    const toCustomer = cmd.party === 'customer';
    const call = connected(
      live(model, cmd.contactId, {
        onHold: toCustomer,
        consult: { target: { kind: 'agent', id: '', name: '' }, phase: toCustomer ? 'connected' : 'held', offeredTo: [] },
      }),
    );
    const consult = consultOf(call, [toCustomer ? 'connected' : 'held']);
    consult.phase = toCustomer ? 'held' : 'connected';
    call.onHold = !toCustomer;
    return [];
  },
  'consult.end'(model, cmd) {
    const call = live(model, cmd.contactId);
    if (!call.consult && call.origin === 'generated') refuse('consult.none', 'There is no consult on this call.');
    delete call.consult;
    call.onHold = false;
    return [];
  },
  'consult.conference'(model, cmd) {
    const call = connected(live(model, cmd.contactId, { consult: { target: { kind: 'agent', id: '', name: '' }, phase: 'connected', offeredTo: [] } }));
    consultOf(call, ['connected', 'held']).phase = 'conference';
    call.onHold = false;
    return [];
  },
  'consult.transfer'(model, cmd) {
    const call = connected(
      live(model, cmd.contactId, { consult: { target: { kind: 'agent', id: cmd.to, name: '' }, phase: 'connected', offeredTo: [], party: cmd.to } }),
    );
    consultOf(call, ['connected', 'held', 'conference']);
    delete call.consult;
    Object.assign(call, { agentId: cmd.to, onHold: false });
    return [];
  },
  'transfer.blind'(model, cmd, rules) {
    const call = connected(live(model, cmd.contactId));
    call.onHold = false;
    if (cmd.target.kind === 'agent' || cmd.target.kind === 'expert') {
      Object.assign(call, { phase: 'ringing', agentId: cmd.target.id });
      return [];
    }
    delete call.agentId;
    if (cmd.target.kind !== 'dialNumber') {
      call.phase = 'queued';
      return [];
    }
    if (rules.answers(cmd.target.id)) {
      // Answered out there: the call has left the contact center.
      call.phase = 'ended';
      return [];
    }
    Object.assign(call, { phase: 'ringing', agentId: `tel:${cmd.target.id}` });
    return [{ delay: 'transfer', event: { type: 'transfer.failed', contactId: call.id } }];
  },
  'outdial.start'(_model, cmd, rules) {
    // OUT-1: the agent's phone rings first with the call offered back to them; then the customer answers, or nobody does.
    const id = rules.newId();
    const offered: EventBody = {
      type: 'contact.offered',
      contact: {
        id,
        channel: 'voice',
        kind: 'outdial',
        queue: cmd.queue,
        from: cmd.number,
        dnis: '',
        variables: rules.outdialVariables(),
        agentId: cmd.agentId,
      },
    };
    const outcome: EventBody = rules.answers(cmd.number) ? { type: 'contact.answered', contactId: id } : { type: 'contact.ended', contactId: id, by: 'system' };
    return [{ delay: 'outdialRing', event: offered, next: { delay: 'outdialAnswer', event: outcome } }];
  },
  'agent.state'(model, cmd) {
    model.setAgent({ id: cmd.agentId, state: cmd.state, ...(cmd.code ? { code: cmd.code } : {}), ...(cmd.phone ? { phone: cmd.phone } : {}) });
    return [];
  },
  'variables.save': () => [],
  'wrapUp.submit': () => [],
  'contact.route'(model, cmd) {
    const contact = live(model, cmd.contactId, { phase: 'ringing' });
    Object.assign(contact, { phase: 'ringing', agentId: cmd.agentId });
    // The agent's phone rings and is answered (ANS-2); a desk's own contacts are answered by whoever offered them.
    if (contact.origin !== 'generated' || contact.channel !== 'voice') return [];
    return [{ delay: 'answer', event: { type: 'contact.answered', contactId: contact.id } }];
  },
  'contact.requeue'(model, cmd) {
    const contact = model.get(cmd.contactId) ?? model.adopt(cmd.contactId, { phase: 'queued' });
    delete contact.agentId;
    delete contact.consult;
    Object.assign(contact, { phase: contact.phase === 'ended' ? 'ended' : 'queued', onHold: false });
    return [];
  },
  'consult.cancel'(model, cmd) {
    const contact = model.get(cmd.contactId);
    if (contact) delete contact.consult;
    return [];
  },
  // PLAT-1: a support session's voice call, mic and activities (VC-1..VC-3, SUP-2, SUP-3).
  'session.voice.start'(model, cmd) {
    const session = model.sessions.get(cmd.sessionId);
    if (session.voice) refuse('session.voiceRunning', 'This session already has a voice call.');
    session.voice = { inCall: new Set([cmd.agentId]), speakers: [...cmd.speakers] };
    return [];
  },
  'session.voice.end'(model, cmd) {
    const session = model.sessions.get(cmd.sessionId);
    delete session.voice;
    model.sessions.settle(cmd.sessionId);
    return [];
  },
  'session.voice.join'(model, cmd) {
    const found = model.sessions.find(cmd.sessionId);
    // A session never heard of is taken in with the call the command implies; a known one must have a call.
    if (found && !found.voice) refuse('session.noVoice', 'This session has no voice call.');
    const session = model.sessions.get(cmd.sessionId);
    session.voice ??= { inCall: new Set(), speakers: [] };
    session.voice.inCall.add(cmd.participantId);
    return [];
  },
  'session.voice.leave'(model, cmd) {
    const voice = model.sessions.find(cmd.sessionId)?.voice;
    if (voice) {
      voice.inCall.delete(cmd.participantId);
      voice.speakers = voice.speakers.filter((id) => id !== cmd.participantId);
    }
    return [];
  },
  'session.mic'(model, cmd) {
    if (cmd.speakers.length > SIM_MAX_SPEAKERS) refuse('session.tooManySpeakers', `At most ${SIM_MAX_SPEAKERS} may speak at once.`);
    const found = model.sessions.find(cmd.sessionId);
    if (found && !found.voice) refuse('session.noVoice', 'This session has no voice call.');
    const session = model.sessions.get(cmd.sessionId);
    session.voice ??= { inCall: new Set(cmd.speakers), speakers: [] };
    for (const id of cmd.speakers) session.voice.inCall.add(id);
    session.voice.speakers = [...cmd.speakers];
    return [];
  },
  'session.activity.start'(model, cmd) {
    const session = model.sessions.get(cmd.sessionId);
    if (session.activities.has(cmd.kind)) refuse('session.activityRunning', `A ${cmd.kind} is already running in this session.`);
    session.activities.set(cmd.kind, cmd.customerId);
    return [];
  },
  'session.activity.stop'(model, cmd) {
    model.sessions.find(cmd.sessionId)?.activities.delete(cmd.kind);
    model.sessions.settle(cmd.sessionId);
    return [];
  },
};

/** Applies one command to the model as a platform would: its follow-up events, or a refusal with a code and a reason. */
export function answerCommand(model: SimulatedContacts, command: WireCommand, rules: AnswerRules): FollowUp[] | Refusal {
  try {
    return (ANSWERS[command.type] as Answer<WireCommand['type']>)(model, command, rules);
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
}
