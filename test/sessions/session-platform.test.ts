import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/desk-records.js';
import { cardTexts, SOREN } from '../support/desk-harness.js';
import { PlatformStandIn } from '../support/platform-stand-in.js';
import { useDesk } from '../support/use-desk.js';
import { joinAsCustomer, startByText } from './session-helpers.js';

const COMMAND_SECRET = 'test-command-secret-9876543210';
const platform = new PlatformStandIn(COMMAND_SECRET);
const fx = useDesk(async () => {
  platform.reset();
  return {
    env: {
      PLATFORM_SECRET: 'test-platform-secret-0123456789',
      PLATFORM_URL: await platform.start(),
      PLATFORM_COMMAND_SECRET: COMMAND_SECRET,
      PLATFORM_COMMAND_TIMEOUT_MS: '1000',
    },
  };
});
afterAll(() => platform.stop());

const press = (verb: string, data: Record<string, unknown>, locale = 'en-US') => fx.desk.invoke(verb, data, { user: SOREN, locale });
const stored = async (sessionId: string) => (await fx.desk.app.store.read([keys.session(sessionId)])).get(keys.session(sessionId));
const sessionCommands = () => platform.received.filter((r) => r.command.type.startsWith('session.'));

describe("a session's voice call and mic go to the platform as signed, confirmed commands (PLAT-1, VC-1, VC-2)", () => {
  it('PLAT-1, VC-1: Start voice call sends one signed session.voice.start to PLATFORM_URL, and the card shows the call once it said yes', async () => {
    await fx.desk.install();
    const session = await startByText(fx, SOREN);
    const answer = await press('session.voiceStart', { sessionId: session.id });
    expect(cardTexts(answer.body.value)).toContain('May speak: Søren Kierkegaard');
    expect(sessionCommands()).toEqual([
      {
        command: expect.objectContaining({ type: 'session.voice.start', sessionId: session.id, agentId: SOREN.aadObjectId, speakers: [SOREN.aadObjectId] }),
        signed: true,
        answered: 202,
      },
    ]);
    expect((await stored(session.id))?.value).toMatchObject({ voice: { speakers: [SOREN.aadObjectId] } });
  });

  it('PLAT-2, VC-2: a mic the platform refuses shows its reason on the card and changes nothing; silence changes nothing either, and the retry is the same command', async () => {
    await fx.desk.install();
    const session = await startByText(fx, SOREN);
    await press('session.voiceStart', { sessionId: session.id });
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
    expect(joined.status).toBe(303);
    const customerId = (await fx.desk.app.service.session(session.id))!.session.participants.find((p) => p.kind === 'customer')!.id;
    await fx.desk.app.service.execute({ type: 'session.customerVoice', sessionId: session.id, customerId, join: true });
    const before = await stored(session.id);
    platform.answerNext('session.mic', { status: 409, body: { error: { code: 'session.micBusy', message: 'The conference bridge is busy.' } } });
    const refused = await press('session.micGive', { sessionId: session.id, target: customerId });
    expect(cardTexts(refused.body.value).join('\n')).toContain('The conference bridge is busy.');
    expect(await stored(session.id)).toEqual(before);
    platform.answerNext('session.mic', 'silence');
    await press('session.micGive', { sessionId: session.id, target: customerId });
    expect(await stored(session.id)).toEqual(before);
    // Pressed again, the platform says yes: now she may speak.
    const given = await press('session.micGive', { sessionId: session.id, target: customerId });
    expect(cardTexts(given.body.value)).toContain('May speak: Søren Kierkegaard, Mette Nielsen');
    const mics = sessionCommands().filter((r) => r.command.type === 'session.mic');
    expect(mics.map((r) => [r.signed, r.answered])).toEqual([
      [true, 409],
      [true, 'silence'],
      [true, 202],
    ]);
    // The retry after silence is the same command: the platform can carry it out once.
    expect(mics[2]!.command.id).toBe(mics[1]!.command.id);
  });
});
