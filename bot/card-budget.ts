/**
 * The second line of the card size budget: every card is fitted before it is
 * sent (cards/card-fit.ts), but our measure is not Teams' own. When the Bot
 * Connector refuses a card as too large anyway (HTTP 413, MessageSizeTooBig),
 * the card goes once more in its smallest form; a second refusal is logged.
 */
import { cardBytes } from '../cards/card-size.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import type { Log } from '../src/log.js';

/** A card in its fitted form (`smallest` false) or its smallest form (every long list collapsed). */
export type CardForms = (smallest: boolean) => AdaptiveCardJson | Promise<AdaptiveCardJson>;

/** Whether the Bot Connector refused a message as too large: status 413, or Teams' error code. */
export function isTooLarge(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { statusCode, status, code } = error as { statusCode?: unknown; status?: unknown; code?: unknown };
  return statusCode === 413 || status === 413 || code === 'MessageSizeTooBig';
}

/**
 * Sends `forms(false)` with `send`; when that is refused as too large, sends
 * `forms(true)` once. Other failures are thrown to the caller as they are.
 * A refused smallest form is logged as `delivery.tooLarge` with `about` (ids
 * only) and both sizes, never the card's content, and not thrown: nothing more
 * can be made of it, and the person's other cards must still go.
 * @returns whether a card was delivered.
 */
export async function deliverWithinBudget(
  send: (card: AdaptiveCardJson) => Promise<void>,
  forms: CardForms,
  log: Log,
  about: Record<string, string>,
): Promise<boolean> {
  const card = await forms(false);
  try {
    await send(card);
    return true;
  } catch (error) {
    if (!isTooLarge(error)) throw error;
  }
  const smallest = await forms(true);
  const sizes = { bytes: cardBytes(card), smallestBytes: cardBytes(smallest) };
  try {
    await send(smallest);
    log.info('delivery.reduced', { ...about, ...sizes });
    return true;
  } catch (error) {
    if (!isTooLarge(error)) throw error;
    log.warn('delivery.tooLarge', { ...about, ...sizes });
    return false;
  }
}
