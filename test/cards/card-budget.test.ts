/**
 * Every card a person gets, at the worst case the desk configuration and the
 * platform API allow, in every language, is within the card size budget, is
 * valid Adaptive Card 1.5, keeps the buttons that act, never carries a secure
 * value, and its "Show all" buttons page through the rest.
 */
import { describe, expect, it } from 'vitest';
import { parseCardAction, VERBS } from '../../bot/card-actions.js';
import { DeskCards, type Reader } from '../../bot/desk-cards.js';
import { COMMAND_TITLES } from '../../bot/text-commands.js';
import type { FitRequest } from '../../cards/card-fit.js';
import { cardBytes, KIB } from '../../cards/card-size.js';
import { signInView } from '../../cards/expert-views.js';
import { MAX_NAME } from '../../cards/format.js';
import { INTERACTION_LISTS } from '../../cards/interaction-fit.js';
import { interactionView } from '../../cards/interaction-view.js';
import { LOCALES, type Locale } from '../../cards/locale.js';
import { type AdaptiveCardJson, createCardRenderer } from '../../cards/render.js';
import { errorView, helpView, welcomeView } from '../../cards/simple-views.js';
import type { DeskConfig } from '../../src/desk-config.js';
import type { DeskService } from '../../src/desk-service.js';
import type { Contact } from '../../src/engine/model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions } from '../support/desk-harness.js';
import {
  type Fill,
  MANY_AGENTS,
  manyAgents,
  MOST_EXPERTS,
  SECURE_VALUE,
  worst,
  worstAgent,
  worstContact,
  worstDesk,
  worstExperts,
} from '../support/worst-case.js';

const renderer = createCardRenderer();
const now = () => new Date('2026-11-20T10:01:00.000Z');

/** The desk cards over a fixed worst-case state: the agent, 51 offers (the most one agent can hold), a large tenant's roster. */
function worstCards(fill: Fill, desk: DeskConfig) {
  const offers = Array.from({ length: 51 }, (_, i) =>
    worstContact(i, fill, { status: 'offered', channel: i === 0 ? 'voice' : 'chat', kind: i === 0 ? 'webCallback' : 'inbound' }),
  );
  const agent = worstAgent(fill, { offers: offers.map((c) => c.id), code: desk.idleCodes[49]!.id });
  const people = manyAgents(fill);
  const service = {
    agent: async () => agent,
    contacts: async (ids: readonly string[]) => offers.filter((c) => ids.includes(c.id)),
    present: async () => people,
  } as unknown as DeskService;
  const warnings: string[] = [];
  const log = { debug() {}, info() {}, warn: (event: string) => void warnings.push(event), error() {} };
  return { cards: new DeskCards(service, renderer, desk, now, log), agent, offers, warnings };
}

const reader = (locale: Locale): Reader => ({ locale, userId: '29:worst', viewerId: 'agent-0' });
const call = (fill: Fill, extra: Partial<Contact> = {}) => worstContact(0, fill, extra);
const consult = (fill: Fill) =>
  call(fill, {
    consult: {
      state: 'requested',
      offeredTo: ['agent-1'],
      target: { kind: 'agent', id: 'agent-1', name: worst(256, 'T', fill) },
      requestedAt: '',
      timeoutAt: '',
    },
  });

/** Every card of the desk at its largest, as the desk renders it for a person (invoke answers and proactive cards alike). */
async function everyCard(fill: Fill, desk: DeskConfig, locale: Locale): Promise<Array<[string, AdaptiveCardJson]>> {
  const { cards, agent } = worstCards(fill, desk);
  const r = reader(locale);
  const search = { query: worst(100, 'q', fill), people: worstExperts(fill, 10) };
  const shortlist = { query: '', people: worstExperts(fill), favourites: worstExperts(fill, 25).map((p) => p.id) };
  const ended = call(fill, { status: 'ended', endedAt: '2026-11-20T10:00:50.000Z', endedBy: 'customer' });
  return [
    ['status', cards.status(agent, r, worst(300, 'e', fill))],
    ['requests', await cards.requests('agent-0', r, { error: worst(300, 'e', fill) })],
    ['requests/connecting', await cards.requests('agent-0', r, { connecting: worstContact(3, fill).id })],
    ['requests/last page', await cards.requests('agent-0', r, { page: 10 })],
    ['interaction/search', await cards.interaction(call(fill), r, worst(300, 'e', fill), search)],
    ['interaction/shortlist', await cards.interaction(call(fill), r, undefined, shortlist)],
    ['interaction/consult', await cards.interaction(consult(fill), r)],
    ['interaction/ended', await cards.interaction(ended, r)],
    ['wrapUp', cards.wrapUp(ended, r, worst(300, 'e', fill))],
    ['consultRequest', await cards.consultRequest(consult(fill), 'agent-1', r)],
    ['welcome', renderer.render('welcome', welcomeView(worst(256, 'N', fill), COMMAND_TITLES, locale), locale)],
    ['help', renderer.render('help', helpView(COMMAND_TITLES, locale, worst(300, 'e', fill)), locale)],
    ['error', renderer.render('error', errorView(worst(300, 'e', fill), locale), locale)],
    ['signIn', renderer.render('signIn', signInView(locale, worst(40, 't', fill)), locale)],
  ];
}

/** What must hold for any card a person gets. */
function expectSendable(card: AdaptiveCardJson, budget: number) {
  expect(cardBytes(card)).toBeLessThanOrEqual(budget);
  expect(validateCard(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(json).not.toContain(SECURE_VALUE);
  for (const action of cardActions(card)) {
    expect(VERBS).toContain(action.verb);
    // The buttons the budget adds or changes carry all they need (others get theirs from the card's inputs): they really work.
    if (action.data.show !== undefined || action.verb === 'requests.page' || action.verb === 'requests.acceptAll') {
      expect(parseCardAction({ action: { type: 'Action.Execute', verb: action.verb, data: action.data } })).not.toBeTypeOf('string');
    }
  }
}

// Budgets: the smallest the configuration allows, the default, the largest.
describe.each([40, 80, 100])('at %i KiB, with the longest printable text (") everywhere', (kb) => {
  const desk = worstDesk(kb);
  it.each(LOCALES)('every card in %s is within the budget, valid 1.5, bound, and carries no secure value', async (locale) => {
    for (const [name, card] of await everyCard('quote', desk, locale)) {
      try {
        expectSendable(card, kb * KIB);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    }
  });
});

describe('at the default 80 KiB, with ids, names and values full of characters JSON escapes (six characters each)', () => {
  const desk = worstDesk();
  it.each(LOCALES)('every card in %s is within the budget', async (locale) => {
    expect(desk.limits.maxCardKB).toBe(80);
    for (const [name, card] of await everyCard('escaped', desk, locale)) {
      try {
        expectSendable(card, 80 * KIB);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    }
  });
});

describe('what a reduced card keeps', () => {
  const desk = worstDesk();
  const big = worstCards('quote', desk);
  const fits = worstCards('quote', { ...desk, limits: { ...desk.limits, maxCardKB: 100 } });
  const r = reader('en');

  it('the interaction card keeps title, status, timer, recording and every call button; each cut list says what is not shown', async () => {
    const card = await big.cards.interaction(call('quote'), r, undefined, { query: 'q', people: worstExperts('quote', 10) });
    const smallest = await big.cards.interaction(call('quote'), r, undefined, { query: 'q', people: worstExperts('quote', 10) }, { smallest: true });
    for (const reduced of [card, smallest]) {
      const text = JSON.stringify(reduced);
      expect(text).toContain('"text":"Connected"');
      expect(text).toContain('"text":"00:00:55 · since {{TIME(2026-11-20T10:00:05Z)}}"');
      expect(text).toContain('● Recording');
      expect((reduced.actions as Array<{ verb: string }>).map((a) => a.verb)).toEqual(['contact.hold', 'contact.end', 'recording.pause']);
      const verbs = cardActions(reduced).map((a) => `${a.verb}/${a.data.via ?? a.data.show ?? ''}`);
      expect(verbs).toEqual(expect.arrayContaining(['contact.direct/dial', 'consult.search/']));
    }
    // The smallest form collapses every list behind "Show all", each with its count.
    const rows = cardActions(smallest).filter((a) => a.data.show !== undefined);
    expect(rows.map((a) => [a.data.show, a.title])).toEqual([
      ['variables', 'Show all (25 more)'],
      ['agents', `Show all (${MANY_AGENTS} more)`],
      ['queues', 'Show all (400 more)'],
      ['addresses', 'Show all (200 more)'],
      ['experts', 'Show all (10 more)'],
      ['inputs', 'Show all (25 more)'],
    ]);
    expect(JSON.stringify(smallest)).toContain('Agents: 1000 not shown');
  });

  it('a card that fits whole is not reduced', async () => {
    const card = await fits.cards.interaction(call('quote', { channel: 'chat', variables: call('quote').variables.slice(0, 10) }), r);
    expect(cardActions(card).some((a) => a.data.show !== undefined)).toBe(false);
    expect(cardActions(card).some((a) => a.verb === 'variables.save')).toBe(true);
  });

  it('PO-3: the reduced popover pages fewer requests but keeps each one Accept, the pager and "Accept 50 requests" (by offer time)', async () => {
    const card = await big.cards.requests('agent-0', r, { page: 0 });
    const actions = cardActions(card);
    const accept = actions.filter((a) => a.verb === 'requests.accept');
    const size = (card.refresh as { action: { data: { size: number } } }).action.data.size;
    expect(size).toBeLessThanOrEqual(5);
    expect(accept.length + actions.filter((a) => a.verb === 'requests.cancelCallback').length).toBe(size);
    expect(actions.find((a) => a.verb === 'requests.page')).toMatchObject({ data: { page: 1, size } });
    expect(actions.find((a) => a.verb === 'requests.acceptAll')).toMatchObject({ title: 'Accept 50 requests', data: { upTo: '2026-11-20T10:00:00.000Z' } });
    expect(JSON.stringify(card)).toContain(`"text":"1-${size} of 51"`);
  });

  it('WRAP-1: the reduced wrap-up card keeps Submit; a chosen code stays chosen on every page', async () => {
    const ended = call('quote', { status: 'ended' });
    const chosen = desk.wrapUpCodes[150]!.id;
    const card = big.cards.wrapUp(ended, r, undefined, { code: chosen });
    expect(cardActions(card).filter((a) => a.verb === 'wrapUp.submit')).toHaveLength(1);
    const input = (card.body as Array<{ id?: string; value?: string; choices?: Array<{ value: string }> }>).find((e) => e.id === 'code')!;
    expect(input.value).toBe(chosen);
    expect(input.choices!.map((c) => c.value)).toContain(chosen);
    expect(input.choices!.length).toBeLessThan(200);
  });

  it.each(['quote', 'escaped'] as const)(
    'CON-5, ST-4: the consult request and the status card (not measured when sent) stay under the smallest budget, 40 KiB, with %s text',
    async (fill) => {
      const small = worstCards(fill, desk);
      expect(cardBytes(await small.cards.consultRequest(consult(fill), 'agent-1', r))).toBeLessThan(40 * KIB);
      // A refusal on the status card is one of our sentences with a state or code name: printable, well under 300 characters.
      expect(cardBytes(small.cards.status(small.agent, r, worst(300, 'e')))).toBeLessThan(40 * KIB);
      expect(small.warnings).toEqual([]);
    },
  );
});

describe('names longer than Entra allows (256) are clipped, so no card grows with them', () => {
  const desk = worstDesk();
  const long = 'Ø'.repeat(10_000);
  const service = {
    agent: async () => undefined,
    contacts: async () => [],
    present: async () => [{ id: 'a1', name: long, state: 'Available' }],
  } as unknown as DeskService;
  const cards = new DeskCards(service, renderer, desk, now);

  it('in the consult list, the consult panes, the welcome card and expert results', async () => {
    const contact = call('quote', {
      consult: {
        state: 'active',
        offeredTo: ['a1'],
        party: 'a1',
        partyName: long,
        target: { kind: 'agent', id: 'a1', name: long },
        requestedAt: '',
        timeoutAt: '',
      },
    });
    const expert = { ...worstExperts('quote', 1)[0]!, displayName: long, jobTitle: long, department: long, givenName: long };
    for (const card of [
      await cards.interaction(call('quote'), reader('en')),
      await cards.interaction(contact, reader('en')),
      await cards.interaction(call('quote'), reader('en'), undefined, { query: 'q', people: [expert] }),
      renderer.render('welcome', welcomeView(long, COMMAND_TITLES, 'en'), 'en'),
    ]) {
      expect(JSON.stringify(card)).not.toContain('Ø'.repeat(MAX_NAME));
      expect(JSON.stringify(card)).toContain(`${'Ø'.repeat(MAX_NAME - 1)}…`);
    }
  });
});

/** Presses "Show all" under `list`, then Next until there is none; returns each page. */
async function pageThrough(render: (fit: FitRequest) => Promise<AdaptiveCardJson> | AdaptiveCardJson, first: AdaptiveCardJson, list: string) {
  const pages: AdaptiveCardJson[] = [];
  let button = cardActions(first).find((a) => a.data.show === list);
  while (button) {
    const pressed = parseCardAction({ action: { type: 'Action.Execute', verb: button.verb, data: button.data } });
    if (typeof pressed === 'string') throw new Error(`${button.verb} refused its own data`);
    const data = pressed.data as { show?: string; from?: number };
    const page = await render({ ...(data.show !== undefined ? { show: data.show } : {}), ...(data.from !== undefined ? { from: data.from } : {}) });
    pages.push(page);
    const from = Number(data.from ?? 0);
    button = cardActions(page).find((a) => a.data.show === list && Number(a.data.from) > from);
  }
  return pages;
}

const choiceValues = (card: AdaptiveCardJson, id: string): string[] => {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return void node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const element = node as { id?: string; choices?: Array<{ value: string }> };
    if (element.id === id && element.choices) found.push(...element.choices.map((c) => c.value));
    for (const value of Object.values(node)) walk(value);
  };
  walk(card.body);
  return found;
};

describe('"Show all" pages through the rest, every page within the budget', () => {
  const desk = worstDesk();
  const { cards } = worstCards('quote', desk);
  const r = reader('sv');
  const contact = call('quote');
  const experts = { query: 'q', people: worstExperts('quote') };
  const render = (fit: FitRequest) => cards.interaction(contact, r, undefined, experts, fit);
  const itemsOf: Record<(typeof INTERACTION_LISTS)[number], (card: AdaptiveCardJson) => string[]> = {
    variables: (card) =>
      ((card.body as Array<{ type: string; facts?: Array<{ title: string }> }>).find((e) => e.type === 'FactSet')?.facts ?? [])
        .map((f) => f.title)
        .filter((t) => t.startsWith('L')),
    inputs: (card) => (card.body as Array<{ id?: string }>).flatMap((e) => (e.id?.startsWith('var_') ? [e.id] : [])),
    experts: (card) => cardActions(card).flatMap((a) => (a.verb === 'consult.start' ? [String((a.data.target as { id: string }).id)] : [])),
    agents: (card) => choiceValues(card, 'agentTarget'),
    queues: (card) => choiceValues(card, 'queueTarget'),
    addresses: (card) => choiceValues(card, 'addressTarget'),
  };
  const totals = { variables: 25, inputs: 25, experts: MOST_EXPERTS, agents: MANY_AGENTS, queues: 400, addresses: 200 };
  // The whole lists, in the order the full card would show them.
  const full = interactionView(contact, {
    variables: desk.variables,
    queues: desk.queues,
    locale: 'sv',
    now: now(),
    userId: '29:worst',
    targets: { people: manyAgents('quote'), queues: desk.queues, entryPoints: desk.entryPoints, addressBook: desk.addressBook },
    experts,
  });
  const expected = {
    variables: full.variables.map((f) => f.title),
    inputs: full.inputs.map((i) => i.id),
    experts: full.experts.map((e) => e.targetId),
    agents: full.agentChoices.map((c) => c.value),
    queues: full.queueChoices.map((c) => c.value),
    addresses: full.addressChoices.map((c) => c.value),
  };

  it.each(INTERACTION_LISTS)('%s: every item once, in order, across the pages', async (list) => {
    const first = await render({});
    const pages = await pageThrough(render, first, list);
    expect(pages.length).toBeGreaterThan(list === 'agents' ? 1 : 0);
    const seen = pages.flatMap((page) => itemsOf[list](page));
    expect(expected[list]).toHaveLength(totals[list]);
    expect(seen).toEqual(expected[list]);
    for (const page of pages) expectSendable(page, 80 * KIB);
    // While paging, the call's buttons stay.
    expect((pages.at(-1)!.actions as Array<{ verb: string }>).map((a) => a.verb)).toEqual(['contact.hold', 'contact.end', 'recording.pause']);
  });

  it('WRAP-1: wrap-up and outcome codes page through all 200, and a code chosen on one page survives paging the other list', async () => {
    const ended = call('quote', { status: 'ended' });
    const code = desk.wrapUpCodes[120]!.id;
    const wrap = (fit: FitRequest) => cards.wrapUp(ended, r, undefined, { ...fit, code });
    const first = wrap({});
    for (const [list, id] of [
      ['codes', 'code'],
      ['outcomes', 'outcome'],
    ] as const) {
      const pages = await pageThrough(wrap, first, list);
      const seen = new Set(pages.flatMap((page) => choiceValues(page, id)));
      expect(seen.size).toBe(200);
      for (const page of pages) {
        expectSendable(page, 80 * KIB);
        expect(cardActions(page).filter((a) => a.verb === 'wrapUp.submit')).toHaveLength(1);
        const input = (page.body as Array<{ id?: string; value?: string }>).find((e) => e.id === 'code');
        expect(input?.value).toBe(code);
      }
    }
  });
});
