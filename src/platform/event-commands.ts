import { createHash } from 'node:crypto';
import type { DeskService } from '../desk-service.js';
import type { Command } from '../engine/commands.js';
import type { DeskError } from '../engine/errors.js';
import type { ApplyOutcome, PlatformEvent, PlatformSink } from './events.js';

/** The engine command a platform event stands for (SPEC 10): the wire's names stay at this edge. */
export function commandOf(event: PlatformEvent): Command {
  switch (event.type) {
    case 'contact.offered': {
      const { agentId, ...contact } = event.contact;
      return { type: 'contact.offered', contact: { ...contact, ...(agentId ? { agentId } : {}) } };
    }
    case 'contact.answered':
      return { type: 'contact.answered', contactId: event.contactId };
    case 'contact.ended':
      return { type: 'contact.ended', contactId: event.contactId, by: event.by };
    case 'contact.noAnswer':
      return { type: 'contact.noAnswer', contactId: event.contactId };
    case 'agent.deviceFailed':
      return { type: 'agent.deviceFailed', agentId: event.agentId };
    case 'consult.answered':
      return { type: 'consult.answered', contactId: event.contactId };
    case 'consult.failed':
      return { type: 'consult.failed', contactId: event.contactId, reason: event.reason };
    case 'transfer.failed':
      return { type: 'transfer.failed', contactId: event.contactId };
    case 'recording.changed':
      return { type: 'recording.changed', contactId: event.contactId, state: event.state, ...(event.until ? { until: event.until } : {}) };
    case 'contact.held':
    case 'contact.resumed':
      return { type: 'contact.holdChanged', contactId: event.contactId, onHold: event.type === 'contact.held' };
    case 'conference.joined':
      return { type: 'conference.joined', contactId: event.contactId };
    case 'platform.switch':
      // The notice's broadcast is named by the event id: a replayed event finds it.
      return {
        type: 'switch.platform',
        broadcastId: `p${createHash('sha256').update(event.id).digest('hex').slice(0, 31)}`,
        at: new Date(event.at).toISOString(),
        text: event.message,
      };
  }
}

/** Applies platform events through the desk service, each exactly once by its id. */
export function createPlatformSink(service: DeskService): PlatformSink {
  return {
    async apply(event) {
      const result = await service.applyOnce(commandOf(event), event.id);
      if (result === 'duplicate') return { outcome: 'duplicate' };
      if (!result.ok) return { outcome: 'conflict', code: result.error.code, reason: reasonOf(result.error) };
      return { outcome: 'accepted' } satisfies ApplyOutcome;
    },
  };
}

/** An English reason for the platform (an API client, not a person in Teams). */
function reasonOf(error: DeskError): string {
  const details = error.details
    ? ` (${Object.entries(error.details)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`
    : '';
  return `${error.code}${details}`;
}
