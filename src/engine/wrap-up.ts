import type { Draft } from './draft.js';
import { deskError, type DeskError } from './errors.js';
import type { DeskPolicy } from './model.js';
import { settle, without } from './presence.js';
import { fail, ok, type Result } from './result.js';

/** Submits the wrap-up (and outcome) code of an ended contact; the last one returns the agent to work (WRAP-1). */
export function submitWrapUp(
  d: Draft,
  agentId: string,
  contactId: string,
  code: string | undefined,
  outcome: string | undefined,
  policy: DeskPolicy,
): Result<void, DeskError> {
  const agent = d.agent(agentId);
  const contact = d.contact(contactId);
  if (!agent || !contact || !(agent.wrapUps ?? []).includes(contactId)) return fail(deskError('wrapUp.notPending'));
  if (!code) return fail(deskError('wrapUp.codeRequired'));
  if (!policy.wrapUpCodeIds.includes(code)) return fail(deskError('wrapUp.unknownCode'));
  if (policy.outcomeCodeIds.length > 0 && !outcome) return fail(deskError('wrapUp.outcomeRequired'));
  if (outcome && !policy.outcomeCodeIds.includes(outcome)) return fail(deskError('wrapUp.unknownOutcome'));
  d.setContact({ ...contact, wrapUp: { code, ...(outcome ? { outcome } : {}), by: agentId, at: d.iso } });
  const next = { ...agent, wrapUps: without(agent.wrapUps, contactId) };
  d.setAgent(next);
  d.emit({ type: 'showWrapUp', contactId });
  settle(d, next, policy);
  return ok(undefined);
}
