/** What a consult or transfer can target (CON-1, XFER-1). */
export type ConsultTargetKind = 'agent' | 'expert' | 'queue' | 'entryPoint' | 'dialNumber';

/** A consult target as the requester chose it. */
export interface ConsultTarget {
  kind: ConsultTargetKind;
  /** Entra object id for agent and expert, queue id, entry-point id, or the cleaned number. */
  id: string;
  name: string;
}

/** Where a consult is (CON-5..CON-8). */
export type ConsultState = 'requested' | 'active' | 'held' | 'conference';

/** A consult on a call: agent 1 (the contact's agent) brings in a consulted party (agent 2 or an expert). */
export interface Consult {
  target: ConsultTarget;
  state: ConsultState;
  requestedAt: string;
  /** Deadline for someone to accept (CON-7). */
  timeoutAt: string;
  /** Everyone the request card went to: one person, or every eligible agent of a queue (XFER-2). */
  offeredTo: string[];
  /** `transfer`: a queue transfer offered to every eligible agent; the first to accept takes the call (XFER-2). */
  mode?: 'consult' | 'transfer';
  /** The consulted party once someone accepted. */
  party?: string;
  partyName?: string;
}
