import { Badge, Button, Caption1, Card, Subtitle2, Text, ToggleButton } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { BoardRow, BoardView as BoardData } from '../../src/tab/tab-wire.ts';
import type { TabApi } from './api.ts';
import type { Say } from './strings.ts';
import { formatElapsed, serverClock, type ServerClock } from './time.ts';
import type { LiveData } from './use-live-data.ts';

const STATE_COLOR: Record<string, 'success' | 'warning' | 'danger' | 'brand' | 'informative' | 'subtle'> = {
  Available: 'success',
  Idle: 'warning',
  Break: 'warning',
  Engaged: 'brand',
  WrapUp: 'brand',
  RONA: 'danger',
  WorkingOffline: 'informative',
  LoggedOut: 'subtle',
};

/** The lead's live board (STAT-1): agents with state, time in state and idle code; queues with waiting contacts. */
export function BoardView({ api, board, t }: { api: TabApi; board: LiveData<BoardData>; t: Say }) {
  const view = board.data;
  const clock = useMemo(() => serverClock(view?.now ?? new Date().toISOString()), [view?.now]);
  const now = useTicker(clock);
  const [open, setOpen] = useState<string | undefined>(undefined);
  if (!view) return null;

  const favourite = async (agent: BoardRow) => {
    await api.mark('favourite', agent.id, !agent.favourite).catch(() => undefined);
    board.reload();
  };
  const details = async (agent: BoardRow) => {
    const opening = open !== agent.id;
    setOpen(opening ? agent.id : undefined);
    if (opening) await api.mark('viewed', agent.id).catch(() => undefined);
  };

  return (
    <div className="board">
      <Card className="panel" aria-labelledby="board-heading">
        <Subtitle2 as="h2" id="board-heading">
          {t('tab.board.title')}
        </Subtitle2>
        <Caption1 className="subtle">{t('tab.board.teams', { teams: view.teams.join(', ') })}</Caption1>
        <div className="summary" data-testid="board-summary">
          {view.summary.map((entry) => (
            <Badge key={entry.state} appearance="tint" color={STATE_COLOR[entry.state] ?? 'informative'}>
              {entry.label}: {entry.count}
            </Badge>
          ))}
        </div>
      </Card>
      <Card className="panel" aria-labelledby="agents-heading">
        <Subtitle2 as="h3" id="agents-heading">
          {t('tab.board.agents')}
        </Subtitle2>
        {view.agents.length === 0 ? <Text className="subtle">{t('tab.board.noAgents')}</Text> : null}
        <ul className="rows" aria-labelledby="agents-heading">
          {view.agents.map((agent) => (
            <li key={agent.id} className="row" data-testid="board-agent" data-agent={agent.id}>
              <ToggleButton
                appearance="subtle"
                checked={agent.favourite}
                aria-label={t(agent.favourite ? 'tab.board.removeFavourite' : 'tab.board.addFavourite', { name: agent.name })}
                icon={<span aria-hidden="true">{agent.favourite ? '★' : '☆'}</span>}
                onClick={() => void favourite(agent)}
              />
              <Button
                appearance="transparent"
                className="name"
                aria-expanded={open === agent.id}
                aria-label={t('tab.board.details', { name: agent.name })}
                onClick={() => void details(agent)}
              >
                {agent.name || agent.id}
              </Button>
              <Badge appearance="filled" color={STATE_COLOR[agent.state] ?? 'informative'} data-testid="board-state">
                {agent.stateLabel}
              </Badge>
              <Text className="mono">{formatElapsed(now - Date.parse(agent.stateSince))}</Text>
              {agent.codeLabel ? <Text className="subtle">{agent.codeLabel}</Text> : null}
              {agent.recent ? <Caption1 className="subtle">{t('tab.board.recent')}</Caption1> : null}
              {open === agent.id ? (
                <div className="details">
                  <Caption1>{t('tab.board.inTeams', { teams: agent.teams.join(', ') })}</Caption1>
                  <Caption1>{t('tab.board.since', { time: new Date(agent.stateSince).toLocaleTimeString() })}</Caption1>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card className="panel" aria-labelledby="queues-heading">
        <Subtitle2 as="h3" id="queues-heading">
          {t('tab.board.queues')}
        </Subtitle2>
        <ul className="rows" aria-labelledby="queues-heading">
          {view.queues.map((queue) => (
            <li key={queue.id} className="row" data-testid="board-queue">
              <Text weight="semibold" className="name">
                {queue.name}
              </Text>
              <Badge appearance="tint" color={queue.waiting > 0 ? 'warning' : 'subtle'}>
                {t('tab.board.waiting', { count: queue.waiting })}
              </Badge>
              {queue.oldestSince ? (
                <Text className="mono">{t('tab.board.longest', { elapsed: formatElapsed(now - Date.parse(queue.oldestSince)) })}</Text>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

/** The server's time, once a second. */
function useTicker(clock: ServerClock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    const timer = setInterval(() => setNow(clock.now()), 1000);
    return () => clearInterval(timer);
  }, [clock]);
  return now;
}
