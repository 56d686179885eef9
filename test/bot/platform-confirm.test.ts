import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../src/desk-records.js';
import { cardActions, cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { PlatformStandIn } from '../support/platform-stand-in.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const COMMAND_SECRET = 'test-command-secret-9876543210';
const TIMEOUT_MS = 1000;
const BO: TestUser = { id: '29:bo', aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000002', name: 'Bo Ek' };

const platform = new PlatformStandIn(COMMAND_SECRET);
const fx = useDesk(async () => {
  // One stand-in for the file; each test's fresh desk meets it with nothing received, carried out or scripted.
  platform.reset();
  return {
    env: {
      PLATFORM_SECRET: SECRET,
      PLATFORM_URL: await platform.start(),
      PLATFORM_COMMAND_SECRET: COMMAND_SECRET,
      PLATFORM_COMMAND_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  };
});
afterAll(() => platform.stop());

let seq = 0;
const event = (body: Record<string, unknown>) => fx.desk.event({ id: `evt-${++seq}`, ...body });
/** What the store holds for a contact: its record's version and value, to prove a refusal wrote nothing. */
const stored = async (contactId: string) => (await fx.desk.app.store.read([keys.contact(contactId)])).get(keys.contact(contactId));
const holds = () => platform.received.filter((r) => r.command.type === 'contact.hold');
const gone = { status: 409, body: { error: { code: 'contact.gone', message: 'The customer already hung up.' } } };

/** Scene: Søren has a phone and is Available. */
const available = async () => {
  await fx.desk.install();
  await fx.desk.invoke('phone.set', { phone: '+4512345678' });
  expect(cardTexts((await fx.desk.invoke('status.set', { state: 'Available' })).body.value)).toContain('Available');
};
/** Scene: a call connected to the agent. */
const connected = async () => {
  await available();
  const offered = { id: 'call-1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4599887766', agentId: SOREN.aadObjectId };
  expect((await event({ type: 'contact.offered', contact: offered })).status).toBe(202);
  expect((await event({ type: 'contact.answered', contactId: 'call-1' })).status).toBe(202);
  expect((await stored('call-1'))?.value).toMatchObject({ status: 'connected', onHold: false });
};
/** Scene: the agent pressed Hold on the connected call and the platform said nothing in time; nothing changed. */
const holdTimedOut = async () => {
  await connected();
  const before = await stored('call-1');
  platform.answerNext('contact.hold', 'silence');
  await fx.desk.invoke('contact.hold', { contactId: 'call-1' });
  expect(holds().map((r) => r.answered)).toEqual(['silence']);
  expect(await stored('call-1')).toEqual(before);
};
/** Scene: the connected call is on hold, as the platform confirmed. */
const onHold = async () => {
  await connected();
  expect(cardTexts((await fx.desk.invoke('contact.hold', { contactId: 'call-1' })).body.value)).toContain('Connected · on hold');
  expect((await stored('call-1'))?.value).toMatchObject({ onHold: true });
};

describe('PLAT-2: a change to a live contact is shown only once the platform said yes', () => {
  it('PLAT-2: a refusal (409 with a reason) changes nothing in the store, and the card says why in Danish', async () => {
    await connected();
    const before = await stored('call-1');
    const outbox = await fx.desk.app.outbox.pending();
    platform.answerNext('contact.hold', gone);
    const response = await fx.desk.invoke('contact.hold', { contactId: 'call-1' }, { locale: 'da-DK' });
    expect(cardTexts(response.body.value)).toContain('Kontaktcentret afviste det: The customer already hung up.');
    // The card still offers Hold: nothing changed.
    expect(cardActions(response.body.value).find((a) => a.verb === 'contact.hold')?.enabled).toBe(true);
    expect(await stored('call-1')).toEqual(before);
    expect(await fx.desk.app.outbox.pending()).toBe(outbox);
    expect(holds().at(-1)).toMatchObject({ signed: true, answered: 409 });
  });

  it('PLAT-2: no answer within PLATFORM_COMMAND_TIMEOUT_MS changes nothing, and the card says so in Swedish', async () => {
    await connected();
    const before = await stored('call-1');
    platform.answerNext('contact.hold', 'silence');
    const started = Date.now();
    const response = await fx.desk.invoke('contact.hold', { contactId: 'call-1' }, { locale: 'sv-SE' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(cardTexts(response.body.value)).toContain('Kontaktcentret svarade inte i tid. Inget har ändrats; tryck igen för att försöka en gång till.');
    expect(await stored('call-1')).toEqual(before);
  });

  it('PLAT-2: pressing again after the timeout sends the same command id; the platform, which did it late, answers duplicate and it is shown once', async () => {
    await holdTimedOut();
    // The platform carried out the silent hold after all, late.
    platform.release();
    const response = await fx.desk.invoke('contact.hold', { contactId: 'call-1' });
    const [timedOut, again] = holds().slice(-2);
    expect(again!.command.id).toBe(timedOut!.command.id);
    expect(timedOut!.answered).toBe('silence');
    expect(again).toMatchObject({ answered: 200, signed: true });
    expect(platform.carriedOut.filter((id) => id === again!.command.id)).toHaveLength(1);
    expect(cardTexts(response.body.value)).toContain('Connected · on hold');
    expect((await stored('call-1'))?.value).toMatchObject({ onHold: true });
  });

  it('PLAT-2: a refusal of the refused hold was never remembered: after a refusal, a new press gets a new chance', async () => {
    await onHold();
    platform.answerNext('contact.resume', gone);
    await fx.desk.invoke('contact.resume', { contactId: 'call-1' });
    const response = await fx.desk.invoke('contact.resume', { contactId: 'call-1' });
    const resumes = platform.received.filter((r) => r.command.type === 'contact.resume');
    expect(resumes.map((r) => r.answered)).toEqual([409, 202]);
    expect(cardTexts(response.body.value)).toContain('Connected');
  });

  it('PLAT-2: a platform that cannot be reached (5xx) changes nothing; the card says so in Norwegian', async () => {
    await connected();
    const before = await stored('call-1');
    // The client tries a quick failure once more within the time limit: both attempts fail.
    platform.answerNext('contact.hold', { status: 503 });
    platform.answerNext('contact.hold', { status: 503 });
    const response = await fx.desk.invoke('contact.hold', { contactId: 'call-1' }, { locale: 'nb-NO' });
    expect(cardTexts(response.body.value)).toContain('Kontaktsenteret kan ikke nås akkurat nå. Ingenting er endret; prøv igjen om et øyeblikk.');
    expect(await stored('call-1')).toEqual(before);
  });
});

describe('PLAT-4: told commands arrive in order per agent and per contact, each once, even when the platform fails at first', () => {
  const accepted = (filter: (type: string, body: Record<string, unknown>) => boolean) =>
    platform.received.filter((r) => r.answered === 202 && filter(r.command.type, r.command as unknown as Record<string, unknown>)).map((r) => r.command);
  /** The outbox backs off on the desk's clock, which stands still in these tests: move it on while waiting. */
  let minutes = 0;
  // Each test's desk starts its clock afresh.
  beforeEach(() => {
    minutes = 0;
  });
  const deliveredSoon = async (count: () => number, expected: number) => {
    await expect
      .poll(
        () => {
          fx.desk.setNow(new Date(Date.parse('2026-11-20T09:00:00.000Z') + ++minutes * 60_000).toISOString());
          return count();
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(expected);
  };

  it('PLAT-4: per agent: phone and five status changes in a row, the first delivery failing, arrive in the order they were made', async () => {
    await fx.desk.install({ user: BO });
    platform.answerNext('agent.state', { status: 503 });
    platform.answerNext('agent.state', { status: 503 });
    await fx.desk.invoke('phone.set', { phone: '+4511112222' }, { user: BO });
    for (const [state, code] of [
      ['Idle', 'lunch'],
      ['Idle', 'meeting'],
      ['Break', undefined],
      ['Available', undefined],
      ['LoggedOut', undefined],
    ] as const) {
      const response = await fx.desk.invoke('status.set', { state, ...(code ? { code } : {}) }, { user: BO });
      expect(cardTexts(response.body.value)).not.toContain('error');
    }
    const bo = (type: string, body: Record<string, unknown>) => type === 'agent.state' && body.agentId === BO.aadObjectId;
    await deliveredSoon(() => accepted(bo).length, 6);
    expect(accepted(bo).map((c) => (c.type === 'agent.state' ? [c.state, c.code ?? ''] : []))).toEqual([
      ['LoggedOut', ''],
      ['Idle', 'lunch'],
      ['Idle', 'meeting'],
      ['Break', ''],
      ['Available', ''],
      ['LoggedOut', ''],
    ]);
    // The failed attempts were the first command, tried again under its id; each id was carried out once.
    const failed = platform.received.filter((r) => r.answered === 503 && bo(r.command.type, r.command as unknown as Record<string, unknown>));
    expect(failed.map((r) => r.command.id)).toEqual([accepted(bo)[0]!.id, accepted(bo)[0]!.id]);
    const ids = accepted(bo).map((c) => c.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('PLAT-4: per contact: two saves of variables and the wrap-up arrive in order, the first save failing at first', async () => {
    await available();
    const offered = {
      id: 'chat-2',
      channel: 'chat',
      kind: 'inbound',
      queue: 'tech',
      from: 'Jane Doe',
      agentId: SOREN.aadObjectId,
      variables: [{ name: 'notes', label: 'Notes', value: '', editable: true }],
    };
    expect((await event({ type: 'contact.offered', contact: offered })).status).toBe(202);
    await fx.desk.invoke('requests.accept', { contactId: 'chat-2' });
    platform.answerNext('variables.save', { status: 503 });
    platform.answerNext('variables.save', { status: 503 });
    await fx.desk.invoke('variables.save', { contactId: 'chat-2', versions: { notes: 0 }, var_notes: 'first' });
    await fx.desk.invoke('variables.save', { contactId: 'chat-2', versions: { notes: 1 }, var_notes: 'second' });
    await fx.desk.invoke('contact.end', { contactId: 'chat-2' });
    await fx.desk.invoke('wrapUp.submit', { contactId: 'chat-2', code: 'follow-up' });
    const told = (type: string, body: Record<string, unknown>) => body.contactId === 'chat-2' && (type === 'variables.save' || type === 'wrapUp.submit');
    await deliveredSoon(() => accepted(told).length, 3);
    expect(accepted(told).map((c) => (c.type === 'variables.save' ? c.values[0]?.value : c.type))).toEqual(['first', 'second', 'wrapUp.submit']);
  });
});

describe('OUT-1: Dial, and the call the platform rings back', () => {
  /** Scene: Søren dialled +4520304050; the platform rang his phone with the outdial out-1 and the customer answered. */
  const outdialConnected = async () => {
    await available();
    expect(cardTexts((await fx.desk.invoke('outdial.start', { outdialNumber: '+4520304050' })).body.value)).toContain(
      'Dialling +4520304050: your phone rings first.',
    );
    const outdial = { id: 'out-1', channel: 'voice', kind: 'outdial', queue: 'billing', from: '+4520304050', agentId: SOREN.aadObjectId };
    expect((await event({ type: 'contact.offered', contact: outdial })).status).toBe(202);
    expect((await event({ type: 'contact.answered', contactId: 'out-1' })).status).toBe(202);
    expect((await stored('out-1'))?.value).toMatchObject({ status: 'connected' });
  };
  /** Scene: the outdial out-1 ended and Søren wrapped it up; he is Available again. */
  const outdialWrappedUp = async () => {
    await outdialConnected();
    await fx.desk.invoke('contact.end', { contactId: 'out-1' });
    expect(cardTexts((await fx.desk.invoke('wrapUp.submit', { contactId: 'out-1', code: 'resolved' })).body.value)).toContain('Wrapped up: Resolved.');
  };

  it('OUT-1: the card says it is dialling; the platform rings the phone with an outdial request (PO-4, never secure), then the customer answers', async () => {
    await available();
    const before = platform.mark();
    // Cards sent later speak the language of the person's last turn: English.
    const response = await fx.desk.invoke('outdial.start', { outdialNumber: '+45 20 30 40 50' }, { locale: 'en-US' });
    expect(cardTexts(response.body.value)).toContain('Dialling +4520304050: your phone rings first.');
    const dialled = platform.since(before).filter((r) => r.command.type === 'outdial.start');
    expect(dialled).toEqual([expect.objectContaining({ signed: true, answered: 202 })]);
    // The platform rings the agent's phone and offers the call back to them.
    const outdial = {
      id: 'out-1',
      channel: 'voice',
      kind: 'outdial',
      queue: 'billing',
      from: '+4520304050',
      agentId: SOREN.aadObjectId,
      variables: [
        { name: 'customerName', label: 'Customer', value: 'Mette Nielsen' },
        { name: 'accountNumber', label: 'Account', value: '55001234' },
        { name: 'reason', label: 'Reason', value: 'Follow-up on invoice' },
        { name: 'cpr', label: 'National ID', value: '010190-1234', secure: true },
      ],
    };
    expect((await event({ type: 'contact.offered', contact: outdial })).status).toBe(202);
    const popover = fx.lastCardFor(SOREN, (card) => cardTexts(card).includes('Outdial call · Billing'));
    expect(cardTexts(popover)).toEqual(
      expect.arrayContaining(['Customer: Mette Nielsen', 'Account number: 55001234', 'Reason for contact: Follow-up on invoice']),
    );
    expect(cardTexts(popover).some((t) => t.startsWith('Ringing'))).toBe(true);
    expect(JSON.stringify(fx.connector.calls)).not.toContain('010190-1234');
    expect((await event({ type: 'contact.answered', contactId: 'out-1' })).status).toBe(202);
    expect(cardTexts(fx.lastCardFor(SOREN, (card) => cardTexts(card).some((t) => t.startsWith('Outdial call with'))))).toContain('Connected');
  });

  it('OUT-1: Dial while on a call is refused by the desk before anything is sent', async () => {
    await outdialConnected();
    const before = platform.mark();
    const response = await fx.desk.invoke('outdial.start', { outdialNumber: '+4520304050' });
    expect(cardTexts(response.body.value)).toContain('Finish your call, your waiting requests and your wrap-up before you dial.');
    expect(platform.since(before)).toEqual([]);
  });

  it('OUT-1: a refusal from the platform shows its reason on the card; a timeout says so; nothing changes', async () => {
    await outdialWrappedUp();
    const agentBefore = (await fx.desk.app.store.read([keys.agent(SOREN.aadObjectId)])).get(keys.agent(SOREN.aadObjectId));
    platform.answerNext('outdial.start', { status: 409, body: { error: { code: 'number.blocked', message: 'That number is on the do-not-call list.' } } });
    const refused = await fx.desk.invoke('outdial.start', { outdialNumber: '+4520304050' });
    expect(cardTexts(refused.body.value)).toContain('The contact center refused this: That number is on the do-not-call list.');
    platform.answerNext('outdial.start', 'silence');
    const silent = await fx.desk.invoke('outdial.start', { outdialNumber: '+4520304050' }, { locale: 'da-DK' });
    expect(cardTexts(silent.body.value)).toContain('Kontaktcentret svarede ikke i tide. Intet er ændret; tryk igen for at prøve en gang til.');
    expect((await fx.desk.app.store.read([keys.agent(SOREN.aadObjectId)])).get(keys.agent(SOREN.aadObjectId))).toEqual(agentBefore);
  });

  it("OUT-1: from the ended call's card, Dial calls the customer back and that card says it is dialling", async () => {
    await outdialWrappedUp();
    const response = await fx.desk.invoke('outdial.start', { contactId: 'out-1', outdialNumber: '+4520304050' });
    expect(cardTexts(response.body.value)).toEqual(expect.arrayContaining(['Dialling +4520304050: your phone rings first.']));
    expect(cardTexts(response.body.value).some((t) => t.startsWith('Outdial call with'))).toBe(true);
  });
});
