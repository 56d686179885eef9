import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLog } from '../../src/log.js';
import { inTurn, newTurnId } from '../../src/turn-scope.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { SOREN, startDesk, type DeskUnderTest } from '../support/desk-harness.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const SECRET = 'logging-test-secret-0123456789';
const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('log lines (pino behind the Log interface)', () => {
  it('are JSON lines with the level name, the event, an ISO time and the fields', () => {
    const lines: string[] = [];
    createLog('debug', (line) => lines.push(line)).warn('desk.something', { agentId: 'a1' });
    expect(lines).toHaveLength(1);
    const [line] = parse(lines);
    expect(line).toMatchObject({ level: 'warn', event: 'desk.something', agentId: 'a1' });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
  });

  it('LOG_LEVEL: lines below the level are dropped, and silent drops everything', () => {
    const lines: string[] = [];
    const log = createLog('warn', (line) => lines.push(line));
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(parse(lines).map((l) => l.event)).toEqual(['w', 'e']);
    const none: string[] = [];
    createLog('silent', (line) => none.push(line)).error('e');
    expect(none).toEqual([]);
  });

  it('carry the same turn id on every line of one turn, across awaits, and none outside a turn', async () => {
    const lines: string[] = [];
    const log = createLog('debug', (line) => lines.push(line));
    log.info('before');
    const turn = async (name: string) => {
      log.info(`${name}.start`);
      await new Promise((r) => setTimeout(r, 5));
      log.info(`${name}.end`);
    };
    await Promise.all([inTurn(() => turn('a')), inTurn(() => turn('b'))]);
    const byEvent = new Map(parse(lines).map((l) => [l.event, l.turn]));
    expect(byEvent.get('before')).toBeUndefined();
    expect(byEvent.get('a.start')).toMatch(/^[\w-]{8}$/);
    expect(byEvent.get('a.end')).toBe(byEvent.get('a.start'));
    expect(byEvent.get('b.end')).toBe(byEvent.get('b.start'));
    expect(byEvent.get('a.start')).not.toBe(byEvent.get('b.start'));
  });

  it('turn ids stay distinct and 8 URL-safe characters long over many turns', () => {
    const ids = Array.from({ length: 3000 }, () => newTurnId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[\w-]{8}$/);
  });

  it('mask what a person typed, phones, tokens and a contact address even when a caller passes them by mistake', () => {
    const lines: string[] = [];
    createLog('debug', (line) => lines.push(line)).info('careless', {
      text: 'my national id is 010190-1234',
      phone: '+4520123456',
      token: 'eyJ.secret',
      contact: { from: '+4570102030', id: 'c-1' },
      variable: { value: 'Mette Nielsen' },
    });
    const text = lines.join('\n');
    for (const secret of ['010190-1234', '+4520123456', 'eyJ.secret', '+4570102030', 'Mette Nielsen']) expect(text).not.toContain(secret);
    expect(parse(lines)[0]).toMatchObject({ text: '[redacted]', contact: { id: 'c-1', from: '[redacted]' } });
  });
});

describe('log lines of the running desk', () => {
  let desk: DeskUnderTest;
  let connector: ConnectorRecorder;
  let offline: OfflineGuard;
  beforeAll(async () => {
    offline = goOffline();
    connector = nockConnector();
    desk = await startDesk({ env: { PLATFORM_SECRET: SECRET } });
  });
  afterAll(async () => {
    await desk.stop();
    connector.close();
    offline.close();
  });

  it('every line written while a request is handled carries that request’s turn id, through the effects it causes', async () => {
    await desk.install();
    await desk.invoke('phone.set', { phone: '+4512345678' });
    await desk.invoke('status.set', { state: 'Available' });
    const from = desk.logs.length;
    const offered = await desk.event({
      id: 'evt-log-1',
      type: 'contact.offered',
      contact: { id: 'c-log-1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane Doe', variables: [] },
    });
    expect(offered.status).toBe(202);
    // The platform event and the engine's notices about what it did: one turn. (The built-in simulated
    // platform's own request handling, and other turns' deliveries, may log in between under their own ids.)
    const lines = parse(desk.logs.slice(from)).filter((l) => l.eventId === 'evt-log-1' || l.contactId === 'c-log-1');
    expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['platform.event', 'contact.routed']));
    expect(new Set(lines.map((l) => l.turn)).size).toBe(1);
    expect(lines[0]!.turn).toMatch(/^[\w-]{8}$/);

    const next = desk.logs.length;
    await desk.event({ id: 'evt-log-2', type: 'contact.ended', contactId: 'c-log-1', by: 'customer' });
    const second = parse(desk.logs.slice(next)).filter((l) => l.eventId === 'evt-log-2' || l.contactId === 'c-log-1');
    expect(second.length).toBeGreaterThan(0);
    expect(second[0]!.turn).not.toBe(lines[0]!.turn);
    expect(offline.unmatched).toEqual([]);
  });

  it('neither message texts, names, phones nor secure variable values appear in any line', async () => {
    await desk.message('my national id is 010190-1234, call me on +4522334455');
    await desk.event({
      id: 'evt-log-3',
      type: 'contact.offered',
      contact: {
        id: 'c-log-3',
        channel: 'voice',
        kind: 'inbound',
        queue: 'billing',
        from: '+4520123456',
        variables: [{ name: 'cpr', label: 'National ID', value: '020202-4321', secure: true }],
      },
    });
    const text = desk.logs.join('\n');
    for (const secret of ['010190-1234', '+4522334455', '+4520123456', '020202-4321', SOREN.name]) expect(text).not.toContain(secret);
  });
});
