import { afterAll, describe, expect, it } from 'vitest';
import type { WireCommand } from '../../src/platform/commands.js';
import { cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { PlatformStandIn, type ReceivedCommand } from '../support/platform-stand-in.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const COMMAND_SECRET = 'test-command-secret-9876543210';
const KJERSTI: TestUser = { id: '29:kjersti', aadObjectId: '6f0e8a12-3c4d-4b5e-9f60-7a8b9c0d1e2f', name: 'Kjersti Dahl' };

const platform = new PlatformStandIn(COMMAND_SECRET);
const fx = useDesk(async () => {
  // One stand-in for the file; each test's fresh desk meets it with nothing received or carried out.
  platform.reset();
  return {
    env: { PLATFORM_SECRET: SECRET, PLATFORM_URL: await platform.start(), PLATFORM_COMMAND_SECRET: COMMAND_SECRET, PLATFORM_COMMAND_TIMEOUT_MS: '2000' },
  };
});
afterAll(() => platform.stop());

/** Everything the platform received while `action` ran, once the outbox has delivered what it told. */
async function sent(action: () => Promise<{ status: number; body: any }>): Promise<ReceivedCommand[]> {
  const mark = platform.mark();
  const response = await action();
  expect(response.status).toBe(200);
  // A refusal would show on the card as an error banner; every step here is one the desk accepts.
  expect(JSON.stringify(response.body)).not.toContain('"style":"attention"');
  await fx.desk.app.outbox.drain();
  return platform.since(mark);
}

/**
 * PLAT-1: the action sent these commands, each signed with the command secret, and exactly one of `type`.
 * Commands about one contact or one agent keep their order; between the two they may cross.
 */
function expectSent(received: ReceivedCommand[], type: WireCommand['type'], all: Array<WireCommand['type']>): WireCommand {
  expect(received.map((r) => r.command.type).sort()).toEqual([...all].sort());
  expect(received.every((r) => r.signed && r.answered === 202)).toBe(true);
  const ofType = received.filter((r) => r.command.type === type);
  expect(ofType).toHaveLength(1);
  return ofType[0]!.command;
}

let seq = 0;
const offer = (id: string, contact: Record<string, unknown>) =>
  fx.desk.event({
    id: `evt-${++seq}`,
    type: 'contact.offered',
    contact: { id, queue: 'tech', kind: 'inbound', variables: [{ name: 'notes', label: 'Notes', value: '', editable: true }], ...contact },
  });
const callFor = async (id: string, agent: TestUser = SOREN) => {
  expect((await offer(id, { channel: 'voice', from: '+4599887766', agentId: agent.aadObjectId })).status).toBe(202);
  expect((await fx.desk.event({ id: `evt-${++seq}`, type: 'contact.answered', contactId: id })).status).toBe(202);
  await fx.desk.app.outbox.drain();
};
const wrapUp = async (contactId: string, user: TestUser = SOREN) => {
  expect(cardTexts((await fx.desk.invoke('wrapUp.submit', { contactId, code: 'resolved' }, { user })).body.value)).toContain('Wrapped up: Resolved.');
  await fx.desk.app.outbox.drain();
};
const soren = SOREN.aadObjectId;
const kjersti = KJERSTI.aadObjectId;

/** Scene: Søren and Kjersti have the bot; Søren registered his phone (PLAT-3). */
const registered = async () => {
  await fx.desk.install();
  await fx.desk.install({ user: KJERSTI });
  expectSent(await sent(() => fx.desk.invoke('phone.set', { phone: '+45 12 34 56 78' })), 'agent.state', ['agent.state']);
};
/** Scene: both agents have a phone and are Available, so the platform may route to them and offer them consults. */
const ready = async () => {
  await registered();
  expectSent(await sent(() => fx.desk.invoke('status.set', { state: 'Available' })), 'agent.state', ['agent.state']);
  await sent(() => fx.desk.invoke('phone.set', { phone: '+4587654321' }, { user: KJERSTI }));
  await sent(() => fx.desk.invoke('status.set', { state: 'Available' }, { user: KJERSTI }));
};
/** Scene: Søren accepted the chat chat-1 from Jane Doe. */
const chatAccepted = async () => {
  await ready();
  expect((await offer('chat-1', { channel: 'chat', from: 'Jane Doe', agentId: soren })).status).toBe(202);
  expectSent(await sent(() => fx.desk.invoke('requests.accept', { contactId: 'chat-1' })), 'contact.accept', ['contact.accept', 'agent.state']);
};
/** Scene: Søren ended chat-1 and is in wrap-up. */
const chatEnded = async () => {
  await chatAccepted();
  expectSent(await sent(() => fx.desk.invoke('contact.end', { contactId: 'chat-1' })), 'contact.end', ['contact.end', 'agent.state']);
};
/** Scene: Søren is connected to the call call-1. */
const onCall = async () => {
  await ready();
  await callFor('call-1');
};

describe('PLAT-1 / PLAT-3: every agent action sends exactly one signed command of its type to PLATFORM_URL', () => {
  it('PLAT-3: registering a phone tells the platform the agent state with the phone', async () => {
    await fx.desk.install();
    await fx.desk.install({ user: KJERSTI });
    const received = await sent(() => fx.desk.invoke('phone.set', { phone: '+45 12 34 56 78' }));
    expect(expectSent(received, 'agent.state', ['agent.state'])).toMatchObject({ agentId: soren, state: 'LoggedOut', phone: '+4512345678' });
  });

  it('PLAT-3: an idle code goes out with the state', async () => {
    await registered();
    const received = await sent(() => fx.desk.invoke('status.set', { state: 'Idle', code: 'lunch' }));
    expect(expectSent(received, 'agent.state', ['agent.state'])).toMatchObject({ agentId: soren, state: 'Idle', code: 'lunch' });
  });

  it('PLAT-3: a status change (Available) goes out, so a platform that routes knows', async () => {
    await registered();
    const received = await sent(() => fx.desk.invoke('status.set', { state: 'Available' }));
    expect(expectSent(received, 'agent.state', ['agent.state'])).toMatchObject({ agentId: soren, state: 'Available', phone: '+4512345678' });
  });

  it('PLAT-2: Accept on a chat request', async () => {
    await ready();
    expect((await offer('chat-1', { channel: 'chat', from: 'Jane Doe', agentId: soren })).status).toBe(202);
    const received = await sent(() => fx.desk.invoke('requests.accept', { contactId: 'chat-1' }));
    expect(expectSent(received, 'contact.accept', ['contact.accept', 'agent.state'])).toMatchObject({ agentId: soren, contactIds: ['chat-1'] });
  });

  it('PLAT-4: variables saved', async () => {
    await chatAccepted();
    const received = await sent(() => fx.desk.invoke('variables.save', { contactId: 'chat-1', versions: { notes: 0 }, var_notes: 'Wants a refund' }));
    expect(expectSent(received, 'variables.save', ['variables.save'])).toMatchObject({
      contactId: 'chat-1',
      values: [{ name: 'notes', value: 'Wants a refund' }],
    });
  });

  it('PLAT-2: End', async () => {
    await chatAccepted();
    const received = await sent(() => fx.desk.invoke('contact.end', { contactId: 'chat-1' }));
    expectSent(received, 'contact.end', ['contact.end', 'agent.state']);
  });

  it('PLAT-4: wrap-up submitted', async () => {
    await chatEnded();
    const received = await sent(() => fx.desk.invoke('wrapUp.submit', { contactId: 'chat-1', code: 'resolved' }));
    expect(expectSent(received, 'wrapUp.submit', ['wrapUp.submit', 'agent.state'])).toMatchObject({ contactId: 'chat-1', code: 'resolved' });
  });

  it('PLAT-2: Hold and Resume on a call', async () => {
    await ready();
    await callFor('call-1');
    expectSent(await sent(() => fx.desk.invoke('contact.hold', { contactId: 'call-1' })), 'contact.hold', ['contact.hold']);
    expectSent(await sent(() => fx.desk.invoke('contact.resume', { contactId: 'call-1' })), 'contact.resume', ['contact.resume']);
  });

  it('PLAT-2: Pause and resume recording (Privacy Shield)', async () => {
    await onCall();
    const paused = expectSent(await sent(() => fx.desk.invoke('recording.pause', { contactId: 'call-1' })), 'recording.pause', ['recording.pause']);
    expect(paused).toMatchObject({ contactId: 'call-1', until: expect.any(String) });
    expectSent(await sent(() => fx.desk.invoke('recording.resume', { contactId: 'call-1' })), 'recording.resume', ['recording.resume']);
  });

  it('PLAT-2: consult to an agent, who accepts; Resume either way; Conference; End consult', async () => {
    await onCall();
    const direct = { contactId: 'call-1', mode: 'consult', via: 'agent', agentTarget: kjersti };
    const started = expectSent(await sent(() => fx.desk.invoke('contact.direct', direct)), 'consult.start', ['consult.start']);
    expect(started).toMatchObject({ target: { kind: 'agent', id: kjersti }, offeredTo: [kjersti] });
    const accepted = await sent(() => fx.desk.invoke('consult.accept', { contactId: 'call-1' }, { user: KJERSTI }));
    expect(expectSent(accepted, 'consult.accept', ['consult.accept', 'agent.state'])).toMatchObject({ agentId: kjersti });
    const customer = expectSent(await sent(() => fx.desk.invoke('consult.resumeCustomer', { contactId: 'call-1' })), 'consult.resume', ['consult.resume']);
    expect(customer).toMatchObject({ party: 'customer' });
    const party = expectSent(await sent(() => fx.desk.invoke('consult.resumeParty', { contactId: 'call-1' })), 'consult.resume', ['consult.resume']);
    expect(party).toMatchObject({ party: 'consulted' });
    expectSent(await sent(() => fx.desk.invoke('consult.conference', { contactId: 'call-1' })), 'consult.conference', ['consult.conference']);
    expectSent(await sent(() => fx.desk.invoke('consult.end', { contactId: 'call-1' })), 'consult.end', ['consult.end', 'agent.state']);
  });

  it('PLAT-2: consult to a queue and to an entry point (offered to its Available agents), withdrawn by Resume', async () => {
    await onCall();
    for (const queueTarget of ['queue:tech', 'entryPoint:ep-tech']) {
      const direct = { contactId: 'call-1', mode: 'consult', via: 'queue', queueTarget };
      const started = expectSent(await sent(() => fx.desk.invoke('contact.direct', direct)), 'consult.start', ['consult.start']);
      expect(started).toMatchObject({ target: { kind: queueTarget.split(':')[0], id: queueTarget.split(':')[1] }, offeredTo: [kjersti] });
      expectSent(await sent(() => fx.desk.invoke('consult.resumeCustomer', { contactId: 'call-1' })), 'consult.end', ['consult.end']);
    }
  });

  it('PLAT-2: consult to a dial number (cleaned, CON-2); the platform reports the answer; End consult', async () => {
    await onCall();
    const direct = { contactId: 'call-1', mode: 'consult', via: 'dial', dialTarget: '+47 22 99 88 77' };
    const started = expectSent(await sent(() => fx.desk.invoke('contact.direct', direct)), 'consult.start', ['consult.start']);
    expect(started).toMatchObject({ target: { kind: 'dialNumber', id: '+4722998877' }, offeredTo: [] });
    expect((await fx.desk.event({ id: `evt-${++seq}`, type: 'consult.answered', contactId: 'call-1' })).status).toBe(202);
    expectSent(await sent(() => fx.desk.invoke('consult.end', { contactId: 'call-1' })), 'consult.end', ['consult.end']);
  });

  it('PLAT-2: consult to an organization expert, then the consulted transfer', async () => {
    await onCall();
    const target = { kind: 'expert', id: kjersti, name: 'Kjersti Dahl' };
    const started = expectSent(await sent(() => fx.desk.invoke('consult.start', { contactId: 'call-1', target })), 'consult.start', ['consult.start']);
    expect(started).toMatchObject({ target: { kind: 'expert', id: kjersti } });
    await sent(() => fx.desk.invoke('consult.accept', { contactId: 'call-1' }, { user: KJERSTI }));
    const transferred = await sent(() => fx.desk.invoke('consult.transfer', { contactId: 'call-1' }));
    expect(expectSent(transferred, 'consult.transfer', ['consult.transfer', 'agent.state'])).toMatchObject({ to: kjersti });
    await wrapUp('call-1');
    await fx.desk.invoke('contact.end', { contactId: 'call-1' }, { user: KJERSTI });
    await wrapUp('call-1', KJERSTI);
  });

  it('PLAT-2: blind transfer (to a dial number: the call leaves the desk and the sender wraps up)', async () => {
    await ready();
    await callFor('call-2');
    const direct = { contactId: 'call-2', mode: 'transfer', via: 'dial', dialTarget: '+4533445566' };
    const blind = expectSent(await sent(() => fx.desk.invoke('contact.direct', direct)), 'transfer.blind', ['transfer.blind', 'agent.state']);
    expect(blind).toMatchObject({ target: { kind: 'dialNumber', id: '+4533445566' } });
    await wrapUp('call-2');
  });

  it('PLAT-2: web callback cancelled from the request', async () => {
    await ready();
    expect((await offer('web-1', { channel: 'voice', kind: 'webCallback', from: '+4511223344', agentId: soren })).status).toBe(202);
    const received = await sent(() => fx.desk.invoke('requests.cancelCallback', { contactId: 'web-1' }));
    expectSent(received, 'callback.cancel', ['callback.cancel', 'agent.state', 'agent.state']);
    await wrapUp('web-1');
  });

  it('OUT-1: Dial sends one outdial.start with the cleaned number, the phone that rings first and the outdial queue', async () => {
    await ready();
    const received = await sent(() => fx.desk.invoke('outdial.start', { outdialNumber: '+45 20-30 40 50' }));
    expect(expectSent(received, 'outdial.start', ['outdial.start'])).toMatchObject({
      agentId: soren,
      number: '+4520304050',
      phone: '+4512345678',
      queue: 'billing',
    });
  });

  it('PLAT-3: logout goes out too', async () => {
    await ready();
    const received = await sent(() => fx.desk.invoke('status.set', { state: 'LoggedOut' }));
    expect(expectSent(received, 'agent.state', ['agent.state'])).toMatchObject({ agentId: soren, state: 'LoggedOut' });
  });

  it('PLAT-1: every command of the run had its own id, and the platform carried each out once', async () => {
    // A run through most verbs: a chat from accept to wrap-up, a call held, consulted and transferred, then logout.
    await chatEnded();
    await sent(() => fx.desk.invoke('wrapUp.submit', { contactId: 'chat-1', code: 'resolved' }));
    await callFor('call-1');
    await sent(() => fx.desk.invoke('contact.hold', { contactId: 'call-1' }));
    await sent(() => fx.desk.invoke('contact.resume', { contactId: 'call-1' }));
    await sent(() => fx.desk.invoke('consult.start', { contactId: 'call-1', target: { kind: 'expert', id: kjersti, name: 'Kjersti Dahl' } }));
    await sent(() => fx.desk.invoke('consult.accept', { contactId: 'call-1' }, { user: KJERSTI }));
    await sent(() => fx.desk.invoke('consult.transfer', { contactId: 'call-1' }));
    await wrapUp('call-1');
    await sent(() => fx.desk.invoke('status.set', { state: 'LoggedOut' }));
    const ids = platform.received.map((r) => r.command.id);
    expect(ids.length).toBeGreaterThan(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect(platform.carriedOut).toEqual(ids);
  });
});
