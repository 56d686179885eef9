import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shipped from '../../config/desk.json' with { type: 'json' };
import { startDeskProcess, type DeskProcess } from '../support/desk-process.js';
import { startFaultyConnector, type FaultyConnector } from '../support/faulty-connector.js';
import { installedConversation } from '../support/installed.js';
import { waitFor } from '../support/wait-for.js';

const RECIPIENTS = 2000;
// The in-flight bound (MSG-2): the message lane sends a chunk of `messaging.inFlight` and settles it in one store
// write before the next, so a kill can leave at most this many sent and not recorded.
const IN_FLIGHT = 16;
const LEAD = 'e0e0e0e0-0000-4000-8000-000000000001';
const agentId = (i: number) => `e0e0e0e0-0000-4000-8000-2${String(i).padStart(11, '0')}`;
const ids = Array.from({ length: RECIPIENTS }, (_, i) => agentId(i));
const TEXT = 'Restart drill: every agent gets this once';

/** The lead presses Send on the compose card, as Teams would send it (local anonymous mode). */
async function send(url: string): Promise<number> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: `29:${LEAD}`, aadObjectId: LEAD, name: 'Lea Lead' },
      recipient: { id: '28:bot' },
      conversation: { id: `c-${LEAD}` },
      value: { action: { type: 'Action.Execute', verb: 'message.send', data: { draftId: 'restart-1', audience: 'led', text: TEXT, importance: 'normal' } } },
    }),
  });
  await response.text();
  return response.status;
}

describe('MSG-2: a broadcast resumes after the desk is killed', () => {
  let dir: string;
  let connector: FaultyConnector;
  const desks: DeskProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdesk-msg2-restart-'));
    connector = await startFaultyConnector(() => ({ status: 200 }));
    // A team of 2,000 and its lead; a tenant rate that makes the broadcast take about ten seconds.
    const desk = {
      ...shipped,
      teams: [{ id: 'floor', name: 'Floor', channels: ['chat'], members: ids, leads: [LEAD] }],
      defaultTeam: 'floor',
      messaging: { perTenantPerSecond: 200, inFlight: IN_FLIGHT, reportEverySeconds: 2 },
    };
    await writeFile(join(dir, 'desk-config.json'), JSON.stringify(desk));
    // Everyone installed the app before: their personal conversations are in the store the desk starts on.
    const records: Record<string, { value: unknown; version: number }> = {};
    for (const id of [LEAD, ...ids]) {
      records[`conversation/${id}`] = { value: installedConversation(connector.serviceUrl, id), version: 1 };
    }
    await writeFile(join(dir, 'desk.json'), JSON.stringify({ records }));
  });
  afterAll(async () => {
    for (const desk of desks) if (desk.child.exitCode === null) desk.child.kill('SIGKILL');
    await Promise.all(desks.map((desk) => desk.exited));
    await connector?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`MSG-2: SIGKILL halfway through a ${RECIPIENTS}-recipient broadcast, then a restart: every recipient gets it, at most ${IN_FLIGHT} twice`, async () => {
    // Port 0: another desk on this machine (a parallel test) may hold the default port.
    const env = { PORT: '0', DATA_FILE: join(dir, 'desk.json'), DESK_CONFIG_FILE: join(dir, 'desk-config.json'), LOG_LEVEL: 'info' };
    // The recipients' sends only: the lead's report card (which quotes the text) is not a delivery.
    const recipientConversations = new Set(ids.map((id) => `personal-${id}`));
    const delivered = () => connector.requests.filter((r) => r.status === 200 && recipientConversations.has(r.conversationId) && r.body.includes(TEXT));
    const first = startDeskProcess(env);
    desks.push(first);
    expect(await send(await first.started())).toBe(200);
    await waitFor(() => delivered().length >= RECIPIENTS / 2, 120_000, first.output);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeKill = delivered().length;
    expect(beforeKill).toBeLessThan(RECIPIENTS);

    const second = startDeskProcess(env);
    desks.push(second);
    await second.started();
    const reached = () => new Set(delivered().map((r) => r.conversationId));
    // The dead desk's claimed chunk waits for its lease (30 s) to run out.
    await waitFor(() => reached().size >= RECIPIENTS, 180_000, second.output);
    // A moment more: nothing else arrives late.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    second.child.kill('SIGTERM');
    await second.exited;

    const sends = delivered();
    for (const id of ids) expect(reached().has(`personal-${id}`)).toBe(true);
    const duplicates = sends.length - reached().size;
    console.log('RESTARTSUMMARY', JSON.stringify({ recipients: RECIPIENTS, sentBeforeKill: beforeKill, sends: sends.length, duplicates, bound: IN_FLIGHT }));
    expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT);
  }, 360_000);
});
