/** Answers to Teams invokes: cards, errors, and the time limit Teams puts on them. */
import type { InvokeResponse } from 'botbuilder';
import type { Locale } from '../cards/locale.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import { isStringKey, say, type StringKey } from '../cards/strings.js';
import type { DeskError } from '../src/engine/errors.js';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The localized sentence for an engine refusal. */
export function errorMessage(error: DeskError, locale: Locale): string {
  const key = `error.${error.code}`;
  if (!isStringKey(key)) return say(locale, 'error.request.failed');
  const details = { ...error.details };
  if (typeof details.state === 'string' && isStringKey(`state.${details.state}`)) {
    details.state = say(locale, `state.${details.state}` as StringKey);
  }
  return say(locale, key, details);
}

/** How long an invoke may wait on slow work (a directory) and still answer within Teams' 5 s. */
export const INVOKE_WORK_LIMIT_MS = 4000;

/** Work that did not finish within an invoke's time limit. */
export class InvokeTimeoutError extends Error {
  override name = 'InvokeTimeoutError';
}

/** Rejects with InvokeTimeoutError when `work` takes longer than `ms`; Teams waits only a few seconds for an invoke. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new InvokeTimeoutError(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The Universal Actions answer that replaces the card with `card`. */
export function cardResponse(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: card } };
}

/** The Universal Actions error answer Teams shows on the card. */
export function errorResponse(statusCode: number, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
