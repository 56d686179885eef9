import type { Command } from './commands.js';
import type { DeskPolicy, DeskState } from './model.js';
import { nextAssignment, pickAgent } from './routing.js';

/** Records a command needs; the roster and the timers are shared records, loaded only when a command may change them. */
export interface Needs {
  agents: string[];
  contacts: string[];
  queues: string[];
  roster: boolean;
  timers: boolean;
}

// Commands that touch neither the router's roster nor any deadline.
const LOCAL_ONLY = new Set<Command['type']>(['agent.register', 'phone.set', 'variables.save', 'contact.hold', 'contact.resume']);
// Commands that may move an agent in or out of Available, but set or clear no deadline.
const ROSTER_ONLY = new Set<Command['type']>(['status.set', 'wrapUp.submit']);

/**
 * Which records `decide` needs for a command, given what is loaded so far. The
 * service loads them and asks again until the answer stops growing: what is
 * needed can depend on what was read (the contact's agent, the chosen agent).
 */
export function needsOf(cmd: Command, state: DeskState, policy: DeskPolicy): Needs {
  const n: Needs = { agents: [], contacts: [], queues: [], roster: !LOCAL_ONLY.has(cmd.type), timers: !LOCAL_ONLY.has(cmd.type) && !ROSTER_ONLY.has(cmd.type) };
  const withContact = (contactId: string, agentsOffers = false) => {
    n.contacts.push(contactId);
    const contact = state.contacts[contactId];
    if (!contact) return;
    n.queues.push(contact.queue);
    if (contact.consult?.party) n.agents.push(contact.consult.party);
    if (contact.consult?.target.kind === 'agent') n.agents.push(contact.consult.target.id);
    if (!contact.agentId) return;
    n.agents.push(contact.agentId);
    const agent = state.agents[contact.agentId];
    if (agentsOffers && agent) for (const offered of agent.offers ?? []) withContact(offered);
  };
  switch (cmd.type) {
    case 'agent.register':
    case 'status.set':
    case 'phone.set':
      n.agents.push(cmd.actor.id);
      break;
    case 'contact.accept':
      n.agents.push(cmd.actor.id);
      n.contacts.push(...cmd.contactIds);
      break;
    case 'contact.hold':
    case 'contact.resume':
    case 'contact.end':
    case 'callback.cancel':
    case 'recording.pause':
    case 'recording.resume':
    case 'variables.save':
    case 'wrapUp.submit':
      n.agents.push(cmd.actor.id);
      withContact(cmd.contactId);
      break;
    case 'consult.start':
    case 'consult.accept':
    case 'consult.decline':
    case 'consult.resumeCustomer':
    case 'consult.resumeParty':
    case 'consult.end':
    case 'consult.transfer':
    case 'consult.conference': {
      n.agents.push(cmd.actor.id);
      withContact(cmd.contactId);
      if (cmd.type === 'consult.start' && cmd.target.kind === 'agent') n.agents.push(cmd.target.id);
      const party = state.contacts[cmd.contactId]?.consult?.party;
      if (party) n.agents.push(party);
      break;
    }
    case 'transfer.blind': {
      n.agents.push(cmd.actor.id);
      withContact(cmd.contactId);
      if (cmd.target.kind === 'agent') n.agents.push(cmd.target.id);
      if (cmd.target.kind === 'queue') n.queues.push(cmd.target.id);
      // A dial number may turn out to be an entry point's DN: load every entry point's queue (there are few).
      if (cmd.target.kind === 'entryPoint' || cmd.target.kind === 'dialNumber') n.queues.push(...Object.values(policy.entryPoints).map((ep) => ep.queue));
      break;
    }
    case 'consult.answered':
      withContact(cmd.contactId);
      break;
    case 'contact.offered': {
      n.contacts.push(cmd.contact.id);
      n.queues.push(cmd.contact.queue);
      const agentId = cmd.contact.agentId ?? pickAgent(state.roster, { channel: cmd.contact.channel }, policy);
      if (agentId) n.agents.push(agentId);
      break;
    }
    case 'contact.answered':
    case 'contact.ended':
    case 'contact.noAnswer':
      withContact(cmd.contactId);
      break;
    case 'agent.deviceFailed': {
      n.agents.push(cmd.agentId);
      for (const offered of state.agents[cmd.agentId]?.offers ?? []) withContact(offered);
      break;
    }
    case 'timer.fire': {
      const contactId = cmd.timerId.slice(cmd.timerId.indexOf(':') + 1);
      withContact(contactId, true);
      break;
    }
    case 'route.next': {
      n.queues.push(...Object.keys(policy.queueChannels));
      const view = {
        contact: (id: string) => state.contacts[id],
        queue: (id: string) => state.queues[id] ?? { waiting: [] },
        queueIds: () => Object.keys(policy.queueChannels),
        roster: state.roster,
      };
      for (const id of Object.keys(policy.queueChannels)) n.contacts.push(...(state.queues[id]?.waiting.slice(0, 20) ?? []));
      const next = nextAssignment(view, policy);
      if (next) n.agents.push(next.agentId);
      break;
    }
  }
  return n;
}
