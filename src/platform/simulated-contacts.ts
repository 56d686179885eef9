import type { AgentState, Channel } from '../engine/agent-state.js';
import type { ContactKind } from '../engine/contact-kinds.js';
import { SimulatedSessions } from './simulated-sessions.js';
import type { PlatformEvent } from './events.js';

/** Where the platform has a contact: waiting, ringing an agent, connected, or gone. */
export type SimPhase = 'queued' | 'ringing' | 'connected' | 'ended';

/** A consult as the platform carries it: the party being rung, talking, held, or in a three-way call. */
export interface SimConsult {
  target: { kind: string; id: string; name: string };
  phase: 'ringing' | 'connected' | 'held' | 'conference';
  /** Who may still take it (agents, or nobody for a dialled number). */
  offeredTo: string[];
  party?: string;
}

/** One contact in the simulated platform's model. */
export interface SimContact {
  id: string;
  /**
   * `generated`: the simulator offered it, so it knows every event the desk
   * heard about it. `adopted`: first heard of in a command (someone else, a
   * test, posted its events), so answers it never saw are taken on trust.
   */
  origin: 'generated' | 'adopted';
  phase: SimPhase;
  channel?: Channel;
  kind?: ContactKind;
  queue?: string;
  /** The number an outdial rings (for its follow-ups). */
  from?: string;
  agentId?: string;
  onHold: boolean;
  recording: 'on' | 'paused' | 'off';
  consult?: SimConsult;
  /** The customer hung up; the desk may not have been told yet. */
  customerGone: boolean;
}

/** An agent as the platform knows them from `agent.state` (PLAT-3). */
export interface SimAgent {
  id: string;
  state: AgentState;
  code?: string;
  phone?: string;
}

// Ended contacts are forgotten oldest first past this many; the model stays small however long it runs.
const MAX_CONTACTS = 5000;

/**
 * The simulated platform's one model of its contacts and agents, shared by
 * the contact generator (events out) and the command endpoint (commands in).
 * Outside ids are Map keys, never property names.
 */
export class SimulatedContacts {
  private readonly contacts = new Map<string, SimContact>();
  /** Support sessions' voice calls and activities (PLAT-1: carried out like a contact's commands). */
  readonly sessions = new SimulatedSessions();
  private readonly agents = new Map<string, SimAgent>();

  /** The contact as the platform has it (a copy: change it through the model). */
  contact(id: string): Readonly<SimContact> | undefined {
    const found = this.contacts.get(id);
    return found ? { ...found } : undefined;
  }

  /** The agent as last told (PLAT-3). */
  agent(id: string): Readonly<SimAgent> | undefined {
    return this.agents.get(id);
  }

  /** The live record of a contact, for the command answers; undefined when never heard of. */
  get(id: string): SimContact | undefined {
    return this.contacts.get(id);
  }

  /** Takes in a contact first heard of in a command, in the state that command implies. */
  adopt(id: string, implied: Partial<SimContact>): SimContact {
    const contact: SimContact = { id, origin: 'adopted', phase: 'connected', onHold: false, recording: 'on', customerGone: false, ...implied };
    this.put(contact);
    return contact;
  }

  /** Records what the desk told about an agent. */
  setAgent(agent: SimAgent): void {
    this.agents.set(agent.id, agent);
  }

  /** Forgets a contact the desk refused to take (it never got in). */
  forget(id: string): void {
    this.contacts.delete(id);
  }

  /** The customer leaves; the desk is told by a `contact.ended` event (now or later), not by this. */
  customerLeaves(id: string): boolean {
    const contact = this.contacts.get(id);
    if (!contact || contact.phase === 'ended' || contact.customerGone) return false;
    contact.customerGone = true;
    return true;
  }

  /**
   * Takes in an event the platform is about to send (it states what happened
   * at the platform); false when it no longer fits (the contact moved on
   * meanwhile), and then it is not sent.
   */
  learn(event: PlatformEvent): boolean {
    if (event.type === 'contact.offered') {
      if (this.contacts.has(event.contact.id)) return false;
      const { id, channel, kind, queue, from, agentId } = event.contact;
      this.put({
        id,
        origin: 'generated',
        phase: agentId ? 'ringing' : 'queued',
        channel,
        kind,
        queue,
        from,
        ...(agentId ? { agentId } : {}),
        onHold: false,
        recording: 'on',
        customerGone: false,
      });
      return true;
    }
    if (event.type === 'agent.deviceFailed' || event.type === 'platform.switch') return true;
    const contact = this.contacts.get(event.contactId);
    if (!contact) return false;
    switch (event.type) {
      case 'contact.answered':
        return this.move(contact, contact.phase === 'ringing', { phase: 'connected' });
      case 'contact.ended':
        if (contact.phase === 'ended') return false;
        delete contact.consult;
        return this.move(contact, true, { phase: 'ended', onHold: false, customerGone: contact.customerGone || event.by === 'customer' });
      case 'contact.noAnswer':
        return this.move(contact, contact.phase !== 'ended', { phase: 'queued' });
      case 'consult.answered':
        if (contact.consult?.phase !== 'ringing') return false;
        contact.consult = { ...contact.consult, phase: 'connected', party: `tel:${contact.consult.target.id}` };
        return true;
      case 'consult.failed':
        if (contact.consult?.phase !== 'ringing') return false;
        delete contact.consult;
        return true;
      case 'transfer.failed':
        delete contact.agentId;
        return this.move(contact, true, { phase: 'queued', customerGone: false });
      case 'recording.changed':
        return this.move(contact, contact.phase === 'connected', { recording: event.state });
      case 'contact.held':
      case 'contact.resumed':
        return this.move(contact, contact.phase === 'connected' && !contact.consult, { onHold: event.type === 'contact.held' });
      case 'conference.joined':
        if (!contact.consult || contact.consult.phase === 'ringing') return false;
        contact.consult = { ...contact.consult, phase: 'conference' };
        return this.move(contact, true, { onHold: false });
    }
  }

  private move(contact: SimContact, fits: boolean, changes: Partial<SimContact>): boolean {
    if (fits) Object.assign(contact, changes);
    return fits;
  }

  private put(contact: SimContact): void {
    this.contacts.set(contact.id, contact);
    if (this.contacts.size <= MAX_CONTACTS) return;
    for (const [id, old] of this.contacts) {
      if (old.phase === 'ended') {
        this.contacts.delete(id);
        return;
      }
    }
    this.contacts.delete(this.contacts.keys().next().value!);
  }
}
