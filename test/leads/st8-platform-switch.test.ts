import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { cardTexts, startDesk, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const SECRET = 'test-platform-secret-switch-0123';
const AGENT: TestUser = { id: '29:signe', aadObjectId: 'f1f1f1f1-0000-4000-8000-00000000000a', name: 'Signe Agent' };

describe('the platform.switch event (ST-8)', () => {
  let offline: OfflineGuard;
  let connector: ConnectorRecorder;
  const desks: DeskUnderTest[] = [];
  beforeEach(() => {
    offline = goOffline();
    connector = nockConnector();
  });
  afterEach(async () => {
    for (const desk of desks.splice(0)) await desk.stop().catch(() => undefined);
    connector.close();
    offline.close();
    expect(offline.unmatched).toEqual([]);
  });

  it('ST-8: the platform announces a switch; the agent gets the notice; the persisted logout deadline still fires after a restart', async () => {
    const store = new MemoryStore();
    const first = await startDesk({ store, env: { PLATFORM_SECRET: SECRET } });
    desks.push(first);
    await first.install({ user: AGENT });
    await first.invoke('status.set', { state: 'Break' }, { user: AGENT });

    const answer = await first.event({ id: 'evt-switch-1', type: 'platform.switch', at: '2026-11-20T09:30:00.000Z', message: 'We move to the new platform' });
    expect(answer.status).toBe(202);
    await first.app.outbox.drain();
    const notices = connector.calls.filter((c) => c.status === 200 && JSON.stringify(c.body).includes('We move to the new platform'));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(cardTexts((notices[0]!.body.attachments as Array<{ content: unknown }>)[0]!.content)).toContain('Platform switch');
    // The deadline: the switch plus 10 minutes of grace, persisted with the agent's copy.
    const logout = (await store.scan('due')).find((r) => r.key.includes('logout:'));
    expect(logout?.sort).toBe('2026-11-20T09:40:00.000Z');

    // The desk stops before the deadline and starts again after it, on the same store: the deadline fires then.
    await first.stop();
    desks.splice(0);
    const second = await startDesk({ store, startAt: '2026-11-20T09:41:00.000Z', env: { PLATFORM_SECRET: SECRET } });
    desks.push(second);
    await expect.poll(async () => (await second.app.service.agent(AGENT.aadObjectId))?.state, { timeout: 10_000 }).toBe('LoggedOut');
  });

  it('ST-8: a switch time already past is refused with a 409 and its reason; nobody is told', async () => {
    const desk = await startDesk({ env: { PLATFORM_SECRET: SECRET } });
    desks.push(desk);
    await desk.install({ user: AGENT });
    const before = connector.calls.length;
    const answer = await desk.event({ id: 'evt-switch-2', type: 'platform.switch', at: '2026-11-20T08:00:00.000Z', message: 'Too late' });
    expect(answer.status).toBe(409);
    expect(JSON.stringify(answer.body)).toMatch(/past/i);
    await desk.app.outbox.drain();
    expect(connector.calls.slice(before).some((c) => JSON.stringify(c.body).includes('Too late'))).toBe(false);
    expect(await desk.app.store.scan('broadcast')).toHaveLength(0);
  });
});
