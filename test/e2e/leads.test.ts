import { describe, expect, it } from 'vitest';
import { useScene } from './e2e-desk.js';
import type { PlaygroundUser } from './playground.js';

/** The lead of the shipped configuration's default team (Customer Support). */
const LEAD: PlaygroundUser = {
  id: 'pg-lead-mette',
  name: 'Mette Bruun',
  aadObjectId: 'b1f2c3d4-0000-4000-8000-000000000005',
  givenName: 'Mette',
  surname: 'Bruun',
  email: 'mette.bruun@contoso.example',
  userPrincipalName: 'mette.bruun@contoso.example',
};
/** An agent of the default team (listed in no team, so in Customer Support). */
const AGENT: PlaygroundUser = {
  id: 'pg-agent-jonas',
  name: 'Jonas Berg',
  aadObjectId: '8d2f4b6a-1c3e-4f5a-9b7c-0d1e2f3a4b5c',
  givenName: 'Jonas',
  surname: 'Berg',
  email: 'jonas.berg@contoso.example',
  userPrincipalName: 'jonas.berg@contoso.example',
};
const TEXT = 'Team huddle at 14:00 in the small meeting room';

describe('a team lead posts to the team, the agent acknowledges, the lead follows the board (two Playground instances)', () => {
  const scene = useScene({
    people: {
      lead: { user: LEAD, otherUsers: [AGENT], artifacts: 'leads/lead' },
      agent: { user: AGENT, otherUsers: [LEAD], artifacts: 'leads/agent' },
    },
  });

  it('MSG-1, MSG-2, STAT-1: the lead posts to the team; the agent sees the card and acknowledges; the report shows 1 acknowledged; the board shows the agent’s state change within one refresh', async () => {
    const { desk } = scene;
    const lead = scene.teams('lead');
    const agent = scene.teams('agent');
    await lead.waitForText('Welcome to AgentDesk', 30_000);
    await agent.waitForText('Welcome to AgentDesk', 30_000);

    // Step 1: the agent comes to work (logged in, on a break for now).
    await agent.sendText('status');
    await agent.waitForText('Your status');
    await agent.clickCardButton(/^Break$/);
    await agent.waitForText(/Break/);

    // Step 2 (MSG-1): the lead composes a message to the team and sends it; the answer is the delivery report.
    await lead.sendText('post');
    await lead.waitForText('Post a message to your agents');
    await lead.chooseInCard('Send to', 'Team: Customer Support');
    await lead.page
      .locator('.ac-adaptiveCard')
      .last()
      .getByLabel(/^Message/)
      .fill(TEXT);
    await lead.screenshot('01-compose');
    await lead.clickCardButton('Send');
    await lead.waitForText('Delivery report');
    await lead.waitForText('To Team: Customer Support');

    // Step 3 (MSG-1): the agent gets the message card with Acknowledge, and presses it; the card says so in place.
    await agent.waitForText(TEXT, 20_000);
    await agent.waitForText('Message from');
    await agent.screenshot('01-message');
    await agent.clickCardButton('Acknowledge');
    await agent.waitForText(/Acknowledged \d/);
    expect(await agent.page.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    await agent.screenshot('02-acknowledged');

    // Step 4 (MSG-2): the lead's report shows the message sent and 1 of 1 acknowledged (it updates itself; Refresh to be sure).
    await lead.clickCardButton('Refresh');
    await lead.waitForText(/Sent\s*1/);
    await lead.waitForText(/Acknowledged\s*1 \/ 1/);
    await lead.screenshot('02-report');
    const [broadcast] = await desk.app.store.scan('broadcast');
    expect(broadcast?.value).toMatchObject({ text: TEXT, recipients: 1 });

    // Step 5 (STAT-1): the lead's board shows the agent on Break; the agent goes Working offline; one refresh shows it.
    await lead.sendText('board');
    await lead.waitForText('Team board');
    await lead.waitForText(/Jonas Berg[\s\S]*Break/);
    await lead.screenshot('03-board-break');
    await agent.sendText('status');
    await agent.waitForText('Your status');
    await agent.clickCardButton(/^Working offline$/);
    await agent.waitForText(/Working offline/);
    await lead.clickCardButton('Refresh');
    await lead.waitForText(/Jonas Berg[\s\S]*Working offline/);
    await lead.screenshot('04-board-after-refresh');
    expect((await desk.app.service.agent(AGENT.aadObjectId))?.state).toBe('WorkingOffline');
  });
});
