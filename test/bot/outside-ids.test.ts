import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editedVariables } from '../../bot/activity-reading.js';
import { parseCardAction } from '../../bot/card-actions.js';
import { CardRegistry, type CardSlot } from '../../bot/card-registry.js';
import { ConversationRegistry } from '../../bot/conversation-registry.js';
import { RecentExperts } from '../../bot/recent-experts.js';
import { SsoTokenStore } from '../../bot/sso-tokens.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { nockConnector, type ConnectorRecorder } from '../support/bot-connector.js';
import { cardActions, cardTexts, startDesk, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { BUILT_IN_NAMES } from '../support/hostile-ids.js';
import { goOffline, type OfflineGuard } from '../support/offline.js';

const expert = (id: string) => ({ id, displayName: `Expert ${id}`, jobTitle: 'Fibre', department: 'Field' });

describe('the bot keeps outside ids as data in its own records (STYLE 12)', () => {
  it.each(BUILT_IN_NAMES)('PO-1: the card registry finds no card for contact %s until one was sent, then exactly that one', async (name) => {
    const cards = new CardRegistry(new MemoryStore());
    const slots: CardSlot[] = [
      { kind: 'interaction', contactId: name },
      { kind: 'wrapUp', contactId: name },
      { kind: 'consultRequest', contactId: name },
    ];
    await cards.remember('agent-1', { kind: 'interaction', contactId: 'c-1' }, 'act-c1');
    for (const slot of slots) expect(await cards.find('agent-1', slot)).toBeUndefined();
    for (const [i, slot] of slots.entries()) await cards.remember('agent-1', slot, `act-${i}`);
    expect(await Promise.all(slots.map((slot) => cards.find('agent-1', slot)))).toEqual(['act-0', 'act-1', 'act-2']);
    expect(await cards.find('agent-1', { kind: 'interaction', contactId: 'c-1' })).toBe('act-c1');
  });

  it.each(BUILT_IN_NAMES)('PO-1: a person whose id is %s has their own card record', async (name) => {
    const cards = new CardRegistry(new MemoryStore());
    expect(await cards.find(name, { kind: 'status' })).toBeUndefined();
    await cards.remember(name, { kind: 'status' }, 'act-status');
    await cards.remember(name, { kind: 'interaction', contactId: name }, 'act-call');
    expect(await cards.find(name, { kind: 'status' })).toBe('act-status');
    expect(await cards.find(name, { kind: 'interaction', contactId: name })).toBe('act-call');
    expect(await cards.find('someone-else', { kind: 'status' })).toBeUndefined();
  });

  it.each(BUILT_IN_NAMES)('SPEC 9: the conversation registry welcomes %s once and reaches them afterwards', async (name) => {
    const conversations = new ConversationRegistry(new MemoryStore());
    expect(await conversations.reach(name)).toBeUndefined();
    const reference = { conversation: { id: name, isGroup: false, conversationType: 'personal', name: '' }, user: { id: name, name } };
    expect(await conversations.remember(name, reference, true, 'da-DK')).toBe(true);
    expect(await conversations.remember(name, reference, true, 'da-DK')).toBe(false);
    await conversations.noteLocale(name, 'sv-SE');
    expect(await conversations.reach(name)).toEqual({ reference, locale: 'sv-SE' });
    await conversations.forget(name, name);
    expect(await conversations.reach(name)).toBeUndefined();
  });

  it.each(BUILT_IN_NAMES)('CON-3: the recent experts of agent %s are theirs alone, and an expert of that id is one like any other', async (name) => {
    const recents = new RecentExperts(new MemoryStore());
    expect(await recents.ordered(name)).toEqual([]);
    await recents.note(name, expert(name));
    await recents.setFavourite(name, expert('e-2'), true);
    expect((await recents.ordered(name)).map((e) => e.id)).toEqual(['e-2', name]);
    expect(await recents.ordered('someone-else')).toEqual([]);
  });

  it.each(BUILT_IN_NAMES)('CON-3: the SSO token store holds no token for %s until one is put', (name) => {
    const tokens = new SsoTokenStore(() => new Date('2026-11-20T09:00:00Z'));
    expect(tokens.get(name)).toBeUndefined();
    tokens.put(name, 'local-token', new Date('2026-11-20T10:00:00Z'));
    expect(tokens.get(name)).toBe('local-token');
    tokens.forget(name);
    expect(tokens.get(name)).toBeUndefined();
  });

  it.each(BUILT_IN_NAMES)('CAD-1: a save of the variable named %s reaches the engine with its version', (name) => {
    // The card's data arrives as JSON text: "__proto__" is then an ordinary key.
    const value = JSON.parse(
      JSON.stringify({
        action: { type: 'Action.Execute', verb: 'variables.save', data: { contactId: 'c-1', versions: { [name]: 2, other: 0 }, [`var_${name}`]: 'new' } },
      }),
    );
    const action = parseCardAction(value);
    if (typeof action === 'string' || action.verb !== 'variables.save') throw new Error(`refused: ${String(action)}`);
    const values = editedVariables(action.data);
    expect([...values]).toEqual([[name, { value: 'new', version: 2 }]]);
  });
});

describe('Teams ids that are names of Object members work like any other (STYLE 12)', () => {
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

  it('ST-1, ST-5: agents whose Entra ids are Object member names each keep their own record', async () => {
    for (const [i, name] of BUILT_IN_NAMES.entries()) {
      const user: TestUser = { id: `29:${name}`, aadObjectId: name, name: `Agent ${i}` };
      const phone = `+451234567${i}`;
      const saved = await desk.invoke('phone.set', { phone }, { user });
      expect(saved.body, name).toMatchObject({ statusCode: 200 });
      expect(cardTexts(saved.body.value), name).toContain(`Calls ring on ${phone}.`);
      const onBreak = await desk.invoke('status.set', { state: 'Break' }, { user });
      expect(cardTexts(onBreak.body.value), name).toContain('Break');
    }
    for (const [i, name] of BUILT_IN_NAMES.entries()) {
      expect(await desk.app.service.agent(name), name).toMatchObject({ id: name, name: `Agent ${i}`, state: 'Break', phone: `+451234567${i}` });
    }
    expect(await desk.app.service.agent('undefined')).toBeUndefined();
  });

  it('ST-1: a Teams user id that is an Object member name (no Entra id) works too', async () => {
    for (const name of BUILT_IN_NAMES) {
      const response = await desk.post({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: name, name: 'No Entra' },
        recipient: { id: '28:agentdesk' },
        conversation: { id: name },
        value: { action: { type: 'Action.Execute', verb: 'status.set', data: { state: 'Break' } } },
      });
      expect(response.body, name).toMatchObject({ statusCode: 200 });
      expect(await desk.app.service.agent(name), name).toMatchObject({ id: name, state: 'Break' });
    }
  });

  it('SPEC 9: installing from a conversation whose id is an Object member name welcomes the person once', async () => {
    for (const name of BUILT_IN_NAMES) {
      const user: TestUser = { id: `29:w-${name}`, aadObjectId: `w-${name}`, name: 'Welcome' };
      const install = {
        type: 'installationUpdate',
        action: 'add',
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: user.id, aadObjectId: user.aadObjectId },
        recipient: { id: '28:agentdesk' },
        conversation: { id: name, conversationType: 'personal' },
      };
      const before = connector.activities().length;
      expect((await desk.post(install)).status).toBe(200);
      expect((await desk.post(install)).status).toBe(200);
      expect(connector.activities().length - before, name).toBe(1);
    }
  });

  it('PO-1, CAD-1: a contact whose id and variables are Object member names pops up, is accepted and its variables are saved', async () => {
    const user: TestUser = { id: '29:ids', aadObjectId: 'a-ids', name: 'Ids' };
    await desk.install({ user });
    await desk.invoke('phone.set', { phone: '+4512345678' }, { user });
    await desk.invoke('status.set', { state: 'Available' }, { user });
    const variables = BUILT_IN_NAMES.map((name) => ({ name, label: `Label ${name}`, value: `was ${name}`, editable: true }));
    const offered = await desk.event({
      id: 'e-1',
      type: 'contact.offered',
      contact: { id: 'toString', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane', variables, agentId: 'a-ids' },
    });
    expect(offered.status).toBe(202);
    const accepted = await desk.invoke('requests.accept', { contactId: 'toString' }, { user });
    expect(accepted.body).toMatchObject({ statusCode: 200 });
    const card = await desk.invoke('interaction.refresh', { contactId: 'toString' }, { user });
    const save = cardActions(card.body.value).find((a) => a.verb === 'variables.save');
    expect(save?.data.versions).toEqual(Object.fromEntries(BUILT_IN_NAMES.map((name) => [name, 0])));
    const inputs = Object.fromEntries(BUILT_IN_NAMES.map((name) => [`var_${name}`, `now ${name}`]));
    // What Teams sends back is JSON: the card's data plus the inputs.
    const saved = await desk.invoke('variables.save', JSON.parse(JSON.stringify({ ...save?.data, ...inputs })), { user });
    expect(saved.body).toMatchObject({ statusCode: 200 });
    const [contact] = await desk.app.service.contacts(['toString']);
    expect(contact?.variables.map((v) => [v.name, v.value])).toEqual(BUILT_IN_NAMES.map((name) => [name, `now ${name}`]));
  });
});
