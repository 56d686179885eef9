import { describe, expect, it } from 'vitest';
import commands from '../../manifest/commands.json' with { type: 'json' };
import { COMMAND_TITLES } from '../../bot/text-commands.js';
import { cardActions, cardOf, cardTexts, SOREN, type TestUser } from '../support/desk-harness.js';
import { useDesk } from '../support/use-desk.js';

const fx = useDesk();

const lastCard = () => cardOf(fx.connector.activities().at(-1));
const agentRecord = (user: TestUser = SOREN) => fx.desk.app.service.agent(user.aadObjectId);
const invokeCard = async (verb: string, data?: Record<string, unknown>, user?: TestUser, locale?: string) => {
  const response = await fx.desk.invoke(verb, data, { ...(user ? { user } : {}), ...(locale ? { locale } : {}) });
  expect(response.status).toBe(200);
  expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return response.body.value as Record<string, unknown>;
};
/** Scene: the agent has a phone registered and is Available (ST-5). */
const available = async (user: TestUser = SOREN) => {
  await invokeCard('phone.set', { phone: '+4512345678' }, user);
  await invokeCard('status.set', { state: 'Available' }, user);
  expect((await agentRecord(user))?.state).toBe('Available');
};
/** Scene: the agent is Idle with the lunch code (ST-4). */
const idleAtLunch = async () => {
  await invokeCard('status.set', { state: 'Idle', code: 'lunch' });
  expect(await agentRecord()).toMatchObject({ state: 'Idle', code: 'lunch' });
};

describe('install and text commands', () => {
  it('welcomes a person once per conversation on install and registers them logged out', async () => {
    const before = fx.connector.activities().length;
    expect((await fx.desk.install()).status).toBe(200);
    expect(fx.connector.activities()).toHaveLength(before + 1);
    expect(cardTexts(lastCard())).toContain('Welcome to AgentDesk');
    expect(cardTexts(lastCard()).join('\n')).toContain('Hi Søren!');
    // Teams sends both installationUpdate and conversationUpdate on install: one welcome only.
    await fx.desk.post({ ...baseActivity(SOREN), type: 'conversationUpdate', membersAdded: [{ id: '28:agentdesk' }] });
    expect(fx.connector.activities()).toHaveLength(before + 1);
    expect(await agentRecord()).toMatchObject({ state: 'LoggedOut', name: 'Søren Kierkegaard' });
  });

  it('ST-1: the status command shows the status card with the five choices', async () => {
    await fx.desk.message('status');
    const card = lastCard();
    expect(cardTexts(card)).toContain('Logged out');
    const actions = cardActions(card).filter((a) => a.verb === 'status.set');
    expect(actions.map((a) => a.data.state)).toEqual(['Available', 'Idle', 'WorkingOffline', 'Break', 'LoggedOut']);
    expect(actions.map((a) => a.title)).toEqual(['Available', 'Idle', 'Working offline', 'Break', 'Log out']);
    expect(card.refresh.action.verb).toBe('status.refresh');
    expect(card.refresh.userIds).toEqual([SOREN.id]);
  });

  it('the status command works with an @mention in a channel', async () => {
    await fx.desk.message('<at>AgentDesk</at> status', {});
    expect(cardTexts(lastCard())).toContain('Your status');
  });

  it('help lists exactly the commands the manifest declares', async () => {
    await fx.desk.message('help');
    const texts = cardTexts(lastCard());
    expect(COMMAND_TITLES).toEqual(commands.map((c: { title: string }) => c.title));
    for (const { title } of commands) expect(texts.some((t) => t.startsWith(`${title}:`))).toBe(true);
  });

  it('unknown text gets the localized help card saying what was not understood', async () => {
    await fx.desk.message('make coffee', { locale: 'da-DK' });
    const texts = cardTexts(lastCard());
    expect(texts).toContain('Jeg forstod ikke "make coffee".');
    expect(texts).toContain('Det kan AgentDesk');
  });

  it('Nordic command words work too (hjälp)', async () => {
    await fx.desk.message('hjälp', { locale: 'sv-SE' });
    expect(cardTexts(lastCard())).toContain('Det här kan AgentDesk');
  });
});

describe('changing status from the card', () => {
  it('ST-5: Available without a registered phone is refused on the card and nothing changes', async () => {
    const card = await invokeCard('status.set', { state: 'Available' });
    expect(cardTexts(card).join('\n')).toMatch(/Register a phone number/);
    expect(cardTexts(card)).toContain('Logged out');
    expect((await agentRecord())?.state).toBe('LoggedOut');
  });

  it('ST-5: an invalid phone is refused with the reason; a valid one is stored normalised', async () => {
    const refused = await invokeCard('phone.set', { phone: '12345' });
    expect(cardTexts(refused).join('\n')).toMatch(/not a valid phone number/);
    expect((await agentRecord())?.phone).toBeUndefined();

    const saved = await invokeCard('phone.set', { phone: '+45 12 34 56 78' });
    expect(cardTexts(saved)).toContain('Calls ring on +4512345678.');
    expect((await agentRecord())?.phone).toBe('+4512345678');
  });

  it('ST-1: Available now updates the card in place', async () => {
    await invokeCard('phone.set', { phone: '+4512345678' });
    const card = await invokeCard('status.set', { state: 'Available' });
    expect(cardTexts(card)).toContain('Available');
    expect(cardActions(card).find((a) => a.data.state === 'Available')?.enabled).toBe(false);
    expect((await agentRecord())?.state).toBe('Available');
  });

  it('ST-4: Idle without an idle code is refused with a clear message', async () => {
    await available();
    const card = await invokeCard('status.set', { state: 'Idle' });
    expect(cardTexts(card)).toContain('Choose an idle code before you set Idle.');
    expect((await agentRecord())?.state).toBe('Available');
  });

  it('ST-4: the card offers the admin idle codes and Idle with one is shown with its label', async () => {
    const offered = await invokeCard('status.show');
    const choiceSet = (offered.body as any[]).find((e) => e.type === 'Input.ChoiceSet');
    expect(choiceSet.choices.map((c: { value: string }) => c.value)).toEqual(fx.desk.app.desk.idleCodes.map((c) => c.id));

    const card = await invokeCard('status.set', { state: 'Idle', code: 'lunch' });
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['Idle', 'Lunch']));
    expect(await agentRecord()).toMatchObject({ state: 'Idle', code: 'lunch' });
  });

  it('ST-4: a code the admin does not define is refused', async () => {
    await idleAtLunch();
    const card = await invokeCard('status.set', { state: 'Idle', code: 'siesta' });
    expect(cardTexts(card).join('\n')).toMatch(/not in use any more/);
    expect((await agentRecord())?.code).toBe('lunch');
  });

  it('ST-3: the timer shows the time in the current state when the card refreshes', async () => {
    await idleAtLunch();
    const since = (await agentRecord())!.stateSince;
    fx.desk.setNow(new Date(Date.parse(since) + 12 * 60_000 + 5_000).toISOString());
    const card = await invokeCard('status.refresh');
    expect(cardTexts(card).join('\n')).toContain('Time in state 00:12:05');
    expect(cardTexts(card).join('\n')).toContain(`{{TIME(${since.replace(/\.\d+Z$/, 'Z')})}}`);
  });

  it('ST-1: RONA and other system states cannot be chosen from a forged card', async () => {
    await idleAtLunch();
    const card = await invokeCard('status.set', { state: 'RONA' });
    expect(cardTexts(card).join('\n')).toMatch(/set by the system/);
    expect((await agentRecord())?.state).toBe('Idle');
  });
});

describe('languages (SPEC 9)', () => {
  const cases: Array<[string, string, string]> = [
    ['da-DK', 'Tilgængelig', 'Din status'],
    ['nb-NO', 'Tilgjengelig', 'Statusen din'],
    ['sv-SE', 'Tillgänglig', 'Din operatörsstatus'],
    ['fr-FR', 'Available', 'Your status'],
  ];
  it.each(cases)('ST-1: a %s user sees %s on the status card', async (locale, available, title) => {
    const user: TestUser = {
      id: `29:${locale}`,
      aadObjectId: `b0b0b0b0-0000-4000-8000-${locale === 'fr-FR' ? '000000000009' : `00000000000${cases.findIndex((c) => c[0] === locale)}`}`,
      name: 'Åsa Øyvindsdóttir',
    };
    await invokeCard('phone.set', { phone: '+4698765432' }, user, locale);
    const card = await invokeCard('status.set', { state: 'Available' }, user, locale);
    expect(cardTexts(card)).toEqual(expect.arrayContaining([available, title]));
    expect(cardActions(card).map((a) => a.title)).toContain(available);
  });
});

function baseActivity(user: TestUser) {
  return {
    channelId: 'msteams',
    serviceUrl: fx.connector.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:agentdesk', name: 'AgentDesk' },
    conversation: { id: `personal-${user.id}`, conversationType: 'personal' },
  };
}
