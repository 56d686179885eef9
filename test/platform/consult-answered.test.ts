import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { cardActions, cardTexts, SOREN, startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const SECRET = 'test-platform-secret-0123456789';

// A fresh desk per test: each one sets its own scene.
let desk: DeskUnderTest;
let connector: ConnectorRecorder;
let offline: OfflineGuard;
beforeEach(async () => {
  offline = goOffline();
  connector = nockConnector();
  desk = await startDesk({ env: { PLATFORM_SECRET: SECRET } });
});
afterEach(async () => {
  await desk.stop();
  connector.close();
  expect(offline.unmatched).toEqual([]);
  offline.close();
});

/** Søren is on a connected call `call-1` from a customer. */
async function onCall(): Promise<void> {
  await desk.install();
  await desk.invoke('phone.set', { phone: '+4512345678' });
  await desk.invoke('status.set', { state: 'Available' });
  const offered = await desk.event({
    id: 'e-offer',
    type: 'contact.offered',
    contact: { id: 'call-1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4599887766' },
  });
  expect(offered.status).toBe(202);
  expect((await desk.event({ id: 'e-answer', type: 'contact.answered', contactId: 'call-1' })).status).toBe(202);
}

/** The newest card the bot sent to, or updated in, a user's personal chat. */
function lastCardOf(userId: string): unknown {
  const calls = connector.calls.filter((c) => c.method !== 'DELETE' && decodeURIComponent(c.path).includes(`personal-${userId}`));
  return calls
    .map((c) => (c.body.attachments as Array<{ content?: unknown }> | undefined)?.[0]?.content)
    .filter(Boolean)
    .at(-1);
}

const consultOf = async (contactId: string) => (await desk.app.service.contacts([contactId]))[0]?.consult;

describe('the consult.answered platform event (README, CON-7)', () => {
  it('CON-7: a consult to a plain dial number waits for consult.answered, which makes it active with the number as the consulted party', async () => {
    await onCall();
    await desk.invoke('contact.direct', { contactId: 'call-1', mode: 'consult', via: 'dial', dialTarget: '+47 22 99 88 01' });
    expect(await consultOf('call-1')).toMatchObject({ state: 'requested', target: { kind: 'dialNumber', id: '+4722998801' }, offeredTo: [] });

    const answered = await desk.event({ id: 'e-consult-answered', type: 'consult.answered', contactId: 'call-1' });
    expect(answered).toEqual({ status: 202, body: { status: 'accepted' } });
    expect(await consultOf('call-1')).toMatchObject({ state: 'active', partyName: '+4722998801' });
    const [call] = await desk.app.service.contacts(['call-1']);
    expect(call?.onHold).toBe(true);
    // The agent's interaction card is updated in place: the number is the consulted party, Transfer and Conference are enabled.
    await vi.waitFor(() => {
      const card = lastCardOf(SOREN.id);
      expect(cardTexts(card).join('\n')).toContain('+4722998801');
      const enabled = cardActions(card).filter((a) => a.verb === 'consult.transfer' || a.verb === 'consult.conference');
      expect(enabled.map((a) => [a.verb, a.enabled])).toEqual([
        ['consult.transfer', true],
        ['consult.conference', true],
      ]);
    });
  });

  it('CON-7: a second report of the same answer, under a new id, is refused with 409 consult.none', async () => {
    await onCall();
    await desk.invoke('contact.direct', { contactId: 'call-1', mode: 'consult', via: 'dial', dialTarget: '+4722998801' });
    expect((await desk.event({ id: 'e-first', type: 'consult.answered', contactId: 'call-1' })).status).toBe(202);
    const again = await desk.event({ id: 'e-second', type: 'consult.answered', contactId: 'call-1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('consult.none');
  });

  it('is refused with 409 consult.none for an unknown contact and for a call without a consult, and changes nothing', async () => {
    await onCall();
    const unknown = await desk.event({ id: 'e-unknown', type: 'consult.answered', contactId: 'no-such-call' });
    expect([unknown.status, unknown.body.error.code]).toEqual([409, 'consult.none']);
    const noConsult = await desk.event({ id: 'e-no-consult', type: 'consult.answered', contactId: 'call-1' });
    expect([noConsult.status, noConsult.body.error.code]).toEqual([409, 'consult.none']);
    expect(await consultOf('call-1')).toBeUndefined();
  });
});
