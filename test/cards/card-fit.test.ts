import { describe, expect, it } from 'vitest';
import { fitCard, listShrinking, moreRow, type MoreSpec, type Shrinking } from '../../cards/card-fit.js';
import { cardBytes, ENVELOPE_BYTES, KIB } from '../../cards/card-size.js';
import { type AdaptiveCardJson, type CardRenderer, createCardRenderer } from '../../cards/render.js';
import { errorView } from '../../cards/simple-views.js';
import type { ErrorView } from '../../cards/views.js';

const renderer = createCardRenderer();
const card = (text: string): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });

describe('the size of a card as Teams counts it', () => {
  it('is the UTF-16 bytes of the message that carries it, plus the envelope allowance', () => {
    const c = card('hello');
    const message = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: c }] };
    expect(cardBytes(c)).toBe(2 * JSON.stringify(message).length + ENVELOPE_BYTES);
  });

  it.each([
    ['a', 2, 'ASCII: 1 byte in UTF-8, 2 in UTF-16'],
    ['€', 2, 'euro: 3 bytes in UTF-8, 2 in UTF-16'],
    ['æøå', 6, 'Nordic letters: 2 bytes each'],
    ['😀', 4, 'outside the Basic Multilingual Plane: a surrogate pair'],
    ['"', 4, 'a quote is written \\"'],
    ['\u0001', 12, 'a control character is written \\u0001'],
  ])('%s adds %i bytes (%s)', (text, bytes) => {
    expect(cardBytes(card(text)) - cardBytes(card(''))).toBe(bytes);
  });
});

/** A renderer that counts its renders. */
function counting(): CardRenderer & { renders: number } {
  const counter = {
    renders: 0,
    render: ((name, view, locale) => {
      counter.renders += 1;
      return renderer.render(name, view, locale);
    }) as CardRenderer['render'],
  };
  return counter;
}

/** Error cards whose text grows with the level: 50 characters a level, 100 levels. */
const growing: Shrinking<ErrorView> = { top: 100, at: (level) => errorView('x'.repeat(level * 50), 'en') };
const full = errorView('x'.repeat(6000), 'en');
const sizeAt = (level: number) => cardBytes(renderer.render('error', growing.at(level), 'en'));

describe('fitting a card to the budget', () => {
  it('a card within the budget is rendered once, whole', () => {
    const r = counting();
    const fitted = fitCard(r, 'error', errorView('short', 'en'), 'en', 80 * KIB, growing);
    expect(fitted).toMatchObject({ fits: true, reduced: false });
    expect(JSON.stringify(fitted.card)).toContain('short');
    expect(r.renders).toBe(1);
  });

  it.each([sizeAt(0), sizeAt(1), sizeAt(37) + 1, sizeAt(64), sizeAt(100) - 1])('over a budget of %i bytes, the largest form that fits is chosen', (budget) => {
    const fitted = fitCard(counting(), 'error', full, 'en', budget, growing);
    let best = 0;
    for (let level = 0; level <= growing.top; level++) if (sizeAt(level) <= budget) best = level;
    expect(fitted).toMatchObject({ fits: true, reduced: true });
    expect(fitted.bytes).toBe(sizeAt(best));
    expect(fitted.bytes).toBeLessThanOrEqual(budget);
  });

  it('finds it in few renders: galloping, then bisecting', () => {
    const r = counting();
    fitCard(r, 'error', full, 'en', sizeAt(37), growing);
    expect(r.renders).toBeLessThanOrEqual(2 + 2 * Math.ceil(Math.log2(growing.top)));
  });

  it('the smallest form when asked for, even when the whole card would fit', () => {
    const fitted = fitCard(counting(), 'error', errorView('short', 'en'), 'en', 80 * KIB, growing, true);
    expect(fitted).toMatchObject({ reduced: true, bytes: sizeAt(0) });
  });

  it('says so when not even the smallest form fits, and gives that form', () => {
    const fitted = fitCard(counting(), 'error', full, 'en', sizeAt(0) - 1, growing);
    expect(fitted).toMatchObject({ fits: false, reduced: true, bytes: sizeAt(0) });
  });

  it('a card without smaller forms is measured and reported as it is', () => {
    expect(fitCard(counting(), 'error', full, 'en', 100)).toMatchObject({ fits: false, reduced: false });
  });
});

describe('the forms of a card with several lists', () => {
  const lengths = { a: 10, b: 3, c: 0 };
  const shrinking = (request?: { show?: string; from?: number }) => listShrinking(lengths, request, (windows, focus) => ({ windows, focus }));

  it('without a focus, level k shows at most k items of every list', () => {
    const s = shrinking();
    expect(s.top).toBe(10);
    expect(s.at(2)).toEqual({ windows: { a: { from: 0, count: 2 }, b: { from: 0, count: 2 }, c: { from: 0, count: 2 } }, focus: undefined });
  });

  it('with a focus, that list from its offset (at least one item), the others collapsed', () => {
    const s = shrinking({ show: 'a', from: 4 });
    expect(s.top).toBe(5);
    expect(s.at(0)).toEqual({ windows: { a: { from: 4, count: 1 }, b: { from: 0, count: 0 }, c: { from: 0, count: 0 } }, focus: 'a' });
  });

  it.each([
    [{ show: 'a', from: 10_000 }, 'a', 9],
    [{ show: 'a', from: -3 }, 'a', 0],
    [{ show: 'c', from: 0 }, undefined, 0],
    [{ show: 'toString', from: 0 }, undefined, 0],
    [{ show: '__proto__' }, undefined, 0],
  ])('a page request %j that does not fit the lists is read sensibly', (request, focus, from) => {
    const first = shrinking(request).at(0);
    expect(first.focus).toBe(focus);
    if (focus) expect(first.windows.a.from).toBe(from);
  });
});

describe('the "n more" row under a cut list', () => {
  const spec = (window: { from: number; count: number }, focused = false): MoreSpec => ({
    what: 'list.variables',
    total: 50,
    window,
    focused,
    button: (title, from) => ({ title, verb: 'interaction.refresh', contactId: 'c1', show: 'variables', from }),
  });

  it('is absent when the whole list is shown', () => {
    expect(moreRow(spec({ from: 0, count: 50 }), 'en')).toEqual([]);
    expect(moreRow({ ...spec({ from: 0, count: 0 }), total: 0 }, 'en')).toEqual([]);
  });

  it('says how many are not shown and offers Show all, in the reader language', () => {
    expect(moreRow(spec({ from: 0, count: 0 }), 'en')).toEqual([
      { text: 'Variables: 50 not shown', buttons: [expect.objectContaining({ title: 'Show all (50 more)', from: 0 })] },
    ]);
    expect(moreRow(spec({ from: 0, count: 13 }), 'da')).toEqual([
      { text: 'Variabler 1-13 af 50', buttons: [expect.objectContaining({ title: 'Vis alle (37 mere)', from: 0 })] },
    ]);
    expect(moreRow(spec({ from: 0, count: 13 }), 'nb')[0]?.buttons[0]?.title).toBe('Vis alle (37 til)');
    expect(moreRow(spec({ from: 0, count: 13 }), 'sv')[0]?.text).toBe('Variabler 1-13 av 50');
  });

  it('while paging, offers Previous and Next from where this page ends', () => {
    expect(moreRow(spec({ from: 20, count: 10 }, true), 'en')).toEqual([
      {
        text: 'Variables 21-30 of 50',
        buttons: [expect.objectContaining({ title: 'Previous', from: 10 }), expect.objectContaining({ title: 'Next (20 more)', from: 30 })],
      },
    ]);
    expect(moreRow(spec({ from: 40, count: 10 }, true), 'en')[0]?.buttons.map((b) => b.title)).toEqual(['Previous']);
  });
});
