/**
 * The smaller forms of the wrap-up card (WRAP-1): the summary and Submit stay;
 * the wrap-up and outcome code lists are cut, with "n more" rows that page
 * through them. A code already chosen stays on every page, chosen, so a person
 * can pick a code on one page and an outcome on another and submit both.
 */
import { type FitRequest, type ListWindow, listShrinking, moreRow, type Shrinking, sliceOf } from './card-fit.js';
import type { Locale } from './locale.js';
import type { WrapUpView } from './views.js';

/** The lists of the wrap-up card that can be cut. */
export const WRAP_UP_LISTS = ['codes', 'outcomes'] as const;

/** A list of the wrap-up card that can be cut. */
export type WrapUpList = (typeof WRAP_UP_LISTS)[number];

type Choice = { title: string; value: string };

/** The wrap-up card's forms; `request` pages through one list. */
export function wrapUpShrinking(view: WrapUpView, locale: Locale, request?: FitRequest): Shrinking<WrapUpView> {
  const lengths: Record<WrapUpList, number> = { codes: view.codes.length, outcomes: view.outcomes.length };
  return listShrinking(lengths, request, (windows, focus) => ({
    ...view,
    codes: withChosen(view.codes, windows.codes, view.selectedCode),
    outcomes: withChosen(view.outcomes, windows.outcomes, view.selectedOutcome),
    more: {
      codes: row(view, 'codes', windows.codes, focus, locale),
      outcomes: row(view, 'outcomes', windows.outcomes, focus, locale),
    },
  }));
}

/** The window of `choices`, with the chosen one first when the window does not hold it. */
function withChosen(choices: readonly Choice[], window: ListWindow, chosen: string): Choice[] {
  const shown = sliceOf(choices, window);
  const pinned = chosen && !shown.some((c) => c.value === chosen) ? choices.find((c) => c.value === chosen) : undefined;
  return pinned ? [pinned, ...shown] : shown;
}

function row(view: WrapUpView, list: WrapUpList, window: ListWindow, focus: WrapUpList | undefined, locale: Locale) {
  return moreRow(
    {
      what: list === 'codes' ? 'list.codes' : 'list.outcomes',
      total: view[list].length,
      window,
      focused: list === focus,
      button: (title, from) => ({ title, verb: 'wrapUp.refresh', contactId: view.contactId, show: list, from }),
    },
    locale,
  );
}
