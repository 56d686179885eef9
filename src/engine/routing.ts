import type { Channel } from './agent-state.js';
import type { ContactOffer } from './commands.js';
import { deskError } from './errors.js';
import type { HandlerFor } from './handler.js';
import { readyByChannel } from './indexes.js';
import { offerTo } from './lifecycle.js';
import { offerOutdial } from './outdial.js';
import { tell } from './platform-commands.js';
import type { Draft } from './draft.js';
import { READY_HEADS } from './reads.js';
import type { Agent, Contact, DeskPolicy, ReadyEntry, WaitingEntry } from './model.js';
import { fail, ok } from './result.js';

/** Waiting contacts looked at per queue: enough to skip heads no agent can take, without reading a long queue. */
const HEADS_PER_QUEUE = 20;

/** The agent to offer a contact to: the first routable one (routing order) it was not declined by (ANS-1). */
export function pickAgent(ready: readonly ReadyEntry[], contact: Pick<Contact, 'declinedBy'>): string | undefined {
  return ready.find((entry) => !contact.declinedBy?.includes(entry.agentId))?.agentId;
}

/**
 * A new contact from the platform (SPEC 10): offered to the agent the platform
 * chose, else to the routable agent first in routing order, else queued. A
 * secure variable's value is not kept: the desk never shows it (CAD-1).
 */
export const contactOffered: HandlerFor<'contact.offered'> = {
  reads(cmd, seen) {
    const { channel, agentId } = cmd.contact;
    if (agentId) return { contacts: [cmd.contact.id], agents: [agentId], calls: channel === 'voice' };
    const ready = seen.ready(channel);
    const chosen = ready ? pickAgent(ready, {}) : undefined;
    return { contacts: [cmd.contact.id], readyHeads: [channel], calls: channel === 'voice', agents: chosen ? [chosen] : [] };
  },
  decide(d, cmd, policy) {
    const offer = cmd.contact;
    if (d.contact(offer.id)) return fail(deskError('contact.exists', { contactId: offer.id }));
    const channels = policy.queueChannels.get(offer.queue);
    if (!channels) return fail(deskError('queue.unknown', { queue: offer.queue }));
    if (!channels.includes(offer.channel)) return fail(deskError('queue.channelNotServed', { queue: offer.queue, channel: offer.channel }));
    if (offer.channel === 'voice' && d.callCount() >= policy.maxConcurrentCalls) {
      return fail(deskError('tenant.concurrentCallLimit', { limit: policy.maxConcurrentCalls }));
    }
    const contact = newContact(offer, d.iso);
    if (offer.agentId) {
      // ANS-1: the platform may choose the agent, but only an Available one with room receives offers; an outdial goes to whoever dialled.
      const agent = d.agent(offer.agentId);
      if (agent && offer.kind === 'outdial') return offerOutdial(d, contact, agent, policy);
      if (!agent || !readyByChannel(agent, policy.maxDigitalPerAgent).some(([channel]) => channel === offer.channel)) {
        return fail(deskError('agent.notAvailable', { agentId: offer.agentId }));
      }
      offerTo(d, contact, agent, policy);
      return ok(undefined);
    }
    const chosenId = pickAgent(d.ready(offer.channel), contact);
    const chosen = chosenId ? d.agent(chosenId) : undefined;
    if (chosen) {
      routeTo(d, contact, chosen, policy);
      return ok(undefined);
    }
    d.setContact(contact);
    // Routing after the commit catches an agent who became free while this one was being queued (no shared record orders them).
    d.emit({ type: 'notify', event: { kind: 'contact.queued', contactId: contact.id, queue: contact.queue } }, { type: 'routeWaiting' });
    return ok(undefined);
  },
};

/** Offers the oldest waiting contact that some routable agent can take; nothing when none can (ANS-1). */
export const routeNext: HandlerFor<'route.next'> = {
  reads(_cmd, seen, policy) {
    const queues = [...policy.queueChannels.keys()];
    const channels = [...new Set([...policy.queueChannels.values()].flat())];
    const heads = queues.flatMap((queue) => (seen.waiting(queue) ?? []).slice(0, HEADS_PER_QUEUE).map((e) => e.contactId));
    const next = nextAssignment({ waiting: (q) => seen.waiting(q) ?? [], ready: (c) => seen.ready(c) ?? [], contact: (id) => seen.contact(id) }, queues);
    // Heads declined by every agent read so far: read the whole list of a channel that may hold more.
    const waitingOn = new Set(heads.flatMap((id) => (seen.contact(id)?.status === 'queued' ? [seen.contact(id)!.channel] : [])));
    const deeper = next ? [] : channels.filter((c) => waitingOn.has(c) && (seen.ready(c)?.length ?? 0) >= READY_HEADS);
    return { waiting: queues, readyHeads: channels, ready: deeper, contacts: heads, agents: next ? [next.agentId] : [] };
  },
  decide(d, _cmd, policy) {
    const next = nextAssignment({ waiting: (q) => d.waiting(q), ready: (c) => d.ready(c), contact: (id) => d.contact(id) }, [...policy.queueChannels.keys()]);
    if (!next) return ok(undefined);
    const contact = d.contact(next.contactId);
    const agent = d.agent(next.agentId);
    if (contact && agent) routeTo(d, contact, agent, policy);
    return ok(undefined);
  },
};

/** What routing looks at: waiting contacts per queue, routable agents per channel, and the contacts themselves. */
interface RoutingView {
  waiting(queue: string): readonly WaitingEntry[];
  ready(channel: Channel): readonly ReadyEntry[];
  contact(id: string): Contact | undefined;
}

/** Which contact goes to which agent next, oldest waiting first across queues. */
export function nextAssignment(view: RoutingView, queues: readonly string[]): { contactId: string; agentId: string } | undefined {
  const heads = queues.flatMap((queue) => view.waiting(queue).slice(0, HEADS_PER_QUEUE));
  heads.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const head of heads) {
    const contact = view.contact(head.contactId);
    if (contact?.status !== 'queued') continue;
    const agentId = pickAgent(view.ready(contact.channel), contact);
    if (agentId) return { contactId: contact.id, agentId };
  }
  return undefined;
}

/** The built-in router chose the agent: the platform is told whose phone (or desk) takes the contact. */
function routeTo(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): void {
  offerTo(d, contact, agent, policy);
  d.emit(
    tell({ type: 'contact.route', contactId: contact.id, agentId: agent.id, ...(contact.channel === 'voice' && agent.phone ? { phone: agent.phone } : {}) }),
  );
}

function newContact(offer: ContactOffer, now: string): Contact {
  return {
    id: offer.id,
    channel: offer.channel,
    kind: offer.kind,
    queue: offer.queue,
    from: offer.from,
    dnis: offer.dnis,
    // CAD-1: a secure value is never shown, so it is not kept either; the variable's existence is.
    variables: offer.variables.map((v) => ({ ...v, value: v.secure ? '' : v.value, version: 0 })),
    status: 'queued',
    createdAt: now,
  };
}
