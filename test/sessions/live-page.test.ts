import { describe, expect, it } from 'vitest';
import { startSupportSession } from '../../src/support/start-session.js';
import { useDesk } from '../support/use-desk.js';
import { joinAsCustomer, pageText } from './session-helpers.js';
import { EventReader } from './sse-reader.js';

const fx = useDesk();
const LARS = { id: 'lars-csr', name: 'Lars Nygaard' };

/** Lars's session with Mette in it, her seat, and her page's event stream open. */
async function customerOnPage(lastEventId?: string) {
  const started = await startSupportSession(fx.desk.app.service, LARS);
  if (!started.ok) throw new Error(started.error.code);
  const { sessionId } = started.value;
  const { session } = (await fx.desk.app.service.session(sessionId))!;
  const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
  const stream = await fetch(`${fx.desk.url}${joined.location}/events`, {
    headers: { cookie: joined.cookie!, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
  });
  return { sessionId, joined, stream, events: new EventReader(stream) };
}

const viewOf = (data: string) => ({ ...(JSON.parse(data) as { html: string; final: boolean }), text: pageText((JSON.parse(data) as { html: string }).html) });
const mette = async (sessionId: string) => (await fx.desk.app.service.session(sessionId))!.session.participants.find((p) => p.kind === 'customer')!.id;

describe("the customer's page updates live (SUP-1, VC-1, VC-2)", () => {
  it('VC-2: the page shows the session at once, then who may speak as the CSR gives and takes the mic, without reloading', async () => {
    const { sessionId, stream, events } = await customerOnPage();
    try {
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const first = await events.next();
      expect(first?.event).toBe('session');
      expect(viewOf(first!.data).text).toContain('Lars Nygaard is helping you now.');
      const customerId = await mette(sessionId);
      await fx.desk.app.service.execute({ type: 'session.voiceStart', actor: LARS, sessionId });
      const asked = await events.next();
      expect(viewOf(asked!.data).text).toContain('Lars Nygaard started a voice call.');
      expect(Number(asked!.id)).toBeGreaterThan(Number(first!.id));
      await fx.desk.app.service.execute({ type: 'session.customerVoice', sessionId, customerId, join: true });
      expect(viewOf((await events.next())!.data).text).toContain('You are muted.');
      await fx.desk.app.service.execute({ type: 'session.micGive', actor: LARS, sessionId, participantId: customerId });
      const mic = viewOf((await events.next())!.data);
      expect(mic.html).toContain('data-mic="on"');
      expect(mic.text).toContain('You may speak now. ');
      expect(mic.text).toContain('May speak: Lars Nygaard, you');
      await fx.desk.app.service.execute({ type: 'session.micTake', actor: LARS, sessionId, participantId: customerId });
      expect(viewOf((await events.next())!.data).html).toContain('data-mic="off"');
    } finally {
      await events.close();
    }
  });

  it('SUP-2: switching to another customer tells the first one that activities ended and that someone else is served', async () => {
    const { sessionId, joined, events } = await customerOnPage();
    try {
      await events.next();
      await fx.desk.app.service.execute({ type: 'session.activity', actor: LARS, sessionId, kind: 'shareScreen', on: true });
      expect(viewOf((await events.next())!.data).text).toContain('Lars Nygaard is sharing their screen with you.');
      const { session } = (await fx.desk.app.service.session(sessionId))!;
      const ola = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Ola Nordmann' });
      expect(ola.status).toBe(303);
      await events.next();
      const olaId = (await fx.desk.app.service.session(sessionId))!.session.participants.find((p) => p.name === 'Ola Nordmann')!.id;
      await fx.desk.app.service.execute({ type: 'session.serve', actor: LARS, sessionId, customerId: olaId });
      const switched = viewOf((await events.next())!.data).text;
      expect(switched).toContain('Lars Nygaard is helping another customer right now.');
      expect(switched).toContain('Screen sharing and other activities have ended: the representative turned to another customer.');
      // Another customer is never named to her.
      expect(switched).not.toContain('Ola');
      expect(joined.status).toBe(303);
    } finally {
      await events.close();
    }
  });

  it('SUP-1: a page that comes back with an older Last-Event-ID gets the session as it is now, at once', async () => {
    const first = await customerOnPage();
    const shown = (await first.events.next())!.id!;
    await first.events.close();
    await fx.desk.app.service.execute({ type: 'session.voiceStart', actor: LARS, sessionId: first.sessionId });
    const again = await fetch(`${fx.desk.url}${first.joined.location}/events`, { headers: { cookie: first.joined.cookie!, 'last-event-id': shown } });
    const events = new EventReader(again);
    try {
      const caughtUp = (await events.next(2000))!;
      expect(Number(caughtUp.id)).toBeGreaterThan(Number(shown));
      expect(viewOf(caughtUp.data).text).toContain('Lars Nygaard started a voice call.');
    } finally {
      await events.close();
    }
  });

  it('SUP-1: a page that comes back with Last-Event-ID gets nothing it has seen, and the end of the session closes its stream', async () => {
    const first = await customerOnPage();
    const shown = (await first.events.next())!.id!;
    await first.events.close();
    const again = await fetch(`${fx.desk.url}${first.joined.location}/events`, { headers: { cookie: first.joined.cookie!, 'last-event-id': shown } });
    const events = new EventReader(again);
    try {
      expect(await events.silentFor(400)).toBe(true);
      await fx.desk.app.service.execute({ type: 'session.end', actor: LARS, sessionId: first.sessionId });
      const ended = (await events.next())!;
      expect(viewOf(ended.data)).toMatchObject({ final: true, text: 'This support session has ended. You can close this page.' });
      expect(await events.next()).toBeUndefined();
    } finally {
      await events.close();
    }
    expect(fx.desk.app.support.streams.size).toBe(0);
  });
});
