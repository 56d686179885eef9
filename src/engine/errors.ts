/** Every refusal the engine can answer with; the bot maps each code to a localized message. */
export type DeskErrorCode =
  | 'agent.unknown'
  | 'agent.notAvailable'
  | 'status.unknownState'
  | 'status.systemOnly'
  | 'status.codeRequired'
  | 'status.unknownCode'
  | 'status.phoneRequired'
  | 'status.busy'
  | 'status.wrapUpPending'
  | 'status.ronaOnlyAvailable'
  | 'status.popoverPending'
  | 'phone.invalid'
  | 'contact.unknown'
  | 'contact.exists'
  | 'contact.notYours'
  | 'contact.notOffered'
  | 'contact.notConnected'
  | 'contact.ended'
  | 'contact.answerOnPhone'
  | 'contact.onHold'
  | 'contact.notVoice'
  | 'contact.notCallback'
  | 'queue.unknown'
  | 'queue.channelNotServed'
  | 'tenant.concurrentCallLimit'
  | 'recording.off'
  | 'recording.notPaused'
  | 'recording.alreadyPaused'
  | 'variable.unknown'
  | 'variable.notEditable'
  | 'variable.tooLong'
  | 'variable.invalidDate'
  | 'variable.notSaved'
  | 'consult.needsCall'
  | 'consult.inProgress'
  | 'consult.none'
  | 'consult.self'
  | 'consult.targetUnavailable'
  | 'consult.targetUnsupported'
  | 'consult.noneAvailable'
  | 'consult.notOffered'
  | 'consult.taken'
  | 'consult.notAccepted'
  | 'consult.requesterOnly'
  | 'dialNumber.invalid'
  | 'transfer.targetUnavailable'
  | 'entryPoint.unknown'
  | 'wrapUp.notPending'
  | 'wrapUp.codeRequired'
  | 'wrapUp.unknownCode'
  | 'wrapUp.outcomeRequired'
  | 'wrapUp.unknownOutcome';

/** A refusal with optional details that the message may interpolate (never secrets). */
export interface DeskError {
  code: DeskErrorCode;
  details?: Record<string, string | number>;
}

/** Builds a DeskError. */
export const deskError = (code: DeskErrorCode, details?: DeskError['details']): DeskError => (details ? { code, details } : { code });
