/**
 * Fitting a card to the size budget: render the full card; when it is over,
 * render smaller forms of it (long lists cut, with "n more" rows whose buttons
 * show the rest in pages) and keep the largest that fits.
 */
import { cardBytes } from './card-size.js';
import type { Locale } from './locale.js';
import type { AdaptiveCardJson, CardRenderer } from './render.js';
import { say, type StringKey } from './strings.js';
import type { CardName, CardViews } from './views.js';

/** What a person asked to see of a card that did not fit whole. */
export interface FitRequest {
  /** The list to show from `from` ("Show all" and its Previous/Next pages). */
  show?: string;
  from?: number;
  /** The smallest form, every long list collapsed: asked for after Teams refused the card as too large. */
  smallest?: boolean;
}

/** A card's smaller forms: `at(0)` is the smallest, each higher level shows more, `at(top)` the most. */
export interface Shrinking<V> {
  top: number;
  at(level: number): V;
}

/** A rendered card and its size. */
export interface FittedCard {
  card: AdaptiveCardJson;
  bytes: number;
  /** False when even the smallest form is over the budget (the configuration allows nothing that does this; a test proves it). */
  fits: boolean;
  /** Whether a smaller form than the full card was chosen. */
  reduced: boolean;
}

/**
 * The full card when it is within `budget`, else the largest smaller form that
 * is, found by galloping then bisecting over the levels (size grows with the
 * level); the smallest form when asked for. The common case costs one render and one measure.
 */
export function fitCard<N extends CardName>(
  renderer: CardRenderer,
  name: N,
  full: CardViews[N],
  locale: Locale,
  budget: number,
  shrinking?: Shrinking<CardViews[N]>,
  smallest = false,
): FittedCard {
  const render = (view: CardViews[N]) => {
    const card = renderer.render(name, view, locale);
    return { card, bytes: cardBytes(card) };
  };
  if (!shrinking) {
    const whole = render(full);
    return { ...whole, fits: whole.bytes <= budget, reduced: false };
  }
  if (!smallest) {
    const whole = render(full);
    if (whole.bytes <= budget) return { ...whole, fits: true, reduced: false };
  }
  let best = render(shrinking.at(0));
  if (smallest || best.bytes > budget) return { ...best, fits: best.bytes <= budget, reduced: true };
  // Galloping up from the smallest form renders small cards only: the level that fits is usually far below the top.
  let low = 0;
  let high = shrinking.top;
  for (let probe = 1; probe <= high; probe *= 2) {
    const tried = render(shrinking.at(probe));
    if (tried.bytes > budget) {
      high = probe - 1;
      break;
    }
    low = probe;
    best = tried;
  }
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const tried = render(shrinking.at(mid));
    if (tried.bytes <= budget) {
      low = mid;
      best = tried;
    } else high = mid - 1;
  }
  return { ...best, fits: true, reduced: true };
}

/** Which part of a list a form shows: items `from` to `from + count`. */
export interface ListWindow {
  from: number;
  count: number;
}

/** "Show all", "Previous" or "Next" under a cut list: shows the list from `from`. */
export interface MoreButton {
  title: string;
  verb: string;
  contactId: string;
  show: string;
  from: number;
}

/** The row under a cut list: what is shown of how many, and the buttons that show the rest. */
export interface MoreRow {
  text: string;
  buttons: MoreButton[];
}

/**
 * The forms of a card with several long lists. Without a focus, level `k`
 * shows at most `k` items of every list. With a focus (a "Show all" or page
 * button), the focused list is shown from its offset, `level + 1` items, and
 * every other list is collapsed to its "Show all" row.
 */
export function listShrinking<S extends string, V>(
  lengths: Readonly<Record<S, number>>,
  request: FitRequest | undefined,
  cut: (windows: Record<S, ListWindow>, focus: S | undefined) => V,
): Shrinking<V> {
  const lists = Object.keys(lengths) as S[];
  const focus = lists.find((list) => list === request?.show && lengths[list] > 0);
  if (focus !== undefined) {
    const from = Math.min(Math.max(0, Math.floor(request?.from ?? 0)), lengths[focus] - 1);
    return {
      top: lengths[focus] - from - 1,
      at: (level) =>
        cut(
          windowsOf(lists, (list) => (list === focus ? { from, count: level + 1 } : { from: 0, count: 0 })),
          focus,
        ),
    };
  }
  return {
    top: Math.max(0, ...lists.map((list) => lengths[list])),
    at: (level) =>
      cut(
        windowsOf(lists, () => ({ from: 0, count: level })),
        undefined,
      ),
  };
}

function windowsOf<S extends string>(lists: readonly S[], window: (list: S) => ListWindow): Record<S, ListWindow> {
  return Object.fromEntries(lists.map((list) => [list, window(list)])) as Record<S, ListWindow>;
}

/** Items `window` of a list. */
export function sliceOf<T>(items: readonly T[], window: ListWindow): T[] {
  return items.slice(window.from, window.from + window.count);
}

/** What a "more" row needs to know about its list. */
export interface MoreSpec {
  /** The list's name in the reader's language ("Variables"). */
  what: StringKey;
  total: number;
  window: ListWindow;
  /** Whether this list is the one being paged through. */
  focused: boolean;
  /** The button that shows the list from an offset (its verb and contact). */
  button: (title: string, from: number) => MoreButton;
}

/** Zero or one row: nothing when the whole list is shown; else "Variables 1-13 of 50" and Show all, or Previous and Next while paging. */
export function moreRow(spec: MoreSpec, locale: Locale): MoreRow[] {
  const { total, window } = spec;
  const shown = Math.min(window.count, Math.max(0, total - window.from));
  if (total === 0 || (window.from === 0 && shown >= total)) return [];
  const what = say(locale, spec.what);
  const text =
    shown === 0 ? say(locale, 'more.none', { what, total }) : say(locale, 'more.range', { what, from: window.from + 1, to: window.from + shown, total });
  const after = total - window.from - shown;
  if (!spec.focused) return [{ text, buttons: [spec.button(say(locale, 'more.showAll', { count: total - shown }), 0)] }];
  const buttons: MoreButton[] = [];
  if (window.from > 0) buttons.push(spec.button(say(locale, 'previous'), Math.max(0, window.from - Math.max(1, shown))));
  if (after > 0) buttons.push(spec.button(say(locale, 'more.next', { count: after }), window.from + shown));
  return [{ text, buttons }];
}
