import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryAuthError, DirectoryUnavailableError } from '../../src/directory/directory-port.js';
import { validateCard } from '../support/adaptive-card-validator.js';
import { cardActions, cardOf, cardTexts, SOREN, startDesk, type ActivityOptions, type DeskUnderTest, type TestUser } from '../support/desk-harness.js';
import { ANNA, fakeDirectory, type FakeDirectory } from '../support/fake-directory.js';
import { useDesk } from '../support/use-desk.js';

const ASA: TestUser = { id: '29:asa', aadObjectId: 'a0a0a0a0-0000-4000-8000-000000000002', name: 'Åsa Lind' };

let directory: FakeDirectory;
const fx = useDesk(() => {
  directory = fakeDirectory([ANNA]);
  return { overrides: { directory } };
});

const search = (query: string, options?: ActivityOptions) =>
  fx.desk.invokeNamed(
    'composeExtension/query',
    { commandId: 'searchExperts', parameters: [{ name: 'query', value: query }], queryOptions: { skip: 0, count: 25 } },
    options,
  );
const initialRun = (options?: ActivityOptions) =>
  fx.desk.invokeNamed(
    'composeExtension/query',
    { commandId: 'searchExperts', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } },
    options,
  );
const signInLocally = async (options?: ActivityOptions) => {
  const response = await fx.desk.invoke('sso.localSignIn', {}, options);
  expect(response.status).toBe(200);
  expect(response.body.statusCode).toBe(200);
  return response.body.value as Record<string, unknown>;
};

describe('expert search behind the SSO gate, embedded local mode (CON-3)', () => {
  it('CON-3: without sign-in the search is refused with the local sign-in card and the directory is never called', async () => {
    const before = fx.connector.activities().length;
    const response = await search('anna');

    expect(response.status).toBe(200);
    expect(response.body.composeExtension).toEqual({ type: 'message', text: expect.stringMatching(/^Sign in first/) });
    expect(directory.calls).toHaveLength(0);
    // The sign-in card went into the person's chat, clearly labelled as development-only.
    const sent = fx.connector.activities().slice(before);
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)).toContain('Local sign-in (development only)');
    expect(cardActions(card)).toEqual([{ title: 'Sign in locally', verb: 'sso.localSignIn', data: {}, enabled: true }]);
  });

  it('CON-3: after pressing local sign-in the same search runs, with the agent id and token on the directory call', async () => {
    expect((await search('anna')).body.composeExtension.type).toBe('message');
    const done = await signInLocally();
    expect(validateCard(done)).toEqual([]);
    expect(cardTexts(done).join('\n')).toMatch(/signed in locally \(development only\) until/);
    expect(cardActions(done)).toEqual([]);

    const response = await search('anna');

    expect(response.status).toBe(200);
    expect(response.body.composeExtension.type).toBe('result');
    expect(response.body.composeExtension.attachments).toHaveLength(1);
    expect(directory.calls).toEqual([
      { method: 'search', query: 'anna', caller: { userId: SOREN.aadObjectId, token: expect.stringMatching(/^local-[\w-]{20,}$/) } },
    ]);
    // Nothing about the token reaches the log.
    expect(fx.desk.logs.join('\n')).not.toContain(directory.calls[0]!.caller.token);
  });

  it('CON-3: one agent signing in does not open the gate for another', async () => {
    await signInLocally();
    const response = await search('anna', { user: ASA });
    expect(response.body.composeExtension.type).toBe('message');
    expect(directory.calls).toHaveLength(0);
  });

  it('CON-3: the local sign-in lasts an hour, then the gate is closed again', async () => {
    await signInLocally();
    fx.desk.setNow('2026-11-20T10:00:01.000Z');
    expect((await search('anna')).body.composeExtension.type).toBe('message');
    expect(directory.calls).toHaveLength(0);
  });

  it('CON-3: a token the directory refuses is dropped and the agent is asked to sign in again', async () => {
    await signInLocally();
    directory.respond = async () => {
      throw new DirectoryAuthError('token expired', 'token');
    };
    expect((await search('anna')).body.composeExtension.text).toMatch(/^Sign in first/);
    directory.respond = async () => [ANNA];
    expect((await search('anna')).body.composeExtension.type).toBe('message');
    expect(directory.calls).toHaveLength(1);
  });
});

describe('searchExperts results (SPEC 9)', () => {
  it('answers a list: a preview with name, role · department and presence age, and an expert card with Consult', async () => {
    await signInLocally();
    const result = (await search('anna')).body.composeExtension;

    expect(result.attachmentLayout).toBe('list');
    const [item] = result.attachments;
    expect(item.preview).toEqual({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: 'Anna Berg',
        subtitle: 'Nurse · Cardiology',
        text: 'Available · 4 min ago',
        images: [],
        buttons: [],
        tap: { type: 'invoke', title: 'Anna Berg', value: { expertId: ANNA.id } },
      },
    });
    expect(item.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(validateCard(item.content)).toEqual([]);
    expect(cardTexts(item.content)).toEqual(expect.arrayContaining(['Anna Berg', 'Nurse · Cardiology', 'Available · 4 min ago']));
    expect(cardActions(item.content)).toEqual([
      { title: 'Consult', verb: 'consult.start', data: { target: { kind: 'expert', id: ANNA.id, name: 'Anna Berg' } }, enabled: true },
    ]);
    // Mail and phone stay in the directory.
    expect(JSON.stringify(result)).not.toMatch(/contoso|\+4511223344/);
  });

  it("speaks the agent's language", async () => {
    await signInLocally({ locale: 'da-DK' });
    const [item] = (await search('anna', { locale: 'da-DK' })).body.composeExtension.attachments;
    // Availability in the reader's language too, not only the age.
    expect(item.preview.content.text).toBe('Tilgængelig · for 4 min. siden');
    expect(cardActions(item.content)[0]?.title).toBe('Konsultér');
  });

  it('initialRun shows a hint before any expert was chosen, then the recently chosen experts', async () => {
    expect((await initialRun()).body.composeExtension).toEqual({ type: 'message', text: expect.stringMatching(/first name, role, department/) });

    await signInLocally();
    await search('anna');
    const picked = await fx.desk.invokeNamed('composeExtension/selectItem', { expertId: ANNA.id });
    expect(picked.body.composeExtension.attachments[0].content.type).toBe('AdaptiveCard');
    const callsBefore = directory.calls.length;

    const recent = (await initialRun()).body.composeExtension;
    expect(recent.type).toBe('result');
    expect(recent.attachments.map((a: any) => a.preview.content.title)).toEqual(['Anna Berg']);
    expect(directory.calls).toHaveLength(callsBefore);
    // Recents are per agent.
    expect((await initialRun({ user: ASA })).body.composeExtension.type).toBe('message');
  });

  it('answers "try again" when the directory cannot answer', async () => {
    await signInLocally();
    directory.respond = async () => {
      throw new DirectoryUnavailableError('throttled');
    };
    expect((await search('anna')).body.composeExtension).toEqual({ type: 'message', text: 'The directory cannot answer right now. Try again later.' });
  });

  it('leaves other message-extension commands to the SDK (501)', async () => {
    const response = await fx.desk.invokeNamed('composeExtension/query', { commandId: 'searchQueues', parameters: [{ name: 'query', value: 'x' }] });
    expect(response.status).toBe(501);
    expect(directory.calls).toHaveLength(0);
  });
});

describe('a slow directory (SPEC 9: answer within 5 s)', () => {
  let slow: DeskUnderTest;
  let never: FakeDirectory;
  beforeAll(async () => {
    never = fakeDirectory([ANNA]);
    never.respond = () => new Promise(() => {});
    slow = await startDesk({ overrides: { directory: never, directoryTimeoutMs: 300 } });
  });
  afterAll(() => slow.stop());

  it('answers "directory is slow, try again" when the directory does not answer in time', async () => {
    expect((await slow.invoke('sso.localSignIn')).status).toBe(200);
    const started = Date.now();
    const response = await slow.invokeNamed('composeExtension/query', { commandId: 'searchExperts', parameters: [{ name: 'query', value: 'anna' }] });
    const elapsed = Date.now() - started;

    expect(response.status).toBe(200);
    expect(response.body.composeExtension).toEqual({ type: 'message', text: 'The directory is slow right now. Try again in a moment.' });
    expect(never.calls).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
  });
});
