import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../src/desk-config.js';
import type { SupportSession } from '../../src/engine/session-model.js';
import { startSupportSession } from '../../src/support/start-session.js';
import { useDesk } from '../support/use-desk.js';
import { joinAsCustomer, pageText } from './session-helpers.js';

const shipped = loadDeskConfig(new URL('../../config/desk.json', import.meta.url).pathname, '/');
const fx = useDesk({ overrides: { desk: { ...shipped, support: { maxCustomers: 2, idleSeconds: 300 } } } });
const LARS = { id: 'lars-csr', name: 'Lars Nygaard' };

/** A fresh session started by Lars (SUP-1), and a clock a few minutes on, so no earlier test's wrong tries count against this one. */
async function freshSession(): Promise<SupportSession> {
  fx.desk.setNow(new Date(Date.parse('2026-11-20T09:00:00Z') + Math.floor(Math.random() * 1e9) * 1000).toISOString());
  const started = await startSupportSession(fx.desk.app.service, LARS);
  if (!started.ok) throw new Error(started.error.code);
  return (await fx.desk.app.service.session(started.value.sessionId))!.session;
}

const stored = async (id: string) => (await fx.desk.app.service.session(id))!;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fx.desk.url}${path}`, { headers, redirect: 'manual' });

describe('customers join in a browser (SUP-1, SUP-2)', () => {
  it('SUP-1: a customer joins with the number and a name, gets a seat for this session only, and sees the session in their language', async () => {
    const session = await freshSession();
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: ' Mette Nielsen ' }, { 'accept-language': 'da-DK,da;q=0.9,en;q=0.8' });
    expect(joined.status).toBe(303);
    expect(joined.location).toBe(`/support/s/${session.id}`);
    const [, key] = /^desk_seat=cust_[\w-]{16}\.([\w-]{43})$/.exec(joined.cookie ?? '') ?? [];
    expect(key).toBeDefined();
    const page = await get(joined.location!, { cookie: joined.cookie!, 'accept-language': 'da-DK,da;q=0.9,en;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<html lang="da">');
    const number = `${session.number.slice(0, 3)} ${session.number.slice(3, 6)} ${session.number.slice(6)}`;
    expect(pageText(html)).toContain(`Supportsession ${number}`);
    expect(pageText(html)).toContain('Din supportmedarbejder: Lars Nygaard');
    expect(pageText(html)).toContain('Lars Nygaard hjælper dig nu.');
    // The store keeps the key's hash only.
    const mette = (await stored(session.id)).session.participants.find((p) => p.kind === 'customer')!;
    expect(mette).toMatchObject({ name: 'Mette Nielsen', present: true, keyHash: createHash('sha256').update(key!).digest('hex') });
    expect(JSON.stringify(await fx.desk.app.store.scan('session'))).not.toContain(key);
  });

  it('SUP-1: a join link asks only for the name, and joins with its token', async () => {
    const session = await freshSession();
    const form = await get(`/join?n=${session.number}&t=${encodeURIComponent(session.token)}`, { 'accept-language': 'nb-NO' });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(pageText(html)).toContain(`Du blir med i støtteøkt ${session.number}. Skriv navnet ditt for å bli med.`);
    expect(html).toContain(`name="token" value="${session.token}"`);
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, token: session.token, name: 'Ola Nordmann' });
    expect(joined.status).toBe(303);
    expect((await stored(session.id)).session.participants.map((p) => p.name)).toEqual(['Lars Nygaard', 'Ola Nordmann']);
  });

  it('SUP-2: a customer beyond support.maxCustomers is refused, and those in the session stay', async () => {
    const session = await freshSession();
    for (const name of ['Mette Nielsen', 'Ola Nordmann']) expect((await joinAsCustomer(fx.desk.url, { number: session.number, name })).status).toBe(303);
    const third = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Sara Berg' }, { 'accept-language': 'sv' });
    expect(third.status).toBe(409);
    expect(third.cookie).toBeUndefined();
    expect(pageText(third.text)).toContain('Den här supportsessionen har redan så många kunder som den kan ta emot.');
    expect((await stored(session.id)).session.participants.filter((p) => p.kind === 'customer').map((p) => p.name)).toEqual(['Mette Nielsen', 'Ola Nordmann']);
  });
});

describe('bad input on the join page gets a clear answer and changes nothing (SUP-1)', () => {
  const cases: Array<[string, (s: SupportSession) => Record<string, string>, number, string]> = [
    ['an unknown number', () => ({ number: '000000001', name: 'Mette' }), 404, 'There is no support session with the number 000000001.'],
    [
      'a number with spaces',
      (s) => ({ number: `${s.number.slice(0, 3)} ${s.number.slice(3, 6)} ${s.number.slice(6)}`, name: 'Mette' }),
      400,
      'without spaces or dashes',
    ],
    [
      'a number with dashes',
      (s) => ({ number: `${s.number.slice(0, 3)}-${s.number.slice(3, 6)}-${s.number.slice(6)}`, name: 'Mette' }),
      400,
      'without spaces or dashes',
    ],
    ['a forged join token', (s) => ({ number: s.number, token: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Mette' }), 403, 'This join link is not valid.'],
    ['a 10 KB name', (s) => ({ number: s.number, name: 'M'.repeat(10 * 1024) }), 400, 'Your name can be at most 80 characters long.'],
    ['no name', (s) => ({ number: s.number, name: '   ' }), 400, 'Type your name.'],
    ['a name with control characters', (s) => ({ number: s.number, name: 'Mette\u0000\u202e' }), 400, 'Your name can be at most 80 characters long.'],
    ['a field sent twice', (s) => ({ number: s.number, name: 'Mette', 'name[]': 'x' }), 400, 'Fill in the session number and your name, once each.'],
  ];

  it.each(cases)('SUP-1: %s', async (_what, fields, status, message) => {
    const session = await freshSession();
    const before = await stored(session.id);
    const answer = await joinAsCustomer(fx.desk.url, fields(session));
    expect(answer.status).toBe(status);
    expect(pageText(answer.text)).toContain(message);
    expect(answer.cookie).toBeUndefined();
    expect(answer.text.length).toBeLessThan(6000);
    expect(await stored(session.id)).toEqual(before);
  });

  it('SUP-1: an ended session is answered as ended, in the browser’s language, by number and by link', async () => {
    const session = await freshSession();
    expect((await fx.desk.app.service.execute({ type: 'session.end', actor: LARS, sessionId: session.id })).ok).toBe(true);
    const before = await stored(session.id);
    const byNumber = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette' }, { 'accept-language': 'sv-SE' });
    expect(byNumber.status).toBe(410);
    expect(pageText(byNumber.text)).toContain('Den här supportsessionen är avslutad.');
    const byLink = await get(`/join?n=${session.number}&t=${encodeURIComponent(session.token)}`, { 'accept-language': 'da' });
    expect(byLink.status).toBe(410);
    expect(pageText(await byLink.text())).toContain('Denne supportsession er afsluttet.');
    expect(await stored(session.id)).toEqual(before);
  });

  it('SUP-1: a forged link is refused before any name is asked for', async () => {
    const session = await freshSession();
    const forged = await get(`/join?n=${session.number}&t=${encodeURIComponent(`${session.token}x`)}`);
    expect(forged.status).toBe(403);
    const html = await forged.text();
    expect(pageText(html)).toContain('This join link is not valid.');
    // The form offered again asks for the number: the forged token is not carried on.
    expect(html).not.toContain('name="token"');
  });

  it('SUP-1: a page without its seat, or with a seat of someone else, shows nothing of the session', async () => {
    const session = await freshSession();
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
    const [, id] = /^desk_seat=(cust_[\w-]{16})\./.exec(joined.cookie!)!;
    for (const cookie of ['', `desk_seat=${id}.${'A'.repeat(43)}`, 'desk_seat=garbage', `desk_seat=${joined.cookie!.split('=')[1]}x`]) {
      const page = await get(`/support/s/${session.id}`, { cookie });
      expect(page.status).toBe(403);
      const text = pageText(await page.text());
      expect(text).toContain('This page belongs to a session you are not in.');
      expect(text).not.toContain('Lars Nygaard');
    }
    expect((await get('/support/s/no-such-session', { cookie: joined.cookie! })).status).toBe(403);
    expect((await get(`/support/s/${session.id}/events`, {})).status).toBe(403);
  });
});

describe('the voice call from the page (VC-3)', () => {
  it('VC-3: the customer is asked to join, joins, leaves and rejoins the voice call, and stays in the session', async () => {
    const session = await freshSession();
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
    const headers = { cookie: joined.cookie!, 'content-type': 'application/x-www-form-urlencoded' };
    const page = async () => pageText(await (await get(joined.location!, { cookie: joined.cookie! })).text());
    expect(await page()).toContain('There is no voice call right now.');
    await fx.desk.app.service.execute({ type: 'session.voiceStart', actor: LARS, sessionId: session.id });
    expect(await page()).toContain('Lars Nygaard started a voice call. Join it to talk with your representative.');
    const voice = (join: string) => fetch(`${fx.desk.url}${joined.location}/voice`, { method: 'POST', headers, body: `join=${join}`, redirect: 'manual' });
    expect((await voice('yes')).status).toBe(303);
    expect(await page()).toContain('You are in the voice call. You are muted.');
    expect((await voice('no')).status).toBe(303);
    const left = (await stored(session.id)).session.participants.find((p) => p.kind === 'customer');
    expect(left).toMatchObject({ present: true, inVoice: false });
    expect((await voice('yes')).status).toBe(303);
    expect(await page()).toContain('You are in the voice call.');
    const platform = fx.desk.app.simulatedPlatform!.received.filter(
      (c) => c.type.startsWith('session.voice.') && 'participantId' in c && c.participantId === left!.id,
    );
    expect(platform.map((c) => c.type)).toEqual(['session.voice.join', 'session.voice.leave', 'session.voice.join']);
  });

  it('SUP-1: leaving the session from the page takes the seat away', async () => {
    const session = await freshSession();
    const joined = await joinAsCustomer(fx.desk.url, { number: session.number, name: 'Mette Nielsen' });
    const left = await fetch(`${fx.desk.url}${joined.location}/leave`, { method: 'POST', headers: { cookie: joined.cookie! }, redirect: 'manual' });
    expect(left.status).toBe(200);
    expect(left.headers.get('set-cookie')).toMatch(/^desk_seat=; Path=\/support\/s\/[\w-]+; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(pageText(await left.text())).toContain('You left the support session.');
    expect((await stored(session.id)).session.participants.map((p) => p.kind)).toEqual(['rep']);
    expect((await get(joined.location!, { cookie: joined.cookie! })).status).toBe(403);
  });
});

describe('the page’s own files (SUP-1)', () => {
  it('SUP-1: the stylesheet and script come from the desk itself, typed and not sniffed; any other name is 404', async () => {
    const css = await get('/support/assets/page.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await get('/support/assets/page.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain("new EventSource(`${location.pathname.replace(/\\/$/, '')}/events`)");
    for (const name of ['toString', '__proto__', '..%2Fpage-assets.ts']) expect((await get(`/support/assets/${name}`)).status).toBe(404);
  });
});

describe('bad input is answered in the browser’s language (SUP-1)', () => {
  const spaced = (s: SupportSession) => `${s.number.slice(0, 3)} ${s.number.slice(3, 6)} ${s.number.slice(6)}`;
  const dashed = (s: SupportSession) => `${s.number.slice(0, 3)}-${s.number.slice(3, 6)}-${s.number.slice(6)}`;
  const cases: Array<[string, string, (s: SupportSession) => Record<string, string>, number, string]> = [
    ['da-DK', 'a spaced number', (s) => ({ number: spaced(s), name: 'Mette' }), 400, 'Skriv det uden mellemrum eller bindestreger'],
    ['nb-NO', 'a dashed number', (s) => ({ number: dashed(s), name: 'Ola' }), 400, 'Skriv det uten mellomrom eller bindestreker'],
    ['sv-SE', 'an unknown number', () => ({ number: '000000001', name: 'Sara' }), 404, 'Det finns ingen supportsession med numret 000000001.'],
    ['da', 'a forged join token', (s) => ({ number: s.number, token: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Mette' }), 403, 'Dette deltagelseslink er ikke gyldigt.'],
    ['nb', 'a 10 KB name', (s) => ({ number: s.number, name: 'O'.repeat(10 * 1024) }), 400, 'Navnet ditt kan være høyst 80 tegn langt.'],
  ];

  it.each(cases)('SUP-1: %s: %s', async (language, _what, fields, status, message) => {
    const session = await freshSession();
    const before = await stored(session.id);
    const answer = await joinAsCustomer(fx.desk.url, fields(session), { 'accept-language': `${language},en;q=0.5` });
    expect(answer.status).toBe(status);
    expect(answer.text).toContain(`<html lang="${language.slice(0, 2)}">`);
    expect(pageText(answer.text)).toContain(message);
    expect(answer.cookie).toBeUndefined();
    expect(await stored(session.id)).toEqual(before);
  });
});
