import { describe, expect, it } from 'vitest';
import { VERBS } from '../../bot/card-actions.js';
import { COMMAND_TITLES } from '../../bot/text-commands.js';
import { LOCALES, type Locale } from '../../cards/locale.js';
import { createCardRenderer } from '../../cards/render.js';
import { sessionView } from '../../cards/session-view.js';
import { helpView } from '../../cards/simple-views.js';
import type { SupportSession } from '../../src/engine/session-model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardTexts } from '../support/desk-harness.js';

const cards = createCardRenderer();
const at = '2026-11-20T09:00:00.000Z';
const rep = (id: string, name: string, extra = {}) => ({ id, kind: 'rep' as const, name, joinedAt: at, present: true, ...extra });
const customer = (id: string, name: string, extra = {}) => ({ id, kind: 'customer' as const, name, joinedAt: at, present: true, keyHash: 'h', ...extra });

/** A session with Lars in control, Kjersti helping, two customers (Mette served and sharing a screen), a voice call. */
const busy: SupportSession = {
  id: 's-1',
  number: '482913077',
  token: 'tok',
  status: 'open',
  createdAt: at,
  createdBy: 'lars',
  controllerId: 'lars',
  participants: [
    rep('lars', 'Lars Nygaard', { inVoice: true }),
    rep('kjersti', 'Kjersti Dahl', { inVoice: true }),
    customer('mette', 'Mette Nielsen', { inVoice: true }),
    customer('ola', 'Ola Nordmann'),
  ],
  servingId: 'mette',
  activities: [{ kind: 'shareScreen', customerId: 'mette', startedAt: at }],
  voice: { startedAt: at, speakers: ['lars'] },
};

const render = (session: SupportSession, viewerId: string, locale: Locale = 'en', error?: string) =>
  cards.render(
    'session',
    sessionView(session, {
      viewerId,
      locale,
      userId: `29:${viewerId}`,
      joinLink: 'http://127.0.0.1:3978/join?n=482913077&t=tok',
      joinPage: 'http://127.0.0.1:3978/join',
      queues: [{ id: 'tech', name: 'Technical support' }],
      agents: [
        { id: 'bo', name: 'Bo Ek' },
        { id: 'lars', name: 'Lars Nygaard' },
      ],
      ...(error ? { error } : {}),
    }),
    locale,
  );
const verbs = (card: unknown) => cardActions(card).map((a) => `${a.verb}${a.data.target ? `:${a.data.target}` : ''}`);

const states: Array<[string, SupportSession, string]> = [
  ['in control', busy, 'lars'],
  ['helping', busy, 'kjersti'],
  ['offered', { ...busy, controllerId: undefined, transfer: { fromId: 'lars', fromName: 'Lars Nygaard', offeredTo: ['bo'], message: 'Printer', at } }, 'bo'],
  ['taken', { ...busy, controllerId: 'kjersti', lastTransfer: { offeredTo: ['bo', 'kjersti'], takenBy: 'Kjersti Dahl' } }, 'bo'],
  ['ended', { ...busy, status: 'ended', endedAt: at, voice: undefined, activities: [] }, 'lars'],
];

describe('the session card (SUP-1..SUP-4, VC-1..VC-3)', () => {
  it.each(LOCALES.flatMap((locale) => states.map(([name, session, viewer]) => [`${name}/${locale}`, session, viewer, locale] as const)))(
    '%s is valid Adaptive Card 1.5 with every binding filled and only known verbs',
    (_name, session, viewer, locale) => {
      const card = render(session, viewer, locale, 'An error');
      expect(validateCard(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('${');
      for (const action of cardActions(card)) expect(VERBS).toContain(action.verb);
    },
  );

  it('SUP-3: the holder of control sees the control actions; a helper sees only voice and leave', () => {
    expect(verbs(render(busy, 'lars'))).toEqual([
      'session.micTake:lars',
      'session.micGive:kjersti',
      'session.control:kjersti',
      'session.micGive:mette',
      'session.serve:ola',
      'session.voiceEnd',
      'session.voiceLeave',
      'session.activityStop:shareScreen',
      'session.activityStart:viewDesktop',
      'session.end',
      'session.postLink',
      'session.transfer',
    ]);
    expect(verbs(render(busy, 'kjersti'))).toEqual(['session.voiceLeave', 'session.leave', 'session.postLink']);
    expect(cardTexts(render(busy, 'kjersti'))).toContain('You are helping. Lars Nygaard has control.');
    expect(cardTexts(render(busy, 'lars'))).toContain('You have control of this session.');
  });

  it('SUP-1: the card shows the number grouped, and invites by e-mail text, by a link to post in chat, and by the number', () => {
    const card = render(busy, 'lars');
    const texts = cardTexts(card);
    expect(texts).toContain('Support session 482 913 077');
    expect(texts).toContain('Session number: 482 913 077');
    expect(texts).toContain('Customers open http://127.0.0.1:3978/join and type the number 482913077 with their name, or use this join link:');
    const json = JSON.stringify(card);
    expect(json).toContain('Join here: http://127.0.0.1:3978/join?n=482913077&t=tok');
    expect(json).toContain('"url":"mailto:?subject=Support%20session%20482%20913%20077&body=Hello');
  });

  it('SUP-2: the card shows who is served, and a switch says which activities ended', () => {
    const switched: SupportSession = {
      ...busy,
      servingId: 'ola',
      activities: [],
      notice: { kind: 'activitiesEnded', reason: 'switch', activities: ['shareScreen'], at },
    };
    expect(cardTexts(render(busy, 'lars'))).toEqual(
      expect.arrayContaining(['Serving: Mette Nielsen', 'Running: screen sharing with Mette Nielsen', 'Customer, being served', 'Customer']),
    );
    expect(cardTexts(render(switched, 'kjersti'))).toContain('Ended (screen sharing): the representative switched to another customer.');
    expect(cardTexts(render(switched, 'kjersti', 'da'))).toContain('Afsluttet (skærmdeling): supportmedarbejderen skiftede til en anden kunde.');
  });

  it('VC-2: the card shows who may speak; with two speakers nobody else is offered the mic', () => {
    const two: SupportSession = { ...busy, voice: { startedAt: at, speakers: ['lars', 'mette'] } };
    const card = render(two, 'lars');
    expect(cardTexts(card)).toContain('May speak: Lars Nygaard, Mette Nielsen');
    expect(verbs(card).filter((v) => v.startsWith('session.mic'))).toEqual(['session.micTake:lars', 'session.micTake:mette']);
    expect(cardTexts(render(two, 'kjersti', 'sv'))).toContain('Får tala: Lars Nygaard, Mette Nielsen');
  });

  it('SUP-4: a receiver sees who transfers, the message and Accept; the others see who took it', () => {
    const offered = render(states[2]![1], 'bo');
    expect(cardTexts(offered)).toEqual(expect.arrayContaining(['Lars Nygaard transfers this support session to you.', 'Message from Lars Nygaard: Printer']));
    expect(verbs(offered)).toEqual(['session.accept']);
    const taken = render(states[3]![1], 'bo', 'nb');
    expect(cardTexts(taken)).toContain('Kjersti Dahl tok over denne økten.');
    expect(verbs(taken)).toEqual([]);
  });

  it('SUP-1: the help card starts a session and joins one with its number', () => {
    const help = cards.render('help', helpView(COMMAND_TITLES, 'da'), 'da');
    expect(validateCard(help)).toEqual([]);
    expect(cardActions(help).map((a) => [a.verb, a.title])).toEqual([
      ['session.join', 'Deltag som hjælper'],
      ['status.show', 'Vis min status'],
      ['session.start', 'Start en supportsession'],
    ]);
    expect(cardTexts(help)).toContain('session: Start en supportsession, eller hjælp i en: session 482913077');
  });
});
