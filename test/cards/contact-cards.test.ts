import { describe, expect, it } from 'vitest';
import { consultRequestView } from '../../cards/consult-request-view.js';
import { interactionView } from '../../cards/interaction-view.js';
import { LOCALES, type Locale } from '../../cards/locale.js';
import { createCardRenderer } from '../../cards/render.js';
import { requestsView, sortRequests } from '../../cards/requests-view.js';
import { wrapUpView } from '../../cards/wrap-up-view.js';
import { loadDeskConfig } from '../../src/desk-config.js';
import type { Contact } from '../../src/engine/model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardTexts } from '../support/desk-harness.js';

const desk = loadDeskConfig(new URL('../../config/desk.json', import.meta.url).pathname, '/');
const cards = createCardRenderer();
const now = new Date('2026-11-20T10:00:30.000Z');
const v = (name: string, value: string, extra: Partial<Contact['variables'][number]> = {}) => ({
  name,
  label: name,
  value,
  secure: false,
  editable: false,
  version: 0,
  ...extra,
});

function contact(id: string, extra: Partial<Contact> = {}): Contact {
  return {
    id,
    channel: 'chat',
    kind: 'inbound',
    queue: 'tech',
    from: 'Jane Doe',
    dnis: '+4570102030',
    variables: [],
    status: 'offered',
    createdAt: '2026-11-20T10:00:00.000Z',
    offeredAt: '2026-11-20T10:00:00.000Z',
    agentId: 'a1',
    ...extra,
  };
}

/** The admin's variables plus two the admin never configured, two of them secure: seven in all. */
const sevenVariables = [
  v('customerName', 'Jane Doe'),
  v('accountNumber', 'AC-7781'),
  v('reason', 'Invoice'),
  v('priority', 'High'),
  v('cpr', '010203-1234', { secure: true }),
  v('pin', '4321', { secure: true }),
  v('segment', 'Gold'),
];
const ctx = (locale: Locale = 'en') => ({ variables: desk.variables, queues: desk.queues, locale, now, userId: '29:x' });
const requests = (list: Contact[], locale: Locale = 'en', page = 0) => cards.render('requests', requestsView(list, { ...ctx(locale), page }), locale);

describe('contact cards are valid Adaptive Card 1.5 in every language', () => {
  const matrix = LOCALES.flatMap((locale) => {
    const call = contact('v1', {
      channel: 'voice',
      status: 'connected',
      connectedAt: '2026-11-20T10:00:05.000Z',
      recording: { on: true, pausedUntil: '2026-11-20T10:01:00.000Z' },
      onHold: true,
      variables: [v('notes', 'x', { editable: true }), v('cpr', 's', { secure: true, editable: true })],
    });
    const ended = contact('c2', { status: 'ended', endedBy: 'customer', endedAt: '2026-11-20T10:05:00.000Z', connectedAt: '2026-11-20T10:00:05.000Z' });
    return [
      [`requests/empty/${locale}`, requests([], locale)],
      [
        `requests/seven/${locale}`,
        requests(
          Array.from({ length: 7 }, (_, i) => contact(`c${i}`, { variables: sevenVariables })),
          locale,
        ),
      ],
      [`requests/webCallback/${locale}`, requests([contact('w1', { channel: 'voice', kind: 'webCallback', from: '+4522334455' })], locale)],
      [`interaction/call/${locale}`, cards.render('interaction', interactionView(call, ctx(locale)), locale)],
      [
        `interaction/call-with-targets/${locale}`,
        cards.render(
          'interaction',
          interactionView(call, {
            ...ctx(locale),
            targets: {
              people: [{ id: 'a2', name: 'Bo Ek', state: 'Idle' }],
              queues: desk.queues,
              entryPoints: desk.entryPoints,
              addressBook: desk.addressBook,
            },
          }),
          locale,
        ),
      ],
      [`interaction/ended/${locale}`, cards.render('interaction', interactionView(ended, ctx(locale)), locale)],
      [
        `wrapUp/pending/${locale}`,
        cards.render('wrapUp', wrapUpView(ended, { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: desk.wrapUpCodes, locale, userId: '29:x' }), locale),
      ],
      [
        `wrapUp/done/${locale}`,
        cards.render(
          'wrapUp',
          wrapUpView({ ...ended, wrapUp: { code: 'resolved', by: 'a1', at: '' } }, { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: [], locale, userId: '29:x' }),
          locale,
        ),
      ],
    ] as const;
  });
  it.each(matrix)('%s validates with zero errors and binds everything', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });
});

describe('the stacked popover', () => {
  it('PO-3: orders email, social, chat, calls top to bottom, earliest first within a channel', () => {
    const list = [
      contact('call', { channel: 'voice', offeredAt: '2026-11-20T10:00:00.000Z' }),
      contact('chat-late', { channel: 'chat', offeredAt: '2026-11-20T10:00:09.000Z' }),
      contact('chat-early', { channel: 'chat', offeredAt: '2026-11-20T10:00:01.000Z' }),
      contact('social', { channel: 'social' }),
      contact('email', { channel: 'email', offeredAt: '2026-11-20T10:00:20.000Z' }),
    ];
    expect(sortRequests(list).map((c) => c.id)).toEqual(['email', 'social', 'chat-early', 'chat-late', 'call']);
  });

  it('PO-3: six requests show "1-5 of 6", a Next button, and "Accept 6 requests"', () => {
    const card = requests(Array.from({ length: 6 }, (_, i) => contact(`c${i}`)));
    expect(cardTexts(card)).toContain('1-5 of 6');
    expect(cardActions(card).filter((a) => a.verb === 'requests.accept')).toHaveLength(5);
    expect(cardActions(card).find((a) => a.verb === 'requests.page')).toMatchObject({ title: 'Next', data: { page: 1 } });
    expect(cardActions(card).find((a) => a.verb === 'requests.acceptAll')).toMatchObject({
      title: 'Accept 6 requests',
      data: { contactIds: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'] },
    });
  });

  it('PO-3: five or fewer show no range; a single request has no "Accept N requests"', () => {
    const card = requests([contact('c1')]);
    expect(cardTexts(card).some((t) => / of /.test(t))).toBe(false);
    expect(cardActions(card).some((a) => a.verb === 'requests.acceptAll')).toBe(false);
  });

  it('PO-4: 7 variables of which 2 secure: at most 6 shown, admin order and labels, never a secure one', () => {
    const card = requests([contact('v1', { channel: 'voice', variables: sevenVariables })]);
    const facts = (card.body as any[]).flatMap((e) => e.items ?? []).find((e: any) => e.type === 'FactSet').facts;
    expect(facts.map((f: { title: string }) => f.title)).toEqual(['Customer', 'Account number', 'Reason for contact', 'Priority']);
    expect(facts.length).toBeLessThanOrEqual(6);
    expect(JSON.stringify(card)).not.toMatch(/010203-1234|4321/);
  });

  it('PO-4: a call shows at least 3 variables even when the admin chose fewer that it carries', () => {
    const card = requests([
      contact('v1', { channel: 'voice', variables: [v('priority', 'High'), v('segment', 'Gold'), v('region', 'North'), v('pin', '1', { secure: true })] }),
    ]);
    const facts = (card.body as any[]).flatMap((e) => e.items ?? []).find((e: any) => e.type === 'FactSet').facts;
    expect(facts.map((f: { title: string }) => f.title)).toEqual(['Priority', 'segment', 'region']);
  });

  it('ANS-2: a call shows Ringing with a timer and no Accept button (answered on the phone)', () => {
    const card = requests([contact('v1', { channel: 'voice' })]);
    expect(cardTexts(card)).toContain('Ringing · 00:00:30 · answer on your phone');
    expect(cardActions(card).some((a) => a.verb === 'requests.accept')).toBe(false);
  });

  it('CB-1: a callback is labelled Callback and shows phone number, queue and DNIS', () => {
    const card = requests([
      contact('cb', { channel: 'voice', kind: 'callback', queue: 'billing', from: '+4522334455', dnis: '+4570101010', variables: sevenVariables }),
    ]);
    const texts = cardTexts(card);
    expect(texts).toContain('Callback · Billing');
    expect(texts).toEqual(expect.arrayContaining(['Phone number: +4522334455', 'Queue: Billing', 'DNIS: +4570101010']));
    expect(texts.join('\n')).not.toContain('AC-7781');
  });

  it('CB-1: a web callback can be cancelled from the popover', () => {
    const card = requests([contact('w1', { channel: 'voice', kind: 'webCallback' })]);
    expect(cardActions(card).find((a) => a.verb === 'requests.cancelCallback')).toMatchObject({ title: 'Cancel', data: { contactId: 'w1' } });
  });

  it('PO-1: the connect popover says a request is about to be assigned', () => {
    const c = contact('e1', { channel: 'email' });
    const card = cards.render('requests', requestsView([c], { ...ctx('nb'), connecting: c }), 'nb');
    expect(cardTexts(card)).toContain('Kobler til: en ny e-post-forespørsel er i ferd med å bli tilordnet deg.');
  });
});

describe('the interaction card', () => {
  const call = (extra: Partial<Contact> = {}) =>
    contact('v1', { channel: 'voice', status: 'connected', connectedAt: '2026-11-20T10:00:00.000Z', onHold: false, recording: { on: true }, ...extra });
  const render = (c: Contact, locale: Locale = 'en') => cards.render('interaction', interactionView(c, ctx(locale)), locale);

  it('HOLD-1: on hold shows "on hold" beside the timer, offers Resume and disables End', () => {
    const card = render(call({ onHold: true }));
    expect(cardTexts(card)).toContain('Connected · on hold');
    const actions = cardActions(card);
    expect(actions.find((a) => a.verb === 'contact.resume')).toBeDefined();
    expect(actions.find((a) => a.verb === 'contact.end')?.enabled).toBe(false);
  });

  it('HOLD-1: off hold, End is enabled and Hold is offered', () => {
    const actions = cardActions(render(call()));
    expect(actions.find((a) => a.verb === 'contact.end')?.enabled).toBe(true);
    expect(actions.find((a) => a.verb === 'contact.hold')).toBeDefined();
  });

  it('REC-1: shows recording, and the Privacy Shield deadline when paused', () => {
    expect(cardTexts(render(call()))).toContain('● Recording');
    const paused = render(call({ recording: { on: true, pausedUntil: '2026-11-20T10:02:00.000Z' } }));
    expect(cardTexts(paused)).toContain('Recording paused (Privacy Shield) until {{TIME(2026-11-20T10:02:00Z)}}');
    expect(cardActions(paused).find((a) => a.verb === 'recording.resume')).toBeDefined();
  });

  it('CAD-1: editable variables are inputs limited to 256; secure ones are masked and never carried in the card', () => {
    const card = render(
      call({
        variables: [
          v('notes', 'Called twice', { editable: true, version: 3 }),
          v('cpr', '010203-1234', { secure: true, editable: true }),
          v('pin', '4321', { secure: true }),
        ],
      }),
    );
    const inputs = (card.body as any[]).filter((e) => e.type === 'Input.Text');
    expect(inputs.map((i) => [i.id, i.value, i.maxLength, i.style])).toEqual([
      ['var_notes', 'Called twice', 256, 'text'],
      ['var_cpr', '', 256, 'password'],
    ]);
    expect(cardTexts(card)).toContain('National ID: •••••• (hidden)'.replace('National ID', 'pin'));
    expect(JSON.stringify(card)).not.toMatch(/010203-1234|4321/);
    expect(cardActions(card).find((a) => a.verb === 'variables.save')?.data).toMatchObject({ contactId: 'v1', versions: { notes: 3, cpr: 0 } });
  });

  it('WRAP-1, OUT-1: an ended contact shows who ended it and offers nothing but Dial (OUT-1)', () => {
    const card = render(call({ status: 'ended', endedBy: 'customer', endedAt: '2026-11-20T10:05:00.000Z' }), 'sv');
    expect(cardTexts(card)).toContain('Avslutad av kunden');
    expect(cardActions(card).map((a) => a.verb)).toEqual(['outdial.start']);
  });

  const withNoiseRemoval = (c: Contact, on: boolean, locale: Locale) =>
    cards.render('interaction', interactionView(c, { ...ctx(locale), noiseRemoval: on }), locale);
  const noiseLines: Array<[Locale, boolean, string]> = [
    ['en', true, 'Background noise removal: On. Your organization sets this; ask your administrator to change it.'],
    ['en', false, 'Background noise removal: Off. Your organization sets this; ask your administrator to change it.'],
    ['da', true, 'Fjernelse af baggrundsstøj: Til. Din organisation bestemmer det; kontakt din administrator for at ændre det.'],
    ['nb', false, 'Fjerning av bakgrunnsstøy: Av. Organisasjonen din bestemmer dette; kontakt systemansvarlig for å endre det.'],
    ['sv', true, 'Borttagning av bakgrundsljud: På. Din organisation bestämmer detta; kontakta din administratör för att ändra det.'],
  ];
  it.each(noiseLines)('BN-1: a call in %s with noise removal %s shows the organization setting as text, with nothing to change it', (locale, on, line) => {
    const card = withNoiseRemoval(call(), on, locale);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)).toContain(line);
    // Read-only: no button, toggle or input anywhere on the card is about noise removal.
    expect(JSON.stringify(cardActions(card))).not.toMatch(/noise/i);
    expect(JSON.stringify(card)).not.toMatch(/"type":"Input\.Toggle"|"id":"[^"]*noise/i);
  });

  it('BN-1: only a call in progress shows it: not a chat, not an ended call, not a card without the setting', () => {
    const shown = (c: Contact, on?: boolean) =>
      cardTexts(cards.render('interaction', interactionView(c, { ...ctx('en'), ...(on === undefined ? {} : { noiseRemoval: on }) }), 'en')).some((t) =>
        t.startsWith('Background noise removal'),
      );
    expect(shown(call(), true)).toBe(true);
    expect(shown(call({ onHold: true }), false)).toBe(true);
    expect(shown(contact('c1', { status: 'connected' }), true)).toBe(false);
    expect(shown(call({ status: 'ended', endedBy: 'customer', endedAt: '2026-11-20T10:05:00.000Z' }), true)).toBe(false);
    expect(shown(call())).toBe(false);
  });
});

describe('the wrap-up card (WRAP-1)', () => {
  it('WRAP-1: a searchable, required list of the admin codes in the reader language', () => {
    const card = cards.render(
      'wrapUp',
      wrapUpView(contact('c1', { status: 'ended' }), { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: [], locale: 'da', userId: '29:x' }),
      'da',
    );
    const input = (card.body as any[]).find((e) => e.type === 'Input.ChoiceSet');
    expect(input).toMatchObject({ id: 'code', style: 'filtered', isRequired: true });
    expect(input.choices.map((c: { title: string }) => c.title)).toContain('Løst');
    expect(cardActions(card)).toEqual([expect.objectContaining({ verb: 'wrapUp.submit', data: { contactId: 'c1' } })]);
  });

  it('WRAP-1: once submitted it shows the code and no more buttons', () => {
    const card = cards.render(
      'wrapUp',
      wrapUpView(contact('c1', { status: 'ended', wrapUp: { code: 'resolved', by: 'a1', at: '' } }), {
        wrapUpCodes: desk.wrapUpCodes,
        outcomeCodes: [],
        locale: 'en',
        userId: '29:x',
      }),
      'en',
    );
    expect(cardTexts(card)).toContain('Wrapped up: Resolved.');
    expect(cardActions(card)).toEqual([]);
    expect(card.refresh).toMatchObject({ action: { verb: 'wrapUp.refresh', data: { contactId: 'c1' } }, userIds: ['29:x'] });
  });

  it('WRAP-1: it says which contact it is for, as the interaction card it replaces did, before and after submitting', () => {
    const wrapUpCtx = { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: [], locale: 'sv' as const, userId: '29:x' };
    const call = contact('c1', { channel: 'voice', kind: 'outdial', from: '+4520304050', status: 'ended', endedBy: 'agent' });
    const interaction = cards.render('interaction', interactionView(call, ctx('sv')), 'sv');
    const pending = cards.render('wrapUp', wrapUpView(call, wrapUpCtx), 'sv');
    const done = cards.render('wrapUp', wrapUpView({ ...call, wrapUp: { code: 'resolved', by: 'a1', at: '' } }, wrapUpCtx), 'sv');
    for (const card of [interaction, pending, done]) expect(cardTexts(card)).toContain('Utgående samtal med +4520304050');
    expect(cardTexts(done)).toContain('Avslutad: Löst.');
  });

  it('XFER-1: the sender of a transfer that failed is told on their wrap-up, which no longer says it was transferred', () => {
    const back = contact('c1', {
      channel: 'voice',
      status: 'queued',
      transferredToName: '+4533440000',
      transferFailed: { name: '+4533440000' },
      transferredFrom: ['a1'],
    });
    const card = cards.render('wrapUp', wrapUpView(back, { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: [], locale: 'en', userId: '29:x' }), 'en');
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)).toContain('Transfer to +4533440000 failed: the call went back to the queue.');
    expect(cardTexts(card)).toContain('Choose a wrap-up code to finish.');
    expect(cardTexts(card).join(' ')).not.toContain('Transferred to');
  });
});

describe('the consult and transfer request card (CON-5, XFER-2)', () => {
  const requester = { name: 'Åsa Lind', phone: '+4512345678', team: 'Customer Support' };
  const base = contact('v1', { channel: 'voice', status: 'connected', variables: sevenVariables });
  const render = (c: Contact, viewerId: string) =>
    cards.render('consultRequest', consultRequestView(c, { viewerId, requester, variables: desk.variables, locale: 'en', userId: '29:x' }), 'en');
  const consult = { target: { kind: 'queue' as const, id: 'tech', name: 'Technical Support' }, requestedAt: '', timeoutAt: '', offeredTo: ['a2', 'a3'] };

  it('PO-4: shows the three consult defaults then at most six admin variables, never a secure one', () => {
    const card = render({ ...base, consult: { ...consult, state: 'requested' } }, 'a2');
    const facts = (card.body as any[]).find((e) => e.type === 'FactSet').facts.map((f: { title: string }) => f.title);
    expect(facts.slice(0, 3)).toEqual(['Agent', 'Agent DN', 'Agent team']);
    expect(facts.length).toBeLessThanOrEqual(9);
    expect(JSON.stringify(card)).not.toMatch(/010203-1234|4321/);
    expect(cardActions(card).map((a) => a.verb)).toEqual(['consult.accept', 'consult.decline']);
    expect(validateCard(card)).toEqual([]);
  });

  it("XFER-2: once a consult is accepted, everyone else's card says who took it and offers nothing", () => {
    const card = render({ ...base, consult: { ...consult, state: 'active', party: 'a3', partyName: 'Cai Berg' } }, 'a2');
    expect(cardTexts(card)).toContain('Taken by Cai Berg.');
    expect(cardActions(card)).toEqual([]);
  });

  it('XFER-2: a taken queue transfer reads "Taken by" for the others and "You took this call" for the taker', () => {
    const taken: Contact = { ...base, agentId: 'a3', takenBy: 'Cai Berg', transferredFrom: ['a1'] };
    expect(cardTexts(render(taken, 'a2'))).toEqual(expect.arrayContaining(['Transfer request', 'Taken by Cai Berg.']));
    expect(cardTexts(render(taken, 'a3'))).toContain('You took this call.');
  });
});
