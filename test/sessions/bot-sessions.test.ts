import { describe, expect, it } from 'vitest';
import { cardActions, cardTexts, SOREN } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';
import { BO, joinAsCustomer, KJERSTI, sessionCard, sessionOnCard, startByText } from './session-helpers.js';

const fx = useDesk();

const verbsOf = (card: unknown) => cardActions(card).map((a) => a.verb);
// Every press names its language: the bot remembers a person's last one for the cards it sends them.
const press = (verb: string, data: Record<string, unknown>, user = SOREN, locale = 'en-US') => fx.desk.invoke(verb, data, { user, locale });
/** The card an invoke answered with. */
const answered = (answer: { body: any }) => answer.body?.value;
const errorOn = (card: any) => cardTexts(card)[2];

/** Søren starts a session and Kjersti joins it with its number, as helper (SUP-1, SUP-3). */
async function withHelper() {
  await fx.desk.install();
  await fx.desk.install({ user: KJERSTI });
  const session = await startByText(fx, SOREN);
  expect((await fx.desk.message(`session ${session.number}`, { user: KJERSTI, locale: 'en-US' })).status).toBe(200);
  return session;
}

describe('support sessions in Teams (SUP-1, SUP-3)', () => {
  it('SUP-1: `session` starts a session: the CSR gets a card with the number grouped, control, and the ways to invite', async () => {
    await fx.desk.install();
    const session = await startByText(fx, SOREN);
    expect(session.number).toMatch(/^\d{9}$/);
    const card = sessionCard(fx, SOREN);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        `Support session ${session.number.slice(0, 3)} ${session.number.slice(3, 6)} ${session.number.slice(6)}`,
        'You have control of this session.',
      ]),
    );
    expect(JSON.stringify(card)).toContain(`/join?n=${session.number}&t=${encodeURIComponent(session.token)}`);
    expect(verbsOf(card)).toEqual(expect.arrayContaining(['session.voiceStart', 'session.end', 'session.postLink', 'session.transfer']));
    // The link's token is random: nothing in it comes from the number.
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(session.token).not.toContain(session.number);
  });

  it('SUP-1: the help card starts a session too, and two sessions never share a number', async () => {
    await fx.desk.install({ user: BO });
    const answer = await press('session.start', {}, BO);
    expect(cardTexts(answered(answer))).toContain('What AgentDesk can do');
    const first = await sessionOnCard(fx, BO);
    await press('session.start', {}, BO);
    const second = await sessionOnCard(fx, BO);
    expect(second.id).not.toBe(first.id);
    expect(second.number).not.toBe(first.number);
  });

  it('SUP-1: the join link is posted in the chat the card is in', async () => {
    await fx.desk.install();
    const session = await startByText(fx, SOREN);
    const before = fx.connector.activities().length;
    await press('session.postLink', { sessionId: session.id });
    const posted = fx.connector
      .activities()
      .slice(before)
      .find((a) => typeof a.text === 'string');
    expect(posted?.text).toMatch(new RegExp(`^Join support session \\d{3} \\d{3} \\d{3}: http://127\\.0\\.0\\.1:\\d+/join\\?n=${session.number}&t=`));
  });

  it('SUP-3: a second CSR joins with the number as a helper; both cards list both, and only the CSR has the control actions', async () => {
    const session = await withHelper();
    const helperCard = sessionCard(fx, KJERSTI);
    expect(cardTexts(helperCard)).toContain('You are helping. Søren Kierkegaard has control.');
    expect(verbsOf(helperCard)).toEqual(['session.leave', 'session.postLink']);
    const csrCard = sessionCard(fx, SOREN);
    expect(cardTexts(csrCard)).toEqual(expect.arrayContaining(['Kjersti Dahl', 'Support representative, helping']));
    expect(cardActions(csrCard).find((a) => a.verb === 'session.control')?.data).toEqual({ sessionId: session.id, target: KJERSTI.aadObjectId });
  });

  it('SUP-1: a number typed with spaces, an unknown and a malformed one are refused with a clear card, in the reader’s language', async () => {
    const session = await withHelper();
    await fx.desk.install({ user: BO });
    const spaced = `${session.number.slice(0, 3)} ${session.number.slice(3, 6)} ${session.number.slice(6)}`;
    await fx.desk.message(`session ${spaced}`, { user: BO, locale: 'da-DK' });
    expect(cardTexts(fx.lastCardFor(BO))).toContain('Et sessionsnummer er 9 cifre, skrevet uden mellemrum eller bindestreger (f.eks. 482913077).');
    const unknown = await press('session.join', { sessionNumber: '000000001' }, BO);
    expect(errorOn(answered(unknown))).toBe('There is no support session with that number.');
    expect((await fx.desk.app.service.session(session.id))?.session.participants.map((p) => p.id)).toEqual([SOREN.aadObjectId, KJERSTI.aadObjectId]);
  });

  it('SUP-3: control goes to the helper, whose card now has the control actions while the CSR’s does not; a helper ending the session is refused', async () => {
    const session = await withHelper();
    const refused = await press('session.end', { sessionId: session.id }, KJERSTI, 'sv-SE');
    expect(errorOn(answered(refused))).toBe('Bara supportmedarbetaren som har kontrollen kan göra det.');
    const handed = await press('session.control', { sessionId: session.id, target: KJERSTI.aadObjectId });
    // The CSR's own card is the answer to the press; the helper's is updated in place.
    expect(verbsOf(answered(handed))).not.toContain('session.end');
    expect(verbsOf(answered(handed))).toContain('session.leave');
    expect(cardTexts(answered(handed))).toContain('You are helping. Kjersti Dahl has control.');
    const helperCard = sessionCard(fx, KJERSTI);
    // Kjersti's last press was in Swedish: her cards now come in Swedish.
    expect(cardTexts(helperCard)).toContain('Du har kontroll över sessionen.');
    expect(verbsOf(helperCard)).toEqual(expect.arrayContaining(['session.end', 'session.voiceStart', 'session.control', 'session.transfer']));
    // The former holder may not end it, but may leave.
    expect(errorOn(answered(await press('session.end', { sessionId: session.id })))).toBe('Only the representative in control can do that.');
    const left = await press('session.leave', { sessionId: session.id });
    expect(cardTexts(answered(left))[2]).toMatch(/^You are not in this session\./);
  });
});

describe('voice in a session from Teams (VC-1, VC-2)', () => {
  it('VC-1, VC-2: the CSR starts a voice call, the platform is told, a customer in the call gets the mic; a third speaker is refused', async () => {
    const session = await withHelper();
    const customer = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
    expect(customer.status).toBe(303);
    const platform = fx.desk.app.simulatedPlatform!;
    const sent = platform.received.length;
    const started = await press('session.voiceStart', { sessionId: session.id });
    expect(cardTexts(answered(started))).toContain('May speak: Søren Kierkegaard');
    expect(platform.received.slice(sent)).toEqual([
      expect.objectContaining({ type: 'session.voice.start', sessionId: session.id, speakers: [SOREN.aadObjectId] }),
    ]);
    // The helper is asked to join (VC-1), joins, and the CSR gives her the mic.
    expect(verbsOf(sessionCard(fx, KJERSTI))).toContain('session.voiceJoin');
    await press('session.voiceJoin', { sessionId: session.id }, KJERSTI);
    const given = await press('session.micGive', { sessionId: session.id, target: KJERSTI.aadObjectId });
    expect(cardTexts(answered(given))).toContain('May speak: Søren Kierkegaard, Kjersti Dahl');
    const mette = (await fx.desk.app.service.session(session.id))!.session.participants.find((p) => p.kind === 'customer')!;
    await fx.desk.app.service.execute({ type: 'session.customerVoice', sessionId: session.id, customerId: mette.id, join: true });
    const third = await press('session.micGive', { sessionId: session.id, target: mette.id });
    expect(errorOn(answered(third))).toBe('At most 2 may speak at once, and Søren Kierkegaard, Kjersti Dahl have the mic. Take it from one of them first.');
    expect((await fx.desk.app.service.session(session.id))?.session.voice?.speakers).toEqual([SOREN.aadObjectId, KJERSTI.aadObjectId]);
    expect(platform.received.slice(sent).map((c) => c.type)).toEqual(['session.voice.start', 'session.voice.join', 'session.mic', 'session.voice.join']);
  });
});

describe('transferring a session from Teams (SUP-4)', () => {
  it('SUP-4: a 346-character message and two queues are refused on the card; a transfer to an agent reaches them with the message and Accept', async () => {
    const session = await withHelper();
    await fx.desk.install({ user: BO });
    await press('status.set', { state: 'Break' }, BO);
    await press('status.set', { state: 'Idle', code: 'lunch' }, BO);
    const long = await press('session.transfer', { sessionId: session.id, transferAgents: BO.aadObjectId, transferMessage: 'x'.repeat(346) });
    expect(errorOn(answered(long))).toBe('The message has 346 characters; at most 345 are allowed.');
    const twoQueues = await press('session.transfer', { sessionId: session.id, transferQueue: 'tech,billing' }, SOREN, 'nb-NO');
    expect(errorOn(answered(twoQueues))).toBe('En økt går til nøyaktig én kø; du valgte 2.');
    const sent = await press('session.transfer', { sessionId: session.id, transferAgents: BO.aadObjectId, transferMessage: 'Printer driver, ticket 4411' });
    expect(cardTexts(answered(sent))[2]).toMatch(/^You are not in this session\./);
    const offer = sessionCard(fx, BO);
    expect(cardTexts(offer)).toEqual(
      expect.arrayContaining(['Søren Kierkegaard transfers this support session to you.', 'Message from Søren Kierkegaard: Printer driver, ticket 4411']),
    );
    expect(verbsOf(offer)).toEqual(['session.accept']);
    const accepted = await press('session.accept', { sessionId: session.id }, BO);
    expect(cardTexts(answered(accepted))).toContain('You have control of this session.');
    expect(cardTexts(sessionCard(fx, KJERSTI))).toContain('You are helping. Bo Ek has control.');
  });
});
