import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startSupportSession } from '../../src/support/start-session.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { startDesk } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';
import { BO, joinAsCustomer, pageText } from './session-helpers.js';
import { waitFor } from '../support/wait-for.js';

const LARS = { id: 'lars-csr', name: 'Lars Nygaard' };
let dir: string;
let connector: ConnectorRecorder;
let offline: OfflineGuard;

beforeEach(async () => {
  offline = goOffline();
  connector = nockConnector();
  dir = await mkdtemp(join(tmpdir(), 'agentdesk-sessions-'));
});
afterEach(async () => {
  connector.close();
  offline.close();
  await rm(dir, { recursive: true, force: true });
});

describe('session state lives in the store: a restart loses nothing (SUP-1, VC-2)', () => {
  it('SUP-1, VC-2: after a restart on the same store the customer’s seat, the voice call and who may speak are all still there', async () => {
    const file = join(dir, 'desk.json');
    const first = await startDesk({ store: await LowdbStore.open(file) });
    const started = await startSupportSession(first.app.service, LARS);
    if (!started.ok) throw new Error(started.error.code);
    const { sessionId } = started.value;
    const { session } = (await first.app.service.session(sessionId))!;
    const joined = await joinAsCustomer(first.url, { number: session.number, name: 'Mette Nielsen' });
    expect(joined.status).toBe(303);
    const customerId = (await first.app.service.session(sessionId))!.session.participants.find((p) => p.kind === 'customer')!.id;
    expect((await first.app.service.execute({ type: 'session.voiceStart', actor: LARS, sessionId })).ok).toBe(true);
    expect((await first.app.service.execute({ type: 'session.customerVoice', sessionId, customerId, join: true })).ok).toBe(true);
    expect((await first.app.service.execute({ type: 'session.micGive', actor: LARS, sessionId, participantId: customerId })).ok).toBe(true);
    const before = (await first.app.service.session(sessionId))!.session;
    await first.stop();

    const second = await startDesk({ store: await LowdbStore.open(file), startAt: '2026-11-20T09:01:00.000Z' });
    try {
      expect((await second.app.service.session(sessionId))!.session).toEqual(before);
      // The seat cookie from before the restart still opens the page, which shows the customer may speak.
      const page = await fetch(`${second.url}${joined.location}`, { headers: { cookie: joined.cookie! } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('data-mic="on"');
      expect(pageText(html)).toContain('May speak: Lars Nygaard, you');
      // The number is still taken: joining with it still reaches this session.
      const ola = await joinAsCustomer(second.url, { number: session.number, name: 'Ola Nordmann' });
      expect(ola.location).toBe(joined.location);
    } finally {
      await second.stop();
    }
  });

  it('SUP-1: a session with nobody left whose idle time passes while the desk is down ends right after start', async () => {
    const file = join(dir, 'desk.json');
    const first = await startDesk({ store: await LowdbStore.open(file) });
    const started = await startSupportSession(first.app.service, LARS);
    if (!started.ok) throw new Error(started.error.code);
    const { sessionId } = started.value;
    // The CSR hands the session to an Idle colleague who never accepts, and so leaves: nobody is left (idle time 300 s by default).
    await first.install({ user: BO });
    await first.invoke('status.set', { state: 'Break' }, { user: BO });
    await first.invoke('status.set', { state: 'Idle', code: 'lunch' }, { user: BO });
    const transfer = await first.app.service.execute({ type: 'session.transfer', actor: LARS, sessionId, queues: [], agents: [BO.aadObjectId], message: '' });
    expect(transfer.ok).toBe(true);
    const idle = (await first.app.service.session(sessionId))!.session;
    expect(idle.idleEndsAt).toBe('2026-11-20T09:05:00.000Z');
    await first.stop();

    const second = await startDesk({ store: await LowdbStore.open(file), startAt: '2026-11-20T09:06:00.000Z' });
    try {
      await waitFor(async () => (await second.app.service.session(sessionId))?.session.status === 'ended');
      expect((await second.app.service.session(sessionId))!.session).toMatchObject({ status: 'ended', endedBy: 'idle' });
      // An ended session's number answers as ended.
      const late = await joinAsCustomer(second.url, { number: idle.number, name: 'Mette Nielsen' });
      expect(late.status).toBe(410);
    } finally {
      await second.stop();
    }
  });
});
