import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../bot/card-actions.js';
import { loadDeskConfig } from '../../src/desk-config.js';
import { cardActions, cardTexts, SOREN } from '../support/desk-harness.js';
import { useDesk, type DeskFixture } from '../support/use-desk.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHIPPED = loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT);
const SECRET = 'test-platform-secret-0123456789';

/** Søren on a call (ST-5, ANS-2); returns every card the desk showed him meanwhile, answered or sent. */
async function cardsOfACall(fx: DeskFixture): Promise<any[]> {
  const answered = [await fx.desk.invoke('phone.set', { phone: '+4512345678' }), await fx.desk.invoke('status.set', { state: 'Available' })].map(
    (r) => r.body.value,
  );
  await fx.desk.install();
  const offer = { id: 'e-1', type: 'contact.offered', contact: { id: 'call-1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4599887766' } };
  expect((await fx.desk.event(offer)).status).toBe(202);
  expect((await fx.desk.event({ id: 'e-2', type: 'contact.answered', contactId: 'call-1' })).status).toBe(202);
  answered.push((await fx.desk.invoke('interaction.refresh', { contactId: 'call-1' })).body.value);
  const sent = fx.connector.calls.map((c) => (c.body.attachments as Array<{ content?: unknown }> | undefined)?.[0]?.content).filter(Boolean);
  return [...answered, ...sent];
}

const line = (on: boolean) => `Background noise removal: ${on ? 'On' : 'Off'}. Your organization sets this; ask your administrator to change it.`;

describe('BN-1: background noise removal is an organization setting the agent sees and cannot change', () => {
  describe('as shipped (on)', () => {
    const fx = useDesk({ env: { PLATFORM_SECRET: SECRET } });

    it('BN-1: the call card shows it on, and no card the agent got offers anything to change it', async () => {
      expect(SHIPPED.backgroundNoiseRemoval.enabled).toBe(true);
      const seen = await cardsOfACall(fx);
      expect(cardTexts(fx.lastCardFor(SOREN, (card) => cardTexts(card).includes('Call with +4599887766')))).toContain(line(true));
      for (const card of seen) expect(JSON.stringify(cardActions(card)), cardTexts(card)[0]).not.toMatch(/noise/i);
      expect(VERBS.filter((verb) => /noise/i.test(verb))).toEqual([]);
    });

    it('BN-1: a forged card action to turn it off is refused, and the call card still says on', async () => {
      await cardsOfACall(fx);
      for (const verb of ['noiseRemoval.set', 'backgroundNoiseRemoval.off']) {
        const refused = await fx.desk.invoke(verb, { contactId: 'call-1', enabled: false });
        expect(refused.body).toMatchObject({ statusCode: 400, value: { message: expect.stringMatching(/not supported/) } });
      }
      const card = (await fx.desk.invoke('interaction.refresh', { contactId: 'call-1' })).body.value;
      expect(cardTexts(card)).toContain(line(true));
    });
  });

  describe('turned off by the admin', () => {
    const fx = useDesk({ env: { PLATFORM_SECRET: SECRET }, overrides: { desk: { ...SHIPPED, backgroundNoiseRemoval: { enabled: false } } } });

    it('BN-1: the call card shows it off, in the reader language too', async () => {
      await cardsOfACall(fx);
      const card = (await fx.desk.invoke('interaction.refresh', { contactId: 'call-1' })).body.value;
      expect(cardTexts(card)).toContain(line(false));
      const danish = (await fx.desk.invoke('interaction.refresh', { contactId: 'call-1' }, { locale: 'da-DK' })).body.value;
      expect(cardTexts(danish)).toContain('Fjernelse af baggrundsstøj: Fra. Din organisation bestemmer det; kontakt din administrator for at ændre det.');
    });
  });
});
