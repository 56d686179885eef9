import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../bot/card-actions.js';
import { FAKE_SERVICE_URL, nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { cardOf, cardTexts, startDesk, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { BUILT_IN_NAMES } from '../support/hostile-ids.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

/**
 * Arbitrary activities through the real CloudAdapter and restify (SPEC 9):
 * whatever a client sends, the answer is never a 5xx while the store is up,
 * a refusal says why, nothing fails inside a turn, and the desk still works.
 */

/** Cases per entry point, in every run (CI included). */
const RUNS = 1000;

/** Invokes the desk answers itself; any other name keeps the SDK's 501 Not Implemented. */
const OURS = new Set(['adaptiveCard/action', 'composeExtension/query', 'composeExtension/selectItem', 'signin/tokenExchange', 'signin/verifyState']);

const huge = (n: number) => 'x'.repeat(n);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(...BUILT_IN_NAMES, '', ' ', '\u0000', 'a\u0000b', '\u202e', '\uffff', '💥', huge(3000), huge(70_000)),
);
/** What may stand where a string belongs: strings mostly, and every other JSON shape. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
/** An id: a few known people, names of Object's members, or any text. */
const someId = fc.oneof(fc.constantFrom('a-1', 'a-2', '29:fuzz', ...BUILT_IN_NAMES), text);

const PATHS = [
  'id',
  'type',
  'channelId',
  'serviceUrl',
  'from',
  'from.id',
  'from.name',
  'from.aadObjectId',
  'from.role',
  'recipient',
  'recipient.id',
  'recipient.name',
  'conversation',
  'conversation.id',
  'conversation.conversationType',
  'conversation.tenantId',
  'conversation.isGroup',
  'locale',
  'text',
  'entities',
  'entities.0',
  'entities.0.type',
  'entities.0.locale',
  'entities.0.mentioned',
  'entities.0.text',
  'entities.1.text',
  'entities.1.mentioned',
  'entities.1.mentioned.id',
  'channelData',
  'channelData.tenant',
  'channelData.eventType',
  'replyToId',
  'timestamp',
  'name',
  'value',
  'value.action',
  'value.action.type',
  'value.action.verb',
  'value.action.data',
  'value.commandId',
  'value.parameters',
  'value.queryOptions',
  'value.token',
  'value.expertId',
  'membersAdded',
  'membersAdded.0',
  'membersAdded.0.id',
  'attachments',
  'action',
];
/** Up to four fields of an otherwise valid activity replaced by anything (undefined removes it). */
const mutations = fc.array(fc.tuple(fc.constantFrom(...PATHS), anything), { maxLength: 4 });

/** The activity with `path` set to `value`; a path through something that is not an object is left alone. */
function mutate(activity: Record<string, unknown>, [path, value]: [string, unknown]): void {
  const keys = path.split('.');
  let node: unknown = activity;
  for (const key of keys.slice(0, -1)) {
    node = (node as Record<string, unknown>)[key];
    if (node === null || typeof node !== 'object') return;
  }
  (node as Record<string, unknown>)[keys.at(-1)!] = value;
}

/** A well-formed activity from someone; `entities` carries their Teams locale. */
const envelope = fc.record({
  from: fc.record({ id: someId, name: fc.oneof(fc.constant('Fuzz Person'), text), aadObjectId: someId }),
  conversation: someId,
  locale: fc.constantFrom('en-US', 'da-DK', 'nb-NO', 'sv-SE', 'constructor', 'xx'),
});
type Envelope = { from: Record<string, unknown>; conversation: string; locale: string };
const activityOf = (type: string, e: Envelope, extra: Record<string, unknown>): Record<string, unknown> => ({
  type,
  id: 'act-fuzz',
  channelId: 'msteams',
  serviceUrl: FAKE_SERVICE_URL,
  from: e.from,
  recipient: { id: '28:agentdesk', name: 'AgentDesk' },
  conversation: { id: e.conversation, conversationType: 'personal', tenantId: 'tenant-1' },
  locale: e.locale,
  entities: [{ type: 'clientInfo', locale: e.locale }],
  ...extra,
});
const withMutations = (base: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(base, mutations).map(([activity, changes]) => {
    for (const change of changes) mutate(activity, change);
    return activity;
  });

/** The data a card could send with a verb, every field optional and any of them hostile. */
const cardData = fc.record(
  {
    contactId: someId,
    contactIds: fc.array(someId, { maxLength: 3 }),
    state: fc.oneof(fc.constantFrom('Available', 'Idle', 'Break', 'WorkingOffline', 'LoggedOut', 'RONA'), text),
    code: fc.oneof(fc.constantFrom('lunch', 'training'), text),
    phone: fc.oneof(fc.constantFrom('+4512345678', 'sip:fuzz@contoso.example'), text),
    page: anything,
    versions: fc.dictionary(text, anything, { maxKeys: 3 }),
    expertQuery: text,
    mode: fc.constantFrom('consult', 'transfer'),
    via: fc.constantFrom('agent', 'queue', 'dial'),
    agentTarget: someId,
    queueTarget: fc.oneof(fc.constantFrom('queue:tech', 'entryPoint:ep-1'), text),
    dialTarget: text,
    target: fc.record({ kind: fc.constantFrom('agent', 'expert', 'queue'), id: someId, name: text }),
    expert: fc.record({ id: someId, displayName: text, jobTitle: text, department: text }),
    on: anything,
  },
  { requiredKeys: [] },
);

/** Teams' mention of the bot, which the SDK cuts out of the text before the bot reads it. */
const MENTION = { type: 'mention', mentioned: { id: '28:agentdesk', name: 'AgentDesk' }, text: '<at>AgentDesk</at>' };
const messages = withMutations(
  fc
    .tuple(envelope, fc.oneof(fc.constantFrom('status', 'help', 'hjælp', '?', '<at>AgentDesk</at> status'), text), fc.boolean())
    .map(([e, words, mentioned]) => {
      const activity = activityOf('message', e, { text: words });
      if (mentioned) activity.entities = [...(activity.entities as unknown[]), MENTION];
      return activity;
    }),
);
const cardActions = withMutations(
  fc
    .tuple(envelope, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VERBS) }, text), cardData)
    .map(([e, verb, data]) =>
      activityOf('invoke', e, { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }),
    ),
);
const otherInvokes = withMutations(
  fc
    .tuple(
      envelope,
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...OURS, 'task/fetch', 'composeExtension/queryLink') }, text),
      fc.oneof(
        fc.record({
          commandId: fc.oneof(fc.constant('searchExperts'), text),
          parameters: fc.array(fc.record({ name: fc.constantFrom('query', 'initialRun'), value: anything }), { maxLength: 2 }),
          queryOptions: fc.record({ count: anything }, { requiredKeys: [] }),
        }),
        fc.record({ expertId: someId }),
        fc.record({ id: text, connectionName: text, token: text }),
        fc.record({ state: anything }),
        anything,
      ),
    )
    .map(([e, name, value]) => activityOf('invoke', e, { name, value })),
);
const conversationEvents = withMutations(
  fc
    .tuple(
      envelope,
      fc.constantFrom('installationUpdate', 'conversationUpdate'),
      fc.constantFrom('add', 'remove', 'add-upgrade'),
      fc.array(someId, { maxLength: 3 }),
    )
    .map(([e, type, action, members]) =>
      activityOf(type, e, type === 'installationUpdate' ? { action } : { membersAdded: members.map((id) => ({ id })).concat([{ id: '28:agentdesk' }]) }),
    ),
);

/** Someone who only ever sends well-formed activities: their status turn must work after any case. */
const PROBE: TestUser = { id: '29:probe', aadObjectId: 'a0a0a0a0-0000-4000-8000-00000000000f', name: 'Probe Person' };

/** Why a refusal was refused, wherever its kind of answer carries it. */
function reasonOf(body: any): unknown {
  return body?.error?.message ?? body?.value?.message ?? body?.failureDetail ?? body?.composeExtension?.text;
}

describe('arbitrary activities through the real adapter (SPEC 9: bad input is a 4xx with a reason, never a 5xx)', () => {
  let desk: DeskUnderTest;
  let connector: ConnectorRecorder;
  let offline: OfflineGuard;
  beforeEach(async () => {
    offline = goOffline();
    connector = nockConnector();
    desk = await startDesk({ env: { PLATFORM_SECRET: 'test-platform-secret-0123456789' } });
  });
  afterEach(async () => {
    expect(offline.unmatched).toEqual([]);
    await desk.stop();
    connector.close();
    offline.close();
  });

  /** Sends every case, checks its answer and that the desk still serves a normal status turn. */
  async function hold(activities: fc.Arbitrary<Record<string, unknown>>): Promise<void> {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(activities, async (activity) => {
        const logged = desk.logs.length;
        const { status, body } = await desk.post(activity);
        const name = activity.type === 'invoke' ? activity.name : undefined;
        // Unknown invoke names may keep the SDK's 501; nothing else a client sends gets a 5xx.
        const commandId = (activity.value as { commandId?: unknown } | null | undefined)?.commandId;
        const notOurs = typeof name === 'string' && (!OURS.has(name) || (name === 'composeExtension/query' && commandId !== 'searchExperts'));
        if (!(status === 501 && notOurs)) expect(status).toBeLessThan(500);
        if (status >= 400 && status !== 501) expect(reasonOf(body)).toEqual(expect.any(String));
        if (typeof body?.statusCode === 'number') {
          expect(body.statusCode).toBeLessThan(500);
          if (body.statusCode >= 400) expect(body.value.message).toEqual(expect.any(String));
        }
        // Nothing inside the turn failed (a failed turn may still answer 200).
        expect(desk.logs.slice(logged).filter((line) => line.includes('"level":"error"'))).toEqual([]);
        // Every so often (each one would double the run), someone well-behaved still gets their status card.
        if (++cases % 25 === 0) expect((await desk.invoke('status.refresh', {}, { user: PROBE })).body?.statusCode).toBe(200);
      }),
      { numRuns: RUNS },
    );
    // Every stored agent is stored under its own id: no "undefined", no "[object Object]".
    for (const record of await desk.app.store.scan('agent')) expect(record.key).toBe(`agent/${(record.value as { id: string }).id}`);
    const status = await desk.message('status', { user: PROBE });
    expect(status.status).toBe(200);
    expect(cardTexts(cardOf(connector.activities().at(-1)))).toContain('Your status');
  }

  it('SPEC 9, ST-1: 1,000 arbitrary text messages', () => hold(messages), 600_000);
  it('SPEC 9, ST-1..ST-5, PO-3, CAD-1, CON-1: 1,000 arbitrary card actions (adaptiveCard/action)', () => hold(cardActions), 600_000);
  it('SPEC 9, CON-3: 1,000 arbitrary other invokes (message extension, sign-in, unknown names)', () => hold(otherInvokes), 600_000);
  it('SPEC 9: 1,000 arbitrary install and conversation updates', () => hold(conversationEvents), 600_000);
});
