/** Every refusal the engine can answer with; the bot maps each code to a localized message. */
export type DeskErrorCode =
  | 'agent.unknown'
  | 'status.unknownState'
  | 'status.systemOnly'
  | 'status.codeRequired'
  | 'status.unknownCode'
  | 'status.codeNotAllowed'
  | 'status.phoneRequired'
  | 'status.busy'
  | 'status.wrapUpPending'
  | 'status.ronaOnlyAvailable'
  | 'phone.invalid';

/** A refusal with optional details that the message may interpolate (never secrets). */
export interface DeskError {
  code: DeskErrorCode;
  details?: Record<string, string | number>;
}

/** Builds a DeskError. */
export const deskError = (code: DeskErrorCode, details?: DeskError['details']): DeskError =>
  details ? { code, details } : { code };
