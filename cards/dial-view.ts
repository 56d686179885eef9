import type { Locale } from './locale.js';
import { say } from './strings.js';
import type { DialView } from './views.js';

/**
 * The Dial part of a card (OUT-1). `number` fills the field (an ended call's
 * customer), `dialling` is the number a Dial on this card just sent to the
 * platform, and `contactId` names the card's contact, so the answer to Dial
 * is that same card.
 */
export function dialView(locale: Locale, can: boolean, options: { number?: string; dialling?: string | undefined; contactId?: string } = {}): DialView {
  return {
    can,
    number: options.number ?? '',
    text: options.dialling ? say(locale, 'dialling', { number: options.dialling }) : '',
    data: options.contactId ? { contactId: options.contactId } : {},
  };
}
