import { beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryCaller, DirectoryPort, Person } from '../../src/directory/directory-port.js';
import { cardActions, cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const KJERSTI: TestUser = { id: '29:kjersti', aadObjectId: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f', name: 'Kjersti Dahl' };
const expertPerson: Person = {
  id: KJERSTI.aadObjectId,
  givenName: 'Kjersti',
  surname: 'Dahl',
  displayName: 'Kjersti Dahl',
  jobTitle: 'Fibre network specialist',
  department: 'Fibre Installations',
  businessPhones: ['+4722334455'],
  mail: 'kjersti.dahl@contoso.example',
  presence: { availability: 'Available', activity: 'Available', updatedAt: '2026-11-20T08:56:00.000Z' },
};

/** A directory that records who asked, so a test can prove it was (not) queried; each test starts with none. */
let calls: DirectoryCaller[] = [];
beforeEach(() => {
  calls = [];
});
const directory: DirectoryPort = {
  search: async (query, caller) => {
    calls.push(caller);
    return query.toLowerCase().startsWith('fibre') ? [expertPerson] : [];
  },
  get: async () => [expertPerson],
  refreshPresence: async () => ({}),
};

const fx = useDesk({ env: { PLATFORM_SECRET: SECRET }, overrides: { directory } });

const cardFor = (user: TestUser, title: string) => fx.lastCardFor(user, (card) => cardTexts(card).includes(title));

/** Scene: Søren is on call-1 (Fibre outage); Kjersti, the expert, has installed the app. */
async function onACall(): Promise<void> {
  await fx.desk.install();
  await fx.desk.install({ user: KJERSTI });
  await fx.desk.invoke('phone.set', { phone: '+4512345678' });
  await fx.desk.invoke('status.set', { state: 'Available' });
  expect(
    (
      await fx.desk.event({
        id: 'c-offer',
        type: 'contact.offered',
        contact: {
          id: 'call-1',
          channel: 'voice',
          kind: 'inbound',
          queue: 'tech',
          from: '+4599887766',
          variables: [{ name: 'reason', label: 'Reason', value: 'Fibre outage' }],
        },
      })
    ).status,
  ).toBe(202);
  expect((await fx.desk.event({ id: 'c-answer', type: 'contact.answered', contactId: 'call-1' })).status).toBe(202);
  expect(cardTexts(cardFor(SOREN, 'Call with +4599887766'))).toContain('Connected');
}

/** Scene: on call-1, Søren asked Kjersti to consult (CON-5). */
async function consultRequested(): Promise<void> {
  await onACall();
  const response = await fx.desk.invoke('consult.start', { contactId: 'call-1', target: { kind: 'expert', id: KJERSTI.aadObjectId, name: 'Kjersti Dahl' } });
  expect(response.body.statusCode).toBe(200);
}

/** Scene: Kjersti accepted; she and Søren are consulting while the customer is on hold (CON-6). */
async function consulting(): Promise<void> {
  await consultRequested();
  expect((await fx.desk.invoke('consult.accept', { contactId: 'call-1' }, { user: KJERSTI })).body.statusCode).toBe(200);
}

describe('an agent consults an expert found in the organization, then transfers (CON-3, CON-5, CON-6, CON-8)', () => {
  it('CON-3: on a call, the interaction card offers the expert search', async () => {
    await onACall();
    const card = (await fx.desk.invoke('interaction.refresh', { contactId: 'call-1' })).body.value;
    expect(cardActions(card).map((a) => a.verb)).toContain('consult.search');
  });

  it('CON-3: without a sign-in the search is refused with a sign-in card and the directory is never queried', async () => {
    await onACall();
    const response = await fx.desk.invoke('consult.search', { contactId: 'call-1', expertQuery: 'fibre' });
    expect(cardTexts(response.body.value)).toContain('Sign in to search your organization');
    expect(calls).toEqual([]);
    const signIn = fx.connector.activities().at(-1);
    expect(JSON.stringify(signIn)).toContain('sso.localSignIn');
  });

  it("CON-3: after signing in, the search runs with the agent's token and lists experts with presence and its age", async () => {
    await onACall();
    await fx.desk.invoke('sso.localSignIn', {});
    const response = await fx.desk.invoke('consult.search', { contactId: 'call-1', expertQuery: 'fibre' });
    const texts = cardTexts(response.body.value);
    expect(texts).toEqual(expect.arrayContaining(['Kjersti Dahl', 'Fibre network specialist · Fibre Installations', '● Available · 4 min ago']));
    expect(calls).toEqual([{ userId: SOREN.aadObjectId, token: expect.stringMatching(/^local-/) }]);
    expect(cardActions(response.body.value).find((a) => a.verb === 'consult.start')?.data).toEqual({
      contactId: 'call-1',
      target: { kind: 'expert', id: KJERSTI.aadObjectId, name: 'Kjersti Dahl' },
    });
  });

  it('CON-5: Consult shows "Consult requested" to the agent and a request with the consult defaults to the expert', async () => {
    await onACall();
    const response = await fx.desk.invoke('consult.start', { contactId: 'call-1', target: { kind: 'expert', id: KJERSTI.aadObjectId, name: 'Kjersti Dahl' } });
    expect(cardTexts(response.body.value)).toEqual(expect.arrayContaining(['Customer · on hold', 'Consulted: Kjersti Dahl · Consult requested']));
    const actions = cardActions(response.body.value);
    expect(actions.find((a) => a.verb === 'consult.transfer')?.enabled).toBe(false);
    expect(actions.find((a) => a.verb === 'consult.conference')?.enabled).toBe(false);
    const request = cardFor(KJERSTI, 'Consult request');
    expect(cardTexts(request)).toEqual(
      expect.arrayContaining([
        'Søren Kierkegaard asks you to consult on a call',
        'Agent: Søren Kierkegaard',
        'Agent DN: +4512345678',
        'Agent team: Customer Support',
        'Reason for contact: Fibre outage',
      ]),
    );
    expect(cardActions(request).map((a) => a.verb)).toEqual(['consult.accept', 'consult.decline']);
  });

  it("CON-6: the expert accepts in their own chat; the agent's card shows Consulting with Transfer enabled", async () => {
    await consultRequested();
    const accepted = await fx.desk.invoke('consult.accept', { contactId: 'call-1' }, { user: KJERSTI });
    expect(cardTexts(accepted.body.value)).toContain('You are consulting.');
    const agentCard = cardFor(SOREN, 'Call with +4599887766');
    expect(cardTexts(agentCard)).toContain('Consulted: Kjersti Dahl · Consulting');
    expect(cardActions(agentCard).find((a) => a.verb === 'consult.transfer')?.enabled).toBe(true);
  });

  it("CON-9: the expert cannot end the customer's interaction", async () => {
    await consulting();
    const response = await fx.desk.invoke('contact.end', { contactId: 'call-1' }, { user: KJERSTI });
    expect(response.body).toMatchObject({ statusCode: 404 });
    const [call] = await fx.desk.app.service.contacts(['call-1']);
    expect(call?.status).toBe('connected');
  });

  it('CON-8 / XFER-1: Transfer gives the expert the call and puts the agent in wrap-up', async () => {
    await consulting();
    const answer = await fx.desk.invoke('consult.transfer', { contactId: 'call-1' });
    const [call] = await fx.desk.app.service.contacts(['call-1']);
    expect(call).toMatchObject({ agentId: KJERSTI.aadObjectId, status: 'connected' });
    expect((await fx.desk.app.service.agent(SOREN.aadObjectId))?.state).toBe('WrapUp');
    // The card the agent pressed turns into their wrap-up in the answer to the press (not sent again: issue 10's
    // send budget), saying where the call went; its only action is the wrap-up itself.
    expect(cardTexts(answer.body.value).join(' ')).toContain('Transferred to Kjersti Dahl');
    expect(cardTexts(answer.body.value)).toContain('Wrap-up');
    expect(
      cardActions(answer.body.value)
        .map((a) => a.verb)
        .filter((v) => !v.endsWith('.refresh')),
    ).toEqual(['wrapUp.submit']);
    expect(cardTexts(cardFor(KJERSTI, 'Call with +4599887766'))).toContain('Connected');
  });
});

describe('consult and transfer targets on the interaction card (CON-1, CON-2, XFER-1)', () => {
  const LIV: TestUser = { id: '29:liv', aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000011', name: 'Liv Strand' };
  const BO: TestUser = { id: '29:bo', aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000012', name: 'Bo Ek' };

  /** Scene: Liv is on call-2 (billing); Bo is Idle at lunch. */
  async function livOnACall(): Promise<void> {
    for (const user of [LIV, BO]) {
      await fx.desk.install({ user });
      await fx.desk.invoke('phone.set', { phone: '+4612345678' }, { user });
    }
    await fx.desk.invoke('status.set', { state: 'Available' }, { user: LIV });
    expect(
      (
        await fx.desk.event({
          id: 'd-offer',
          type: 'contact.offered',
          contact: { id: 'call-2', channel: 'voice', kind: 'inbound', queue: 'billing', from: '+4611223344', agentId: LIV.aadObjectId },
        })
      ).status,
    ).toBe(202);
    expect((await fx.desk.event({ id: 'd-answer', type: 'contact.answered', contactId: 'call-2' })).status).toBe(202);
    await fx.desk.invoke('status.set', { state: 'Idle', code: 'lunch' }, { user: BO });
  }

  it('CON-1: the card lists Available and Idle agents with their state, voice queues, entry points and the address book', async () => {
    await livOnACall();
    const card = (await fx.desk.invoke('interaction.refresh', { contactId: 'call-2' }, { user: LIV })).body.value;
    const choices = (id: string) =>
      (card.body as any[])
        .flatMap((e) => e.items ?? [])
        .find((e: any) => e.id === id)
        .choices.map((c: { title: string; value: string }) => [c.title, c.value]);
    expect(choices('agentTarget')).toContainEqual([expect.stringContaining('Bo Ek · Idle'), BO.aadObjectId]);
    expect(choices('agentTarget').map(([, id]: string[]) => id)).not.toContain(LIV.aadObjectId);
    expect(choices('queueTarget')).toEqual(
      expect.arrayContaining([
        ['Billing', 'queue:billing'],
        ['Entry point: Billing hotline', 'entryPoint:ep-billing'],
      ]),
    );
    expect(choices('addressTarget')).toContainEqual(['Partner NOC (Oslo) (+4722998877)', '+4722998877']);
  });

  it('CON-2: a dial number that is too short is refused on the card with the reason', async () => {
    await livOnACall();
    const response = await fx.desk.invoke('contact.direct', { contactId: 'call-2', mode: 'consult', via: 'dial', dialTarget: '12' }, { user: LIV });
    expect(cardTexts(response.body.value).join('\n')).toContain('That dial number cannot be used (tooShort)');
  });

  it('XFER-1: a transfer to an agent who is not Available is refused; to a queue it goes at once and the sender wraps up', async () => {
    await livOnACall();
    const refused = await fx.desk.invoke('contact.direct', { contactId: 'call-2', mode: 'transfer', via: 'agent', agentTarget: BO.aadObjectId }, { user: LIV });
    expect(cardTexts(refused.body.value).join('\n')).toContain('Bo Ek is not Available');
    const moved = await fx.desk.invoke('contact.direct', { contactId: 'call-2', mode: 'transfer', via: 'queue', queueTarget: 'queue:tech' }, { user: LIV });
    // The sender's message turns into their wrap-up in place, saying where the call went (XFER-1, WRAP-1).
    expect(cardTexts(moved.body.value).join(' ')).toContain('Transferred to Technical Support');
    expect(cardTexts(moved.body.value).join(' ')).toContain('Choose a wrap-up code');
    expect((await fx.desk.app.service.agent(LIV.aadObjectId))?.state).toBe('WrapUp');
    const [call] = await fx.desk.app.service.contacts(['call-2']);
    expect(call).toMatchObject({ queue: 'tech', status: 'queued', declinedBy: [LIV.aadObjectId] });
  });
});

describe('favourite and recent experts (CON-3, message extension initialRun)', () => {
  it('CON-3: an expert marked as favourite heads the shortlist of the empty search, on the card and in the message extension', async () => {
    // Søren consulted Kjersti, so she is a recent expert already.
    await consultRequested();
    const marked = await fx.desk.invoke('experts.favourite', {
      contactId: 'call-1',
      on: true,
      expert: { id: KJERSTI.aadObjectId, displayName: 'Kjersti Dahl', jobTitle: 'Fibre network specialist', department: 'Fibre Installations' },
    });
    expect(marked.status).toBe(200);
    const shortlist = await fx.desk.app.store.read([`experts/${SOREN.aadObjectId}`]);
    expect(shortlist.get(`experts/${SOREN.aadObjectId}`)?.value).toMatchObject({
      favourites: [{ id: KJERSTI.aadObjectId, displayName: 'Kjersti Dahl' }],
      recent: [{ id: KJERSTI.aadObjectId }],
    });
    const initialRun = await fx.desk.invokeNamed('composeExtension/query', { commandId: 'searchExperts', parameters: [{ name: 'initialRun', value: 'true' }] });
    const results = initialRun.body.composeExtension;
    expect(results.attachmentLayout).toBe('list');
    expect(results.attachments.map((a: any) => a.preview.content.title)).toEqual(['Kjersti Dahl']);
  });
});
