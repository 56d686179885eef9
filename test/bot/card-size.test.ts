/**
 * The card size budget through the real bot: invoke answers are fitted before
 * they are returned, and when the Bot Connector refuses a card as too large
 * anyway (413 MessageSizeTooBig, nocked), the smallest form goes instead; when
 * that is refused too, a warning says so, without any of the card's content.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardBytes, KIB, utf16Bytes } from '../../cards/card-size.js';
import { loadDeskConfig } from '../../src/desk-config.js';
import type { DirectoryPort, Person } from '../../src/directory/directory-port.js';
import { cardActions, cardTexts, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const ROOT = join(import.meta.dirname, '../..');
const shipped = loadDeskConfig(join(ROOT, 'config/desk.json'), ROOT);
/** The smallest budget the configuration allows, so the shipped desk's cards must be fitted. */
const BUDGET_KB = 40;
const SECURE = '4111111111111111';

/** Experts at Microsoft Graph's field limits, as many as the message extension lists (25); the card's search asks for 10. */
const experts: Person[] = Array.from({ length: 25 }, (_, i) => ({
  id: `expert-${i}`.padEnd(36, '0'),
  givenName: `Given${i}`.padEnd(64, 'g'),
  surname: 'Surname',
  displayName: `Expert ${i} `.padEnd(256, 'd'),
  jobTitle: 'Job '.padEnd(128, 'j'),
  department: 'Department '.padEnd(64, 'p'),
  businessPhones: ['+4511111111'],
  mail: 'expert@example.com',
  presence: { availability: 'Available', activity: 'Available', updatedAt: '2026-11-20T08:59:00.000Z' },
}));
const directory: DirectoryPort = {
  search: async (_query, _caller, limit = 25) => experts.slice(0, limit),
  get: async () => [],
  refreshPresence: async () => ({}),
};

/** What the fake Teams refuses: messages over this many bytes of UTF-16 (Infinity: nothing). */
const teamsLimit = { bytes: Number.POSITIVE_INFINITY };
const fx = useDesk(
  { env: { PLATFORM_SECRET: SECRET }, overrides: { directory, desk: { ...shipped, limits: { ...shipped.limits, maxCardKB: BUDGET_KB } } } },
  { tooLarge: (call) => utf16Bytes(call.body) > teamsLimit.bytes },
);

/** 50 variables of 256 characters, the API's most: every fifth secure, every other editable. */
const bigVariables = Array.from({ length: 50 }, (_, i) => ({
  name: `variable${i}`,
  label: `Label ${i} `.padEnd(80, 'l'),
  value: i % 5 === 0 ? SECURE : `Value ${i} `.padEnd(256, 'v'),
  secure: i % 5 === 0,
  editable: i % 2 === 0,
}));

let seq = 0;
/** A fresh agent, Available, whose voice call with the largest variables is connected. */
async function onBigCall(): Promise<{ user: TestUser; contactId: string }> {
  seq += 1;
  const user: TestUser = { id: `29:size-${seq}`, aadObjectId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, name: `Agent ${seq}` };
  const contactId = `big-call-${seq}`;
  await fx.desk.install({ user });
  await fx.desk.invoke('phone.set', { phone: '+4512345678' }, { user });
  await fx.desk.invoke('status.set', { state: 'Available' }, { user });
  const offer = {
    id: `offer-${seq}`,
    type: 'contact.offered',
    contact: { id: contactId, channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4520000000', agentId: user.aadObjectId, variables: bigVariables },
  };
  expect((await fx.desk.event(offer)).status).toBe(202);
  expect((await fx.desk.event({ id: `answer-${seq}`, type: 'contact.answered', contactId })).status).toBe(202);
  return { user, contactId };
}

const callsFor = (user: TestUser) => fx.connector.calls.filter((c) => decodeURIComponent(c.path).includes(`personal-${user.id}`));
const cardIn = (body: Record<string, unknown>) => (body.attachments as Array<{ content: any }>)[0]!.content;
const isInteraction = (card: any) => JSON.stringify(card).includes('"verb":"interaction.refresh"');

describe('invoke answers are fitted to the budget before they are returned', () => {
  it('an interaction card with 50 variables of 256 characters, after an expert search, fits; "Show all" answers with the rest', async () => {
    teamsLimit.bytes = Number.POSITIVE_INFINITY;
    const { user, contactId } = await onBigCall();
    await fx.desk.invoke('sso.localSignIn', {}, { user });
    const answer = await fx.desk.invoke('consult.search', { contactId, expertQuery: 'expert' }, { user });
    const card = answer.body.value;
    // The answer as a whole, not only its card, is within the budget.
    expect(utf16Bytes(answer.body)).toBeLessThanOrEqual(BUDGET_KB * KIB);
    expect(cardBytes(card)).toBeLessThanOrEqual(BUDGET_KB * KIB);
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['Connected', '10 experts · presence as of {{TIME(2026-11-20T08:59:00Z)}}']));
    const showAll = cardActions(card).find((a) => a.data.show === 'variables');
    expect(showAll?.title).toMatch(/^Show all \(\d+ more\)$/);
    // Pressing it answers with the read-only variables, page by page, each within the budget.
    const labels = new Set<string>();
    let next: { verb: string; data: Record<string, unknown> } | undefined = showAll;
    while (next) {
      const page = await fx.desk.invoke(next.verb, next.data, { user });
      expect(page.body.statusCode).toBe(200);
      expect(utf16Bytes(page.body)).toBeLessThanOrEqual(BUDGET_KB * KIB);
      for (const text of cardTexts(page.body.value)) if (text.startsWith('Label ')) labels.add(text.split(':')[0]!);
      expect(JSON.stringify(page.body.value)).not.toContain(SECURE);
      const from = Number(next.data.from);
      next = cardActions(page.body.value).find((a) => a.data.show === 'variables' && Number(a.data.from) > from);
    }
    expect(labels.size).toBe(25);
    expect(JSON.stringify(card)).not.toContain(SECURE);
  });
});

describe('the message extension keeps its answer within the budget', () => {
  it('CON-3: 25 experts at the longest names do not fit 40 KiB: the best ones that do are listed', async () => {
    const user: TestUser = { id: '29:size-me', aadObjectId: '00000000-0000-4000-8000-0000000000ee', name: 'Searcher' };
    await fx.desk.invoke('sso.localSignIn', {}, { user });
    const response = await fx.desk.invokeNamed(
      'composeExtension/query',
      { commandId: 'searchExperts', parameters: [{ name: 'query', value: 'expert' }], queryOptions: { skip: 0, count: 25 } },
      { user },
    );
    const listed = response.body.composeExtension.attachments as Array<{ content: any; preview: { content: { title: string } } }>;
    expect(utf16Bytes(response.body)).toBeLessThanOrEqual(BUDGET_KB * KIB);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(25);
    expect(listed.map((a) => a.preview.content.title)).toEqual(experts.slice(0, listed.length).map((e) => e.displayName));
  });
});

describe('when the Bot Connector answers 413 anyway', () => {
  it('a refused proactive card is sent once more in its smallest form, which keeps status, timer and the call buttons', async () => {
    // The fake Teams counts stricter than we do: it refuses anything over 20 KiB.
    teamsLimit.bytes = 20 * KIB;
    const { user } = await onBigCall();
    const interactionCalls = callsFor(user).filter((c) => c.method === 'POST' && isInteraction(cardIn(c.body)));
    expect(interactionCalls.map((c) => c.status)).toEqual([413, 200]);
    const sent = cardIn(interactionCalls[1]!.body);
    expect(utf16Bytes(interactionCalls[1]!.body)).toBeLessThanOrEqual(20 * KIB);
    // Our measure covers the whole activity the connector received, envelope included.
    for (const call of interactionCalls) expect(cardBytes(cardIn(call.body))).toBeGreaterThanOrEqual(utf16Bytes(call.body));
    expect(cardTexts(sent)).toEqual(expect.arrayContaining(['Connected', 'Variables: 25 not shown', 'Editable variables: 25 not shown']));
    expect((sent.actions as Array<{ verb: string }>).map((a) => a.verb)).toEqual(['contact.hold', 'contact.end', 'recording.pause']);
    expect(
      cardActions(sent)
        .filter((a) => a.data.show !== undefined)
        .map((a) => a.title),
    ).toContain('Show all (25 more)');
    expect(fx.desk.logs.some((line) => line.includes('"event":"delivery.reduced"') && line.includes('"slot":"interaction"'))).toBe(true);
    expect(JSON.stringify(fx.connector.calls)).not.toContain(SECURE);
  });

  it('a refused update is retried as an update, not sent as a new message', async () => {
    teamsLimit.bytes = Number.POSITIVE_INFINITY;
    const { user, contactId } = await onBigCall();
    const postsBefore = callsFor(user).filter((c) => c.method === 'POST').length;
    // The fake connector names each message `activity-<n>`, n its call's place in the record.
    const interactionPost = fx.connector.calls.findIndex((c) => callsFor(user).includes(c) && c.method === 'POST' && isInteraction(cardIn(c.body)));
    const messageId = `activity-${interactionPost + 1}`;
    const started = await fx.desk.invoke('contact.direct', { contactId, mode: 'consult', via: 'dial', dialTarget: '+4533333333' }, { user });
    expect(started.body.statusCode).toBe(200);
    teamsLimit.bytes = 20 * KIB;
    // The platform says the consult was answered: the interaction card is updated in place, proactively.
    expect((await fx.desk.event({ id: `consult-${contactId}`, type: 'consult.answered', contactId })).status).toBe(202);
    const updates = callsFor(user).filter((c) => c.method === 'PUT' && isInteraction(cardIn(c.body)));
    expect(updates.map((c) => c.status)).toEqual([413, 200]);
    for (const update of updates) expect(update.path.endsWith(`/activities/${messageId}`)).toBe(true);
    expect(utf16Bytes(updates[1]!.body)).toBeLessThan(utf16Bytes(updates[0]!.body));
    const newPosts = callsFor(user)
      .filter((c) => c.method === 'POST')
      .slice(postsBefore);
    expect(newPosts.some((c) => isInteraction(cardIn(c.body)))).toBe(false);
  });

  it('when the smallest form is refused too, a warning names the card and its sizes, never its content, and the desk goes on', async () => {
    teamsLimit.bytes = Number.POSITIVE_INFINITY;
    const { user, contactId } = await onBigCall();
    const logsBefore = fx.desk.logs.length;
    teamsLimit.bytes = 1 * KIB;
    await fx.desk.invoke('contact.hold', { contactId }, { user });
    expect((await fx.desk.event({ id: `end-${contactId}`, type: 'contact.ended', contactId, by: 'customer' })).status).toBe(202);
    const logs = fx.desk.logs.slice(logsBefore);
    const warning = logs.map((line) => JSON.parse(line)).find((entry) => entry.event === 'delivery.tooLarge' && entry.slot === 'interaction');
    expect(warning).toMatchObject({ level: 'warn', agentId: user.aadObjectId, slot: 'interaction' });
    expect(warning.bytes).toBeGreaterThan(warning.smallestBytes);
    const text = logs.join('\n');
    for (const secret of [SECURE, 'Value 1 ', 'Label 1 ', '+4520000000']) expect(text).not.toContain(secret);
    // Nothing failed silently or loudly: no turn error, and the agent can still act.
    expect(text).not.toContain('turn.failed');
    teamsLimit.bytes = Number.POSITIVE_INFINITY;
    const submitted = await fx.desk.invoke('wrapUp.submit', { contactId, code: 'resolved' }, { user });
    expect(cardTexts(submitted.body.value)).toContain('Wrapped up: Resolved.');
  });
});
