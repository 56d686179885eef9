/**
 * The session card in a large session (SUP-1, SUP-2, SUP-4): many customers,
 * helpers, every queue and a large tenant's agents as transfer choices, long
 * names, a voice call with everyone in it; in every language it is within the
 * card size budget and valid Adaptive Card 1.5, keeping every button that acts
 * on the session (the transfer choices are cut to what fits).
 */
import { describe, expect, it } from 'vitest';
import { DeskCards } from '../../bot/desk-cards.js';
import { cardBytes, KIB } from '../../cards/card-size.js';
import { LOCALES } from '../../cards/locale.js';
import { createCardRenderer } from '../../cards/render.js';
import type { DeskService } from '../../src/desk-service.js';
import type { SessionParticipant, SupportSession } from '../../src/engine/session-model.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions } from '../support/desk-harness.js';
import { manyAgents, worst, worstDesk } from '../support/worst-case.js';

const AT = '2026-11-20T10:00:00.000Z';
const CSR = 'csr-0';
const HELPERS = 4;

/** A large session: customers with 80-character names, helpers with long names, everyone in the voice call. */
function worstSession(customerCount: number): SupportSession {
  const rep = (i: number): SessionParticipant => ({
    id: i === 0 ? CSR : `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    kind: 'rep',
    name: `R${i} ${'Representative'.repeat(20)}`.slice(0, 256),
    joinedAt: AT,
    present: true,
    inVoice: true,
  });
  const customer = (i: number): SessionParticipant => ({
    id: `cust_${String(i).padStart(16, '0')}`,
    kind: 'customer',
    name: `C${i} ${'Customer'.repeat(10)}`.slice(0, 80),
    joinedAt: AT,
    present: true,
    inVoice: true,
  });
  const customers = Array.from({ length: customerCount }, (_, i) => customer(i));
  return {
    id: 'sess_0123456789abcdef',
    number: '482913077',
    token: 'A'.repeat(22),
    status: 'open',
    createdAt: AT,
    createdBy: CSR,
    controllerId: CSR,
    participants: [...Array.from({ length: HELPERS + 1 }, (_, i) => rep(i)), ...customers],
    servingId: customers[0]!.id,
    activities: [{ kind: 'shareScreen', customerId: customers[0]!.id, startedAt: AT }],
    voice: { startedAt: AT, speakers: [CSR] },
    notice: { kind: 'activitiesEnded', reason: 'switch', activities: ['shareScreen', 'viewDesktop'], at: AT },
  };
}

describe.each([40, 80, 100])('the session card at %i KiB, with 5 customers at 40 KiB and 10 above (SUP-1, SUP-2, SUP-4)', (kb) => {
  it.each(LOCALES)(
    'SUP-2, SUP-4: in %s, with 4 helpers, 200 queues and 1,000 agents to transfer to, it is within the budget and keeps its buttons',
    async (locale) => {
      const desk = worstDesk(kb);
      const warnings: string[] = [];
      const log = { debug() {}, info() {}, warn: (event: string) => void warnings.push(event), error() {} };
      const service = { present: async () => manyAgents('quote') } as unknown as DeskService;
      const cards = new DeskCards(service, createCardRenderer(), desk, () => new Date(AT), log);
      const session = worstSession(kb === 40 ? 5 : 10);
      const card = await cards.session(session, CSR, { locale, userId: '29:csr' }, worst(300, 'e'));
      expect(cardBytes(card)).toBeLessThanOrEqual(kb * KIB);
      expect(validateCard(card)).toEqual([]);
      expect(warnings).toEqual([]);
      const verbs = cardActions(card).map((a) => a.verb);
      // Every customer not served can still be served; the session can be ended and transferred.
      expect(verbs.filter((v) => v === 'session.serve')).toHaveLength(session.participants.filter((p) => p.kind === 'customer').length - 1);
      expect(verbs).toEqual(expect.arrayContaining(['session.end', 'session.transfer', 'session.voiceEnd', 'session.serve', 'session.control']));
    },
  );
});
