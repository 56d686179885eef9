import { cleanDialNumber } from './dial-number.js';
import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import { ownRecordOnly, type HandlerFor } from './handler.js';
import { offerTo } from './lifecycle.js';
import type { Agent, Contact, DeskPolicy } from './model.js';
import { confirm } from './platform-commands.js';
import { fail, ok, type Result } from './result.js';

/**
 * Outdial (OUT-1): the agent types a number and dials. The number is cleaned
 * as CON-2 says; the platform rings the agent's phone first, then the
 * customer, and offers the call back as an outdial contact, which then runs
 * like any call. Nothing changes on the desk until the platform says yes.
 */
export const startOutdial: HandlerFor<'outdial.start'> = {
  reads: ownRecordOnly,
  decide(d, cmd, policy, me) {
    const cleaned = cleanDialNumber(cmd.number);
    if (!cleaned.ok) return fail(deskError('dialNumber.invalid', { reason: cleaned.reason }));
    if (!me.phone) return fail(deskError('outdial.needsPhone'));
    if (me.state === 'LoggedOut') return fail(deskError('outdial.loggedOut'));
    // One call at a time: not while a call rings or is connected, nor with requests waiting.
    if ((me.offers ?? []).length > 0 || busy(me)) return fail(deskError('outdial.busy'));
    if (!policy.outdialQueue) return fail(deskError('outdial.notConfigured'));
    d.emit(confirm({ type: 'outdial.start', agentId: me.id, number: cleaned.value, phone: me.phone, queue: policy.outdialQueue }));
    return ok(undefined);
  },
};

/**
 * The platform offers the call an agent dialled back to them (OUT-1): it rings
 * their phone whatever their state (Idle agents dial too), and it has no RONA
 * deadline: only the platform knows whether the phone or the customer
 * answered, and it says so with `contact.answered` or `contact.ended`.
 */
export function offerOutdial(d: Draft, contact: Contact, agent: Agent, policy: DeskPolicy): Result<void, DeskError> {
  if (agent.state === 'LoggedOut' || busy(agent)) return fail(deskError('agent.notAvailable', { agentId: agent.id }));
  offerTo(d, contact, agent, policy);
  const offered = { ...d.contact(contact.id)! };
  delete offered.ronaAt;
  d.setContact(offered);
  return ok(undefined);
}

const busy = (agent: Agent): boolean => agent.state === 'Engaged' || agent.state === 'WrapUp';
