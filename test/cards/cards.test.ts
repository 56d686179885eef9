import { describe, expect, it } from 'vitest';
import { VERBS } from '../../bot/card-actions.js';
import { COMMAND_TITLES } from '../../bot/text-commands.js';
import { createCardRenderer } from '../../cards/render.js';
import { LOCALES, pickLocale } from '../../cards/locale.js';
import { errorView, helpView, welcomeView } from '../../cards/simple-views.js';
import { statusView } from '../../cards/status-view.js';
import { STRINGS } from '../../cards/strings.js';
import { loadDeskConfig } from '../../src/desk-config.js';
import { AGENT_STATES } from '../../src/engine/agent-state.js';
import type { Agent } from '../../src/engine/model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardTexts } from '../support/desk-harness.js';

const desk = loadDeskConfig(new URL('../../config/desk.json', import.meta.url).pathname, '/');
const cards = createCardRenderer();
const now = new Date('2026-11-20T10:30:15.000Z');
const agent = (state: Agent['state'], extra: Partial<Agent> = {}): Agent => ({
  id: 'a1',
  name: 'Søren',
  state,
  stateSince: '2026-11-20T10:00:00.000Z',
  phone: '+4512345678',
  ...extra,
});
const status = (a: Agent, locale: (typeof LOCALES)[number], error?: string) =>
  cards.render(
    'status',
    statusView(a, { idleCodes: desk.idleCodes, codeRequiredStates: desk.codeRequiredStates, locale, now, userId: '29:x', ...(error ? { error } : {}) }),
    locale,
  );

/** Every card in every language, in every state: the matrix that must validate. */
const everyCard = LOCALES.flatMap((locale) => [
  [`welcome/${locale}`, cards.render('welcome', welcomeView('Åsa Lind', COMMAND_TITLES, locale), locale)] as const,
  [`help/${locale}`, cards.render('help', helpView(COMMAND_TITLES, locale, 'x'), locale)] as const,
  [`error/${locale}`, cards.render('error', errorView('Nope', locale), locale)] as const,
  ...AGENT_STATES.map((state) => [`status/${state}/${locale}`, status(agent(state, state === 'Idle' ? { code: 'lunch' } : {}), locale, 'err')] as const),
]);

describe('every card is valid Adaptive Card 1.5', () => {
  it.each(everyCard)('%s parses and validates with zero errors', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(validateCard(card)).toEqual([]);
  });

  it.each(everyCard)('%s has no unbound ${...} left and only known verbs', (_name, card) => {
    expect(JSON.stringify(card)).not.toContain('${');
    for (const action of cardActions(card)) expect(VERBS).toContain(action.verb);
  });

  it('the validator really rejects a broken card', () => {
    expect(validateCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }], actions: [{ type: 'Action.Execute' }] }).length).toBeGreaterThan(0);
  });
});

describe('welcome card', () => {
  it('greets by first name, or without a name when Teams sends none', () => {
    expect(cardTexts(cards.render('welcome', welcomeView('Åsa Lind', COMMAND_TITLES, 'sv'), 'sv'))).toContain(
      'Hej Åsa! AgentDesk tar in ditt kontaktcenter i Teams.',
    );
    expect(cardTexts(cards.render('welcome', welcomeView('  ', COMMAND_TITLES, 'en'), 'en'))).toContain(
      'Hi! AgentDesk brings your contact-center desk into Teams.',
    );
  });
});

describe('status card content', () => {
  it('ST-3: shows the time in state and when it began', () => {
    const texts = cardTexts(status(agent('Available'), 'en'));
    expect(texts).toContain('Time in state 00:30:15 · since {{TIME(2026-11-20T10:00:00Z)}}');
  });

  it('ST-4: shows the idle code label in the reader language', () => {
    expect(cardTexts(status(agent('Idle', { code: 'meeting' }), 'da'))).toEqual(expect.arrayContaining(['Inaktiv', 'Møde']));
    expect(cardTexts(status(agent('Idle', { code: 'meeting' }), 'sv'))).toEqual(expect.arrayContaining(['Inaktiv', 'Möte']));
  });

  it('ST-6: in RONA only Available is enabled', () => {
    const enabled = cardActions(status(agent('RONA'), 'en'))
      .filter((a) => a.verb === 'status.set' && a.enabled)
      .map((a) => a.data.state);
    expect(enabled).toEqual(['Available']);
  });

  it('ST-1: while Engaged or in WrapUp no status button is enabled', () => {
    for (const state of ['Engaged', 'WrapUp'] as const) {
      expect(cardActions(status(agent(state), 'en')).filter((a) => a.verb === 'status.set' && a.enabled)).toEqual([]);
    }
  });

  it('ST-4: Idle stays enabled while Idle, so the code can change', () => {
    const idle = cardActions(status(agent('Idle', { code: 'lunch' }), 'en')).find((a) => a.data.state === 'Idle');
    expect(idle?.enabled).toBe(true);
  });

  it('ST-5: says when no phone is registered', () => {
    expect(cardTexts(status(agent('LoggedOut', { phone: undefined }), 'nb'))).toContain('Ingen telefon registrert ennå: registrer en for å ta taleanrop.');
  });

  it('shows the refusal banner only when there is one', () => {
    expect(cardTexts(status(agent('Available'), 'en', 'Refused because'))).toContain('Refused because');
    const plain = status(agent('Available'), 'en');
    expect(JSON.stringify(plain)).not.toContain('"style":"attention","bleed"');
  });

  it('compiles each template once and reuses it', () => {
    const renderer = createCardRenderer();
    const first = renderer.render('error', errorView('a', 'en'), 'en');
    const second = renderer.render('error', errorView('b', 'en'), 'en');
    expect(cardTexts(first)).toContain('a');
    expect(cardTexts(second)).toContain('b');
  });
});

describe('languages', () => {
  it('every language has every string', () => {
    const keys = Object.keys(STRINGS.en).sort();
    for (const locale of LOCALES) expect(Object.keys(STRINGS[locale]).sort()).toEqual(keys);
  });

  it('every state has a name and a hint in every language', () => {
    for (const locale of LOCALES) {
      for (const state of AGENT_STATES) {
        expect(STRINGS[locale][`state.${state}` as keyof typeof STRINGS.en]).toBeTruthy();
        expect(STRINGS[locale][`hint.${state}` as keyof typeof STRINGS.en]).toBeTruthy();
      }
    }
  });

  it.each([
    ['da-DK', 'da'],
    ['da', 'da'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['sv-SE', 'sv'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    [undefined, 'en'],
    ['', 'en'],
    // Names of Object's own members are unknown languages like any other.
    ['constructor', 'en'],
    ['constructor-DK', 'en'],
    ['__proto__', 'en'],
    ['hasOwnProperty', 'en'],
    ['toString', 'en'],
    [7, 'en'],
  ])('Teams locale %s reads %s', (tag, locale) => {
    expect(pickLocale(tag)).toBe(locale);
  });

  it("uses the seeds' own terms for Available", () => {
    expect([STRINGS.da['state.Available'], STRINGS.nb['state.Available'], STRINGS.sv['state.Available']]).toEqual([
      'Tilgængelig',
      'Tilgjengelig',
      'Tillgänglig',
    ]);
  });
});
