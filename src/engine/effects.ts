import type { AgentState } from './agent-state.js';
import type { PlatformCommand } from './platform-commands.js';

/** A fact worth telling the world (audit log today, team leads later). */
export type DeskEvent =
  | { kind: 'agent.statusChanged'; agentId: string; from: AgentState; to: AgentState; code?: string }
  | { kind: 'contact.routed'; contactId: string; agentId: string }
  | { kind: 'contact.queued'; contactId: string; queue: string }
  | { kind: 'contact.rona'; contactId: string; agentId: string }
  | { kind: 'contact.ended'; contactId: string; by: string };

/** Work for the bot layer to carry out after the new state is saved; data, never I/O. */
export type Effect =
  | { type: 'notify'; event: DeskEvent }
  /** Show (or update) the agent's stacked contact-request popover; `connecting` first shows the connect popover (PO-1). */
  | { type: 'showRequests'; agentId: string; connecting?: string }
  /** Show (or update) the interaction card of a contact for its agent, or for `agentId` when someone else must see it. */
  | { type: 'showInteraction'; contactId: string; agentId?: string }
  /** Show (or update) the wrap-up card of a contact (WRAP-1), to its agent or to `agentId`. */
  | { type: 'showWrapUp'; contactId: string; agentId?: string }
  /** Show (or update) the consult-request card of everyone a consult was offered to (CON-5, XFER-2). */
  | { type: 'showConsultRequest'; contactId: string; to: string[] }
  /** Show (or update) the session card of these representatives (SUP-1..SUP-4); customers' pages follow the session record. */
  | { type: 'showSession'; sessionId: string; to: string[] }
  /** Update the agent's status card where one is showing. */
  | { type: 'showStatus'; agentId: string }
  /** Contacts may be waiting for an agent who just became free. */
  | { type: 'routeWaiting' }
  /** MSG-2: send a broadcast to each recipient once, through the outbox's message lane. */
  | { type: 'deliverMessage'; broadcastId: string; recipients: readonly string[] }
  /** Update the lead's delivery report of a broadcast (coalesced: at most one send per report period). */
  | { type: 'showReport'; broadcastId: string; leadId: string }
  /** ST-8: show the final notice of a switch to each recipient at `at` (their notice card updated, or sent anew). */
  | { type: 'showNotice'; broadcastId: string; to: readonly string[]; at: string }
  /** A command for the platform (PLAT-1): confirmed before the decision is saved, or told afterwards through the outbox. */
  | { type: 'platform'; confirm: boolean; command: PlatformCommand };
