import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalOf, LowdbStore } from '../../src/store/lowdb-store.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { SOREN, startDesk, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const SECRET = 'test-platform-secret-0123456789';
const CARD = '4111111111111111';
const CPR = '010203-9999';
const BO: TestUser = { id: '29:bo', aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000002', name: 'Bo Ek' };

/**
 * CAD-1, issue "secure data at rest": a secure variable's value never reaches
 * the data file, the log, or any card, whatever happens to the contact: offer,
 * answer, saves, consult, transfer, wrap-up, a blind transfer to a queue.
 */
describe('CAD-1: secure values are not kept at rest', () => {
  let dir: string;
  let desk: DeskUnderTest;
  let connector: ConnectorRecorder;
  let offline: OfflineGuard;
  const file = () => join(dir, 'desk.json');
  const secureCall = (id: string) => ({
    id: `offer-${id}`,
    type: 'contact.offered',
    contact: {
      id,
      channel: 'voice',
      kind: 'inbound',
      queue: 'tech',
      from: '+4522334455',
      variables: [
        { name: 'customerName', label: 'Customer', value: 'Jane Doe' },
        { name: 'cardNumber', label: 'Card', value: CARD, secure: true },
        { name: 'cpr', label: 'National ID', value: CPR, secure: true, editable: true },
        { name: 'notes', label: 'Notes', value: '', editable: true },
      ],
    },
  });
  const ready = async (user: TestUser) => {
    await desk.install({ user });
    await desk.invoke('phone.set', { phone: '+4512345678' }, { user });
    await desk.invoke('status.set', { state: 'Available' }, { user });
  };

  beforeAll(async () => {
    offline = goOffline();
    connector = nockConnector();
    dir = await mkdtemp(join(tmpdir(), 'agentdesk-secure-'));
    desk = await startDesk({ env: { PLATFORM_SECRET: SECRET }, store: await LowdbStore.open(join(dir, 'desk.json')) });
    await ready(SOREN);
    await ready(BO);
    // A call with secure variables: offered, answered, notes saved, a save that tries a secure one, consult, accept, transfer, wrap-up.
    expect((await desk.event(secureCall('call-1'))).status).toBe(202);
    const agentOf = async () => (await desk.app.service.contacts(['call-1']))[0]?.agentId;
    const first = (await agentOf()) === SOREN.aadObjectId ? SOREN : BO;
    const second = first === SOREN ? BO : SOREN;
    expect((await desk.event({ id: 'answer-1', type: 'contact.answered', contactId: 'call-1' })).status).toBe(202);
    await desk.invoke('variables.save', { contactId: 'call-1', versions: { notes: 0 }, var_notes: 'Called about a refund' }, { user: first });
    const refused = await desk.invoke('variables.save', { contactId: 'call-1', versions: { cpr: 0 }, var_cpr: `${CPR}-changed` }, { user: first });
    expect(JSON.stringify(refused.body)).not.toContain(CPR);
    await desk.invoke('consult.start', { contactId: 'call-1', target: { kind: 'agent', id: second.aadObjectId, name: second.name } }, { user: first });
    await desk.invoke('consult.accept', { contactId: 'call-1' }, { user: second });
    await desk.invoke('consult.transfer', { contactId: 'call-1' }, { user: first });
    await desk.invoke('wrapUp.submit', { contactId: 'call-1', code: 'resolved' }, { user: first });
    await desk.invoke('contact.end', { contactId: 'call-1' }, { user: second });
    await desk.invoke('wrapUp.submit', { contactId: 'call-1', code: 'resolved' }, { user: second });
    // A second call, blind-transferred to a queue.
    expect((await desk.event(secureCall('call-2'))).status).toBe(202);
    const holder = (await desk.app.service.contacts(['call-2']))[0]?.agentId === SOREN.aadObjectId ? SOREN : BO;
    expect((await desk.event({ id: 'answer-2', type: 'contact.answered', contactId: 'call-2' })).status).toBe(202);
    await desk.invoke('contact.direct', { contactId: 'call-2', mode: 'transfer', via: 'queue', queueTarget: 'queue:billing' }, { user: holder });
    await desk.app.store.flush();
  });

  afterAll(async () => {
    await desk?.stop();
    connector?.close();
    offline?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the flows above ran: the first call ended with both agents wrapped up', async () => {
    const [call] = await desk.app.service.contacts(['call-1']);
    expect(call).toMatchObject({ status: 'ended', wrapUp: { code: 'resolved' } });
    expect(call?.variables.find((v) => v.name === 'notes')?.value).toBe('Called about a refund');
    // The store still knows the secure variables exist, and that they are secure.
    expect(call?.variables.filter((v) => v.secure).map((v) => v.name)).toEqual(['cardNumber', 'cpr']);
  });

  it('no secure value is in the data file or its journal', async () => {
    const journal = journalOf(file());
    const text = (await readFile(file(), 'utf8')) + (await readFile(journal, 'utf8'));
    expect(text).toContain('Called about a refund');
    expect(text).not.toContain(CARD);
    expect(text).not.toContain(CPR);
  });

  it('no secure value is in the log or in any card sent or answered', () => {
    expect(desk.logs.join('\n')).not.toContain(CARD);
    expect(desk.logs.join('\n')).not.toContain(CPR);
    const sent = JSON.stringify(connector.calls);
    expect(sent).toContain('Jane Doe');
    expect(sent).not.toContain(CARD);
    expect(sent).not.toContain(CPR);
  });
});
