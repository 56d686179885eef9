import { describe, expect, it } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import type { Contact } from '../../src/engine/model.js';
import { cardTexts, SOREN } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'simulated-platform-secret-012345';
/** The built-in platform with every delay at zero and no chance in it, so each follow-up comes at once and the same way. */
const deterministic = {
  timings: { answer: 0, consult: 0, transfer: 0, outdialRing: 0, outdialAnswer: 0, patienceMs: [3_600_000, 3_600_000] as const },
  random: () => 0,
};

/** Waits until the outbox and the simulation are quiet and `check` holds (follow-ups travel over HTTP both ways). */
async function settle<T>(app: DeskApp, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    await app.outbox.drain();
    await app.simulation!.settled();
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the simulated platform never got there');
}
const contactOf = (app: DeskApp, id: string) => async () => (await app.service.contacts([id]))[0];

describe('SIMULATOR=on: the built-in platform on both sides, one model, signed HTTP each way', () => {
  const fx = useDesk({ env: { PLATFORM_SECRET: SECRET, SIMULATOR: 'on', SIMULATOR_INTERVAL_SECONDS: '3600' }, overrides: { simulation: deterministic } });
  /** Scene: Søren has a phone and is Available. */
  const available = async () => {
    await fx.desk.install();
    await fx.desk.invoke('phone.set', { phone: '+4512345678' });
    expect(cardTexts((await fx.desk.invoke('status.set', { state: 'Available' })).body.value)).toContain('Available');
  };
  /** Scene: the platform offered a call, routed it to Søren and answered it; resolves with its id. */
  const onCall = async () => {
    await available();
    const offered = await fx.desk.app.simulator!.offerOne({ channel: 'voice', kind: 'inbound' });
    expect(offered?.status).toBe(202);
    const id = offered!.contactId;
    expect(await settle(fx.desk.app, contactOf(fx.desk.app, id), (c) => c?.status === 'connected')).toMatchObject({ agentId: SOREN.aadObjectId });
    return id;
  };

  it('ANS-2: a call it offers is routed, rings the agent (contact.route) and is answered by the platform', async () => {
    await available();
    const offered = await fx.desk.app.simulator!.offerOne({ channel: 'voice', kind: 'inbound' });
    expect(offered?.status).toBe(202);
    const callId = offered!.contactId;
    const call = await settle(fx.desk.app, contactOf(fx.desk.app, callId), (c) => c?.status === 'connected');
    expect(call).toMatchObject({ agentId: SOREN.aadObjectId });
    expect(fx.desk.app.simulation!.model.contact(callId)).toMatchObject({ phase: 'connected', agentId: SOREN.aadObjectId, origin: 'generated' });
    // PLAT-3: the agent's state reaches the platform through the outbox, after the desk has answered.
    const told = await settle(
      fx.desk.app,
      async () => fx.desk.app.simulation!.model.agent(SOREN.aadObjectId),
      (a) => a?.state === 'Engaged',
    );
    expect(told).toMatchObject({ state: 'Engaged', phone: '+4512345678' });
  });

  it('PLAT-1: Hold reaches the platform: its model has the customer on hold', async () => {
    const callId = await onCall();
    await fx.desk.invoke('contact.hold', { contactId: callId });
    expect(fx.desk.app.simulation!.model.contact(callId)).toMatchObject({ onHold: true });
    expect((await contactOf(fx.desk.app, callId)())?.onHold).toBe(true);
  });

  it('PLAT-2: a consult to a number nobody answers (ending in 0000) fails later, and the card says so', async () => {
    const callId = await onCall();
    await fx.desk.invoke('contact.direct', { contactId: callId, mode: 'consult', via: 'dial', dialTarget: '+4722990000' });
    const call = await settle(fx.desk.app, contactOf(fx.desk.app, callId), (c) => c?.consultFailed !== undefined);
    expect(call?.consultFailed).toMatchObject({ reason: 'noAnswer' });
    const card = fx.lastCardFor(SOREN, (c) => cardTexts(c).some((t) => t.startsWith('Call with')));
    expect(cardTexts(card)).toContain('+4722990000 did not answer the consult.');
  });

  it('PLAT-2: a dialled party that answers: consult.answered, then the transfer to them', async () => {
    const callId = await onCall();
    await fx.desk.invoke('contact.direct', { contactId: callId, mode: 'consult', via: 'dial', dialTarget: '+4722998877' });
    await settle(fx.desk.app, contactOf(fx.desk.app, callId), (c) => c?.consult?.state === 'active');
    await fx.desk.invoke('consult.transfer', { contactId: callId });
    expect(fx.desk.app.simulation!.model.contact(callId)).toMatchObject({ agentId: 'tel:+4722998877' });
  });

  it('PLAT-2: a hold the platform refuses (the customer hung up, the desk not told yet) shows the reason; the desk hears of it later', async () => {
    const id = await onCall();
    // The customer hangs up now; the platform's contact.ended reaches the desk a little later.
    expect(fx.desk.app.simulation!.customerLeaves(id, 1500)).toBe(true);
    const response = await fx.desk.invoke('contact.hold', { contactId: id });
    expect(cardTexts(response.body.value)).toContain('The contact center refused this: The customer has already left this contact.');
    expect(await contactOf(fx.desk.app, id)()).toMatchObject({ status: 'connected', onHold: false });
    const ended = await settle(fx.desk.app, contactOf(fx.desk.app, id), (c) => c?.status === 'ended');
    expect(ended).toMatchObject({ endedBy: 'customer' });
  });

  it('XFER-1: a blind transfer to a number nobody answers comes back (transfer.failed): the call waits in its queue, the sender is told', async () => {
    const id = await onCall();
    await fx.desk.invoke('contact.direct', { contactId: id, mode: 'transfer', via: 'dial', dialTarget: '+4533440000' });
    const back = await settle(fx.desk.app, contactOf(fx.desk.app, id), (c) => c?.status === 'queued');
    expect(back?.transferFailed).toBeDefined();
    expect(cardTexts(fx.lastCardFor(SOREN, (card) => cardTexts(card).some((t) => t.startsWith('Transfer to'))))).toContain(
      'Transfer to +4533440000 failed: the call went back to the queue.',
    );
    // Nobody takes it from the queue before that customer gives up too.
    fx.desk.app.simulation!.customerLeaves(id, 0);
    await settle(fx.desk.app, contactOf(fx.desk.app, id), (c) => c?.status === 'ended');
  });

  it('OUT-1: Dial: the platform rings the agent with the call offered back (kind outdial), then the customer answers', async () => {
    await available();
    const response = await fx.desk.invoke('outdial.start', { outdialNumber: '+4520304050' });
    expect(cardTexts(response.body.value)).toContain('Dialling +4520304050: your phone rings first.');
    const outdial = await settle(
      fx.desk.app,
      async () => {
        const agent = await fx.desk.app.service.agent(SOREN.aadObjectId);
        return (await fx.desk.app.service.contacts(agent?.active ?? [])).find((c: Contact) => c.kind === 'outdial');
      },
      (c) => c?.status === 'connected',
    );
    expect(outdial).toMatchObject({ channel: 'voice', from: '+4520304050', agentId: SOREN.aadObjectId });
    expect(fx.desk.app.simulation!.model.contact(outdial!.id)).toMatchObject({ phase: 'connected', kind: 'outdial' });
  });
});

describe('SIMULATOR=off: the built-in platform still answers commands but sends nothing by itself', () => {
  const fx = useDesk({ env: { PLATFORM_SECRET: SECRET }, overrides: { simulation: deterministic } });

  it('PLAT-1: a contact it never heard of (events posted by someone else) is adopted on its first command; a dialled consult stays unanswered', async () => {
    await fx.desk.install();
    await fx.desk.invoke('phone.set', { phone: '+4512345678' });
    await fx.desk.invoke('status.set', { state: 'Available' });
    const contact = { id: 'posted-1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4599887766' };
    expect((await fx.desk.event({ id: 'p1', type: 'contact.offered', contact })).status).toBe(202);
    expect((await fx.desk.event({ id: 'p2', type: 'contact.answered', contactId: 'posted-1' })).status).toBe(202);
    await fx.desk.invoke('contact.hold', { contactId: 'posted-1' });
    expect(fx.desk.app.simulation!.model.contact('posted-1')).toMatchObject({ origin: 'adopted', onHold: true });
    await fx.desk.invoke('contact.resume', { contactId: 'posted-1' });
    await fx.desk.invoke('contact.direct', { contactId: 'posted-1', mode: 'consult', via: 'dial', dialTarget: '+4722998877' });
    await fx.desk.app.outbox.drain();
    await fx.desk.app.simulation!.settled();
    await new Promise((r) => setTimeout(r, 200));
    expect((await fx.desk.app.service.contacts(['posted-1']))[0]?.consult?.state).toBe('requested');
    // The refusals are a platform's all the same.
    const again = await fx.desk.invoke('consult.resumeParty', { contactId: 'posted-1' });
    expect(cardTexts(again.body.value)).toContain('Wait until the consult is accepted.');
  });
});
