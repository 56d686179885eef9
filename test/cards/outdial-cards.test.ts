import { describe, expect, it } from 'vitest';
import { interactionView } from '../../cards/interaction-view.js';
import { LOCALES, type Locale } from '../../cards/locale.js';
import { createCardRenderer } from '../../cards/render.js';
import { requestsView } from '../../cards/requests-view.js';
import { statusView } from '../../cards/status-view.js';
import { wrapUpView } from '../../cards/wrap-up-view.js';
import { loadDeskConfig } from '../../src/desk-config.js';
import type { Agent, Contact } from '../../src/engine/model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardTexts } from '../support/desk-harness.js';

const desk = loadDeskConfig(new URL('../../config/desk.json', import.meta.url).pathname, '/');
const cards = createCardRenderer();
const now = new Date('2026-11-20T10:00:30.000Z');
const agent = (state: Agent['state'], extra: Partial<Agent> = {}): Agent => ({
  id: 'a1',
  name: 'Åsa Lind',
  state,
  stateSince: '2026-11-20T10:00:00.000Z',
  phone: '+4512345678',
  ...(state === 'Idle' ? { code: 'lunch' } : {}),
  ...extra,
});
const status = (a: Agent, locale: Locale = 'en', dialling?: string) =>
  cards.render(
    'status',
    statusView(a, {
      idleCodes: desk.idleCodes,
      codeRequiredStates: desk.codeRequiredStates,
      locale,
      now,
      userId: '29:x',
      ...(dialling ? { dialling } : {}),
    }),
    locale,
  );
const call = (extra: Partial<Contact> = {}): Contact => ({
  id: 'v1',
  channel: 'voice',
  kind: 'inbound',
  queue: 'tech',
  from: '+4520304050',
  dnis: '',
  variables: [],
  status: 'ended',
  createdAt: '2026-11-20T10:00:00.000Z',
  connectedAt: '2026-11-20T10:00:05.000Z',
  endedAt: '2026-11-20T10:00:25.000Z',
  endedBy: 'customer',
  agentId: 'a1',
  ...extra,
});
const interaction = (contact: Contact, locale: Locale = 'en', dialling?: string) =>
  cards.render(
    'interaction',
    interactionView(contact, {
      variables: desk.variables,
      queues: desk.queues,
      locale,
      now,
      userId: '29:x',
      viewerId: 'a1',
      ...(dialling ? { dialling } : {}),
    }),
    locale,
  );
const wrapUp = (contact: Contact, locale: Locale = 'en', dialling?: string) =>
  cards.render(
    'wrapUp',
    wrapUpView(contact, { wrapUpCodes: desk.wrapUpCodes, outcomeCodes: desk.outcomeCodes, locale, userId: '29:x', ...(dialling ? { dialling } : {}) }),
    locale,
  );
const dialButton = (card: unknown) => cardActions(card).find((a) => a.verb === 'outdial.start');

describe('OUT-1: Dial on the status card and on the interaction card of an ended call', () => {
  it.each(LOCALES)('OUT-1: the status card has the number field and Dial, valid Adaptive Card 1.5 (%s)', (locale) => {
    const card = status(agent('Idle'), locale, '+4520304050');
    expect(validateCard(card)).toEqual([]);
    expect(dialButton(card)).toMatchObject({ verb: 'outdial.start', enabled: true });
    expect(JSON.stringify(card)).toContain('"id":"outdialNumber"');
  });

  it('OUT-1: the card says it is dialling, in the reader language', () => {
    expect(cardTexts(status(agent('Available'), 'en', '+4520304050'))).toContain('Dialling +4520304050: your phone rings first.');
    expect(cardTexts(status(agent('Available'), 'da', '+4520304050'))).toContain('Ringer op til +4520304050: din telefon ringer først.');
    expect(cardTexts(status(agent('Available'), 'sv'))).not.toContain('Ringer +4520304050: din telefon ringer först.');
  });

  it('OUT-1: no Dial without a phone (it rings first), logged out, or while busy with a call or wrap-up', () => {
    expect(dialButton(status(agent('Available', { phone: undefined })))).toBeUndefined();
    for (const state of ['LoggedOut', 'Engaged', 'WrapUp'] as const) expect(dialButton(status(agent(state)))).toBeUndefined();
    for (const state of ['Available', 'Idle', 'Break', 'WorkingOffline', 'RONA'] as const) expect(dialButton(status(agent(state)))).toBeDefined();
  });

  it.each(LOCALES)("OUT-1: an ended call's card offers Dial with the customer's number ready to call back (%s)", (locale) => {
    const card = interaction(call(), locale);
    expect(validateCard(card)).toEqual([]);
    expect(dialButton(card)?.data).toEqual({ contactId: 'v1' });
    expect(JSON.stringify(card)).toContain('"id":"outdialNumber","label"');
    expect(JSON.stringify(card)).toMatch(/"id":"outdialNumber"[^}]*"value":"\+4520304050"/);
  });

  it('OUT-1: not on a live call, and not for the agent it was transferred away from', () => {
    expect(dialButton(interaction(call({ status: 'connected' })))).toBeUndefined();
    expect(dialButton(interaction(call({ agentId: 'a2', transferredFrom: ['a1'] })))).toBeUndefined();
    expect(cardTexts(interaction(call(), 'nb', '+4520304050'))).toContain('Ringer +4520304050: telefonen din ringer først.');
  });

  it.each(LOCALES)("OUT-1, WRAP-1: the ended call's message is its wrap-up now, and it offers Dial back to the customer (%s)", (locale) => {
    const card = wrapUp(call(), locale);
    expect(validateCard(card)).toEqual([]);
    expect(dialButton(card)?.data).toEqual({ contactId: 'v1' });
    expect(JSON.stringify(card)).toMatch(/"id":"outdialNumber"[^}]*"value":"\+4520304050"/);
    // Dial does not submit the wrap-up: the code stays required on Submit only.
    expect(cardActions(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['outdial.start', 'wrapUp.submit']));
  });

  it('OUT-1, WRAP-1: no Dial on the wrap-up of a chat, or of a call handed on to another agent; what a Dial started is said there', () => {
    expect(dialButton(wrapUp(call({ channel: 'chat' })))).toBeUndefined();
    expect(dialButton(wrapUp(call({ status: 'connected', agentId: 'a2', transferredFrom: ['a1'], transferredToName: 'Bo Ek' })))).toBeUndefined();
    expect(cardTexts(wrapUp(call(), 'sv', '+4520304050'))).toContain('Ringer +4520304050: din telefon ringer först.');
  });

  it('PO-4: the outdial request shows 3 to 6 admin variables in admin order, never a secure one', () => {
    const offered = call({
      id: 'o1',
      kind: 'outdial',
      status: 'offered',
      offeredAt: '2026-11-20T10:00:10.000Z',
      variables: [
        { name: 'customerName', label: 'Customer', value: 'Mette Nielsen', secure: false, editable: false, version: 0 },
        { name: 'accountNumber', label: 'Account', value: '55001234', secure: false, editable: false, version: 0 },
        { name: 'reason', label: 'Reason', value: 'Follow-up on invoice', secure: false, editable: true, version: 0 },
        { name: 'cpr', label: 'National ID', value: '', secure: true, editable: false, version: 0 },
      ],
    });
    const card = cards.render('requests', requestsView([offered], { variables: desk.variables, queues: desk.queues, locale: 'en', now, userId: '29:x' }), 'en');
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Outdial call · Technical Support',
        'Customer: Mette Nielsen',
        'Account number: 55001234',
        'Reason for contact: Follow-up on invoice',
      ]),
    );
    const facts = texts.filter((t) => t.includes(': ') && !t.startsWith('Outdial'));
    expect(facts.length).toBeGreaterThanOrEqual(3);
    expect(facts.length).toBeLessThanOrEqual(6);
    expect(JSON.stringify(card)).not.toMatch(/National ID/);
    expect(validateCard(card)).toEqual([]);
  });
});
