import { cleanDialNumber } from './dial-number.js';
import { deskError } from './errors.js';
import { ownRecordOnly, type HandlerFor } from './handler.js';
import { confirm } from './platform-commands.js';
import { fail, ok } from './result.js';

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
    if ((me.offers ?? []).length > 0 || me.state === 'Engaged' || me.state === 'WrapUp') return fail(deskError('outdial.busy'));
    if (!policy.outdialQueue) return fail(deskError('outdial.notConfigured'));
    d.emit(confirm({ type: 'outdial.start', agentId: me.id, number: cleaned.value, phone: me.phone, queue: policy.outdialQueue }));
    return ok(undefined);
  },
};
