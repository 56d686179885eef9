import { describe, expect, it } from 'vitest';
import { boardView, composeView, leadMessageView, messagesView, reportView } from '../../cards/lead-views.js';
import { LOCALES } from '../../cards/locale.js';
import { createCardRenderer } from '../../cards/render.js';
import type { Broadcast, LeadMessage } from '../../src/engine/lead-model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardTexts } from '../support/desk-harness.js';

const render = createCardRenderer();
const now = new Date('2026-11-20T09:05:00.000Z');
const broadcast: Broadcast = {
  id: 'b1',
  kind: 'message',
  leadId: 'lead1',
  leadName: 'Lene Lead',
  audience: { kind: 'team', id: 'support' },
  text: 'Huddle at 10',
  importance: 'urgent',
  createdAt: '2026-11-20T09:00:00.000Z',
  recipients: 3,
};
const copy: LeadMessage = { id: 'b1/a1', broadcastId: 'b1', recipientId: 'a1', createdAt: broadcast.createdAt };
const figures = {
  recipients: 3,
  sent: 1,
  pending: 0,
  retrying: 0,
  failed: 1,
  failedBy: new Map([['status 403', 1]]),
  notInstalled: 1,
  installing: 0,
  acknowledged: 1,
};
const board = {
  leadId: 'lead1',
  teams: [{ id: 'support', name: 'Support' }],
  agents: [{ id: 'a1', name: 'Åsa', state: 'Idle' as const, stateSince: '2026-11-20T08:00:00.000Z', code: 'lunch', teams: ['support'], favourite: true }],
  byState: { Idle: 1 },
  queues: [{ id: 'q', name: 'Billing', waiting: 2, oldestSince: '2026-11-20T09:01:00.000Z' }],
};

describe('the leads’ cards (MSG-1, MSG-2, STAT-1, ST-8)', () => {
  const every = LOCALES.flatMap((locale) => [
    [
      `compose ${locale}`,
      render.render(
        'compose',
        composeView({ locale, draftId: 'd1', teams: [{ id: 't', name: 'T' }], queues: [], agents: [], logoutGraceSeconds: 600 }),
        locale,
      ),
    ],
    [`message ${locale}`, render.render('leadMessage', leadMessageView(broadcast, copy, { locale, now, userId: 'u', logoutGraceSeconds: 600 }), locale)],
    [
      `switch final ${locale}`,
      render.render(
        'leadMessage',
        leadMessageView({ ...broadcast, kind: 'switch', switchAt: '2026-11-20T09:01:00.000Z' }, copy, { locale, now, userId: 'u', logoutGraceSeconds: 600 }),
        locale,
      ),
    ],
    [
      `report ${locale}`,
      render.render('report', reportView(broadcast, figures, { locale, userId: 'u', audienceName: 'Support', canInstall: true, pendingNames: ['Bo'] }), locale),
    ],
    [`messages ${locale}`, render.render('messages', messagesView([{ broadcast, message: copy }], { locale }), locale)],
    [`board ${locale}`, render.render('board', boardView(board, { locale, now, userId: 'u', codeLabel: () => 'Lunch' }), locale)],
  ]) as Array<[string, unknown]>;
  it.each(every)('%s parses and validates as Adaptive Card 1.5', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
  });

  it('MSG-1: an urgent message is shown as urgent, with Acknowledge until acknowledged', () => {
    const card = render.render('leadMessage', leadMessageView(broadcast, copy, { locale: 'en', now, userId: 'u', logoutGraceSeconds: 600 }), 'en');
    expect(cardTexts(card)).toContain('URGENT');
    expect(cardActions(card).map((a) => a.verb)).toEqual(['message.ack']);
    const acked = render.render(
      'leadMessage',
      leadMessageView(broadcast, { ...copy, ackedAt: now.toISOString() }, { locale: 'en', now, userId: 'u', logoutGraceSeconds: 600 }),
      'en',
    );
    expect(cardActions(acked)).toEqual([]);
  });

  it('MSG-2: the report counts every outcome, names failure reasons and offers the install only with recipients lacking the app', () => {
    const card = render.render('report', reportView(broadcast, figures, { locale: 'en', userId: 'u', audienceName: 'Support', canInstall: true }), 'en');
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining(['Sent: 1', 'Pending: 0', 'Failed: 1 (app removed or blocked: 1)', 'Not installed: 1', 'Acknowledged: 1 / 3']),
    );
    expect(cardActions(card).map((a) => a.verb)).toEqual(['report.refresh', 'report.refresh', 'report.install']);
  });

  it('ST-8: the notice turns into the final notice at the switch time', () => {
    const sw = { ...broadcast, kind: 'switch' as const, switchAt: '2026-11-20T09:10:00.000Z' };
    const before = cardTexts(render.render('leadMessage', leadMessageView(sw, copy, { locale: 'en', now, userId: 'u', logoutGraceSeconds: 600 }), 'en')).join(
      '\n',
    );
    const after = cardTexts(
      render.render(
        'leadMessage',
        leadMessageView(sw, copy, { locale: 'en', now: new Date('2026-11-20T09:10:00.000Z'), userId: 'u', logoutGraceSeconds: 600 }),
        'en',
      ),
    ).join('\n');
    expect(before).toContain('switches at');
    expect(after).toContain('Final notice');
  });

  it('STAT-1: the board shows state, time in state and idle code, queue counts and the longest wait; no customer data', () => {
    const texts = cardTexts(render.render('board', boardView(board, { locale: 'en', now, userId: 'u', codeLabel: () => 'Lunch' }), 'en'));
    expect(texts).toContain('Åsa');
    expect(texts).toContain('Idle');
    expect(texts.some((t) => t.startsWith('Lunch · 01:05:00 in state'))).toBe(true);
    expect(texts).toContain('Billing: 2 waiting · longest 00:04:00');
  });
});
