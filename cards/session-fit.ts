import type { Shrinking } from './card-fit.js';
import type { SessionView } from './session-view.js';

/**
 * The session card's smaller forms (the card size budget): the transfer
 * choices are its only lists that grow with the tenant (every queue, every
 * Available or Idle agent), so a smaller form keeps fewer of them, queues
 * first; level n keeps n choices. Participants are bounded by
 * `support.maxCustomers` and are always shown.
 */
export function sessionShrinking(view: SessionView): Shrinking<SessionView> | undefined {
  const form = view.transfer[0];
  if (!form) return undefined;
  return {
    top: form.queues.length + form.agents.length,
    at(level) {
      const queues = form.queues.slice(0, level);
      const agents = form.agents.slice(0, Math.max(0, level - queues.length));
      return { ...view, transfer: [{ queues, agents }] };
    },
  };
}
