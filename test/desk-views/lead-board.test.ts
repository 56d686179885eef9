import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryChangeFeed } from '../../src/desk-views/change-feed.js';
import { buildLeadBoard, type BoardMarks } from '../../src/desk-views/lead-board.js';
import { parseDeskConfig, type DeskConfig } from '../../src/desk-config.js';
import type { Agent } from '../../src/engine/model.js';
import shipped from '../../config/desk.json' with { type: 'json' };

const LEAD = 'lead-1';
const desk: DeskConfig = parseDeskConfig(
  {
    ...shipped,
    teams: [
      { id: 'voice', name: 'Voice Team', channels: ['voice'], members: ['a-voice', 'a-both'], leads: [LEAD] },
      { id: 'digital', name: 'Digital Care', channels: ['chat', 'email'], members: ['a-digital', 'a-both'], leads: ['lead-2'] },
      { id: 'general', name: 'General', channels: ['social'], members: [], leads: [] },
    ],
    defaultTeam: 'general',
    queues: [
      { id: 'phone', name: 'Phone', channels: ['voice'] },
      { id: 'web', name: 'Web', channels: ['chat', 'email'] },
      { id: 'social', name: 'Social', channels: ['social'] },
    ],
    entryPoints: [],
  },
  'test',
);

const agent = (id: string, state: Agent['state'], stateSince: string, extra: Partial<Agent> = {}): Agent => ({
  id,
  name: id.toUpperCase(),
  state,
  stateSince,
  ...extra,
});
const none: BoardMarks = { favourites: [], recent: [] };

describe('the leads’ live board (STAT-1)', () => {
  it('STAT-1: shows the agents of the teams the lead leads, with state, time in state and idle code, and nobody else', () => {
    const board = buildLeadBoard({
      desk,
      leadId: LEAD,
      agents: [
        agent('a-voice', 'Idle', '2026-11-20T08:00:00.000Z', { code: 'lunch' }),
        agent('a-both', 'Available', '2026-11-20T08:30:00.000Z'),
        agent('a-digital', 'Available', '2026-11-20T08:10:00.000Z'),
        agent('a-unlisted', 'Break', '2026-11-20T08:20:00.000Z'),
      ],
      waiting: new Map(),
      marks: none,
    });
    expect(board?.teams).toEqual([{ id: 'voice', name: 'Voice Team' }]);
    expect(board?.agents.map((a) => [a.id, a.state, a.stateSince, a.code])).toEqual([
      ['a-both', 'Available', '2026-11-20T08:30:00.000Z', undefined],
      ['a-voice', 'Idle', '2026-11-20T08:00:00.000Z', 'lunch'],
    ]);
    expect(board?.byState).toEqual({ Available: 1, Idle: 1 });
  });

  it('STAT-1: the default team’s lead sees the agents no team lists', () => {
    const general = { ...desk, teams: desk.teams.map((t) => (t.id === 'general' ? { ...t, leads: ['lead-3'] } : t)) };
    const board = buildLeadBoard({
      desk: general,
      leadId: 'lead-3',
      agents: [agent('a-voice', 'Idle', 'x'), agent('a-unlisted', 'Break', 'y')],
      waiting: new Map(),
      marks: none,
    });
    expect(board?.agents.map((a) => a.id)).toEqual(['a-unlisted']);
  });

  it('STAT-1: someone who leads no team has no board', () => {
    expect(buildLeadBoard({ desk, leadId: 'a-voice', agents: [], waiting: new Map(), marks: none })).toBeUndefined();
  });

  it('STAT-1: lists the queues the lead’s teams serve with waiting contacts and since when the longest has waited', () => {
    const board = buildLeadBoard({
      desk,
      leadId: LEAD,
      agents: [],
      waiting: new Map([
        ['phone', { count: 3, oldestSince: '2026-11-20T08:55:00.000Z' }],
        ['web', { count: 7, oldestSince: '2026-11-20T08:50:00.000Z' }],
      ]),
      marks: none,
    });
    expect(board?.queues).toEqual([{ id: 'phone', name: 'Phone', waiting: 3, oldestSince: '2026-11-20T08:55:00.000Z' }]);
    const both = buildLeadBoard({
      desk: { ...desk, teams: desk.teams.map((t) => ({ ...t, leads: [LEAD] })) },
      leadId: LEAD,
      agents: [],
      waiting: new Map(),
      marks: none,
    });
    expect(both?.queues.map((q) => [q.id, q.waiting])).toEqual([
      ['phone', 0],
      ['web', 0],
      ['social', 0],
    ]);
  });

  it('STAT-1 (seed 004): favourites first, then recently viewed (latest first), then by state and name', () => {
    const lead = { ...desk, teams: desk.teams.map((t) => ({ ...t, leads: [LEAD] })) };
    const agents = [
      agent('a-avail', 'Available', 'x'),
      agent('b-idle', 'Idle', 'x'),
      agent('c-off', 'LoggedOut', 'x'),
      agent('d-break', 'Break', 'x'),
      agent('e-avail', 'Available', 'x'),
    ];
    const board = buildLeadBoard({
      desk: lead,
      leadId: LEAD,
      agents,
      waiting: new Map(),
      marks: {
        favourites: ['c-off'],
        recent: [
          { id: 'd-break', at: '2026-11-20T08:00:00.000Z' },
          { id: 'b-idle', at: '2026-11-20T08:30:00.000Z' },
        ],
      },
    });
    expect(board?.agents.map((a) => a.id)).toEqual(['c-off', 'b-idle', 'd-break', 'a-avail', 'e-avail']);
    expect(board?.agents[0]).toMatchObject({ favourite: true });
    expect(board?.agents[1]).toMatchObject({ favourite: false, viewedAt: '2026-11-20T08:30:00.000Z' });
  });

  it('STAT-1: the board carries no customer data and no secure variables: only ids, names, states, codes and counts', () => {
    const board = buildLeadBoard({
      desk,
      leadId: LEAD,
      agents: [agent('a-voice', 'Engaged', 'x', { offers: ['c-secret'], active: ['c-1'], phone: '+4512345678' })],
      waiting: new Map([['phone', { count: 1, oldestSince: 'y' }]]),
      marks: none,
    });
    const text = JSON.stringify(board);
    for (const leak of ['c-secret', 'c-1', '+4512345678']) expect(text).not.toContain(leak);
  });

  it('STYLE 12: any string is a valid agent or lead id (toString, __proto__, constructor)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty'), fc.string()), (id) => {
        const odd = { ...desk, teams: [{ ...desk.teams[0]!, members: [id], leads: [id] }, ...desk.teams.slice(1)] };
        const board = buildLeadBoard({ desk: odd, leadId: id, agents: [agent(id, 'Idle', 'x')], waiting: new Map(), marks: { favourites: [id], recent: [] } });
        expect(board?.agents.map((a) => [a.id, a.favourite])).toEqual([[id, true]]);
      }),
    );
  });
});

describe('the change feed the tab resumes from', () => {
  const notice = (agents: string[]) => ({ agents, contacts: [], queues: [] });

  it('numbers changes in order and gives a returning reader exactly what it missed', () => {
    const feed = new MemoryChangeFeed();
    const heard: number[] = [];
    const stop = feed.subscribe((change) => heard.push(change.seq));
    feed.publish(notice(['a']));
    feed.publish(notice(['b']));
    stop();
    feed.publish(notice(['c']));
    expect(heard).toEqual([1, 2]);
    expect(feed.seq).toBe(3);
    expect(feed.since(1)?.map((c) => c.agents)).toEqual([['b'], ['c']]);
    expect(feed.since(3)).toEqual([]);
  });

  it('says "reload" (undefined) for a reader further back than it keeps, or from another process’s numbering', () => {
    const feed = new MemoryChangeFeed(2);
    for (const id of ['a', 'b', 'c', 'd']) feed.publish(notice([id]));
    expect(feed.since(2)?.map((c) => c.seq)).toEqual([3, 4]);
    expect(feed.since(1)).toBeUndefined();
    expect(feed.since(99)).toBeUndefined();
    expect(feed.since(-1)).toBeUndefined();
  });
});
