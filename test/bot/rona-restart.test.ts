import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { SOREN, startDesk } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'test-platform-secret-0123456789';
let dir: string;
let connector: ConnectorRecorder;
let offline: OfflineGuard;

beforeAll(async () => {
  offline = goOffline();
  connector = nockConnector();
  dir = await mkdtemp(join(tmpdir(), 'agentdesk-rona-'));
});
afterAll(async () => {
  connector.close();
  offline.close();
  await rm(dir, { recursive: true, force: true });
});

describe('RONA survives a restart (ST-6)', () => {
  it('ST-6: an offer whose deadline passes while the desk is down ends in RONA and requeue right after start', async () => {
    const file = join(dir, 'desk.json');
    // First life: the agent is Available and gets a chat; the desk stops before the 15 s deadline.
    const first = await startDesk({ env: { PLATFORM_SECRET: SECRET }, store: await LowdbStore.open(file) });
    await first.install();
    await first.invoke('phone.set', { phone: '+4512345678' });
    await first.invoke('status.set', { state: 'Available' });
    expect(
      (await first.event({ id: 'e-1', type: 'contact.offered', contact: { id: 'rona-1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane' } }))
        .status,
    ).toBe(202);
    expect((await first.app.service.agent(SOREN.aadObjectId))?.offers).toEqual(['rona-1']);
    await first.stop();

    // Second life, a minute later on the same file: the persisted deadline fires at once.
    const second = await startDesk({ env: { PLATFORM_SECRET: SECRET }, store: await LowdbStore.open(file), startAt: '2026-11-20T09:01:00.000Z' });
    try {
      await waitFor(async () => (await second.app.service.agent(SOREN.aadObjectId))?.state === 'RONA');
      const [contact] = await second.app.service.contacts(['rona-1']);
      expect(contact).toMatchObject({ status: 'queued', declinedBy: [SOREN.aadObjectId] });
      expect(await second.app.service.dueTimers('9999')).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
