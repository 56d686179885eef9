import type { Locale } from '../../cards/locale.js';
import { isStringKey, say, type StringKey } from '../../cards/strings.js';
import type { DeskError } from '../engine/errors.js';

/** The engine's refusal in the reader's language, worded as on the chat cards. */
export function refusalText(error: DeskError, locale: Locale): string {
  const key = `error.${error.code}`;
  if (!isStringKey(key)) return say(locale, 'error.request.failed');
  const details = { ...error.details };
  if (typeof details.state === 'string' && isStringKey(`state.${details.state}`)) details.state = say(locale, `state.${details.state}` as StringKey);
  return say(locale, key, details);
}
