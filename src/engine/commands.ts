import type { ConsultTarget } from './consult-model.js';
import type { Audience, Importance } from './lead-model.js';
import type { Actor, Contact, ContactVariable } from './model.js';
import type { SessionAgentCommand, SessionCustomerCommand } from './session-commands.js';

/** A contact as the platform offers it: variables have no save count yet, and it may name its agent. */
export type ContactOffer = Pick<Contact, 'id' | 'channel' | 'kind' | 'queue' | 'from' | 'dnis'> & {
  variables: Array<Omit<ContactVariable, 'version'>>;
  agentId?: string;
};

/** Commands a person issues from Teams; `actor` is who pressed or typed. */
export type AgentCommand =
  | { type: 'agent.register'; actor: Actor }
  | { type: 'status.set'; actor: Actor; state: string; code?: string }
  | { type: 'phone.set'; actor: Actor; phone: string }
  | { type: 'contact.accept'; actor: Actor; contactIds: string[] }
  | { type: 'contact.hold'; actor: Actor; contactId: string }
  | { type: 'contact.resume'; actor: Actor; contactId: string }
  | { type: 'contact.end'; actor: Actor; contactId: string }
  | { type: 'callback.cancel'; actor: Actor; contactId: string }
  | { type: 'recording.pause'; actor: Actor; contactId: string }
  | { type: 'recording.resume'; actor: Actor; contactId: string }
  | { type: 'variables.save'; actor: Actor; contactId: string; values: ReadonlyMap<string, { value: string; version: number }> }
  | { type: 'wrapUp.submit'; actor: Actor; contactId: string; code?: string; outcome?: string }
  | { type: 'consult.start'; actor: Actor; contactId: string; target: ConsultTarget }
  | { type: 'consult.accept'; actor: Actor; contactId: string }
  | { type: 'consult.decline'; actor: Actor; contactId: string }
  | { type: 'consult.resumeCustomer'; actor: Actor; contactId: string }
  | { type: 'consult.resumeParty'; actor: Actor; contactId: string }
  | { type: 'consult.end'; actor: Actor; contactId: string }
  | { type: 'consult.transfer'; actor: Actor; contactId: string }
  | { type: 'consult.conference'; actor: Actor; contactId: string }
  | { type: 'transfer.blind'; actor: Actor; contactId: string; target: ConsultTarget }
  | { type: 'outdial.start'; actor: Actor; number: string }
  | { type: 'message.post'; actor: Actor; broadcastId: string; audience: Audience; text: string; importance: Importance }
  | { type: 'message.ack'; actor: Actor; broadcastId: string }
  | { type: 'switch.announce'; actor: Actor; broadcastId: string; at: string; text: string }
  | SessionAgentCommand;

/** Commands from the platform, the router and the clock. */
export type SystemCommand =
  | { type: 'contact.offered'; contact: ContactOffer }
  | { type: 'contact.answered'; contactId: string }
  | { type: 'contact.ended'; contactId: string; by: 'customer' | 'agent' | 'system' }
  | { type: 'contact.noAnswer'; contactId: string }
  | { type: 'agent.deviceFailed'; agentId: string }
  | { type: 'consult.answered'; contactId: string }
  // PLAT-2: outcomes the platform reports later, after the desk let go or on its own.
  | { type: 'consult.failed'; contactId: string; reason: 'declined' | 'noAnswer' }
  | { type: 'transfer.failed'; contactId: string }
  | { type: 'recording.changed'; contactId: string; state: 'on' | 'paused' | 'off'; until?: string }
  | { type: 'contact.holdChanged'; contactId: string; onHold: boolean }
  | { type: 'conference.joined'; contactId: string }
  | { type: 'timer.fire'; timerId: string; at: string }
  | { type: 'route.next' }
  /** ST-8 from the platform API: every agent is told. */
  | { type: 'switch.platform'; broadcastId: string; at: string; text: string }
  | SessionCustomerCommand;

/** Everything the engine decides on. */
export type Command = AgentCommand | SystemCommand;
