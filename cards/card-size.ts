/** How big a card is as Teams counts it, and the budget every card is fitted to. */
import type { AdaptiveCardJson } from './render.js';

/** One KiB: the budget is set in KiB (`limits.maxCardKB` of the desk configuration). */
export const KIB = 1024;

/**
 * What the SDK adds to the activity around our attachment when it sends it:
 * conversation, bot and user ids, service URL, channel data. We do not build
 * it, so it is counted as a fixed allowance: Teams' ids are a few hundred
 * characters in all, well under these 2 KiB.
 */
export const ENVELOPE_BYTES = 2 * KIB;

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * The size of a card as Teams counts it: the UTF-16 bytes of the JSON of the
 * message activity that carries it as its attachment, plus the envelope
 * allowance. Why this measure:
 * - Teams limits the whole message, not the card: the attachment wrapper counts.
 * - Teams counts UTF-16, where every character of the JSON text is two bytes
 *   (four for one outside the Basic Multilingual Plane). A JavaScript string's
 *   `length` is its number of UTF-16 code units, so bytes = 2 × length, exactly;
 *   UTF-8 would undercount "æøå" and overcount nothing we care about.
 * - JSON.stringify is how the SDK serializes the activity, escapes included.
 * - An invoke answer (`{ statusCode, type, value: card }`) is shorter than the
 *   message that carries the same card, so a card that fits as a message fits as an answer.
 */
export function cardBytes(card: AdaptiveCardJson): number {
  return utf16Bytes({ type: 'message', attachments: [{ contentType: CARD_TYPE, content: card }] }) + ENVELOPE_BYTES;
}

/** The UTF-16 bytes of a value's JSON text. */
export function utf16Bytes(value: unknown): number {
  return 2 * JSON.stringify(value).length;
}
