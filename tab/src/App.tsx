import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  Text,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TabSetup } from '../../src/tab/tab-wire.ts';
import { AgentView } from './AgentView.tsx';
import { fetchSetup, TabApi } from './api.ts';
import { BoardView } from './BoardView.tsx';
import { DevIdentityPicker } from './DevIdentityPicker.tsx';
import { LiveBanner } from './LiveBanner.tsx';
import { sayerFor, type Say } from './strings.ts';
import { connectToTeams, followTheme, teamsToken, themeOf, type ThemeName } from './teams-host.ts';
import { useLiveData } from './use-live-data.ts';

const THEMES: Record<ThemeName, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };
const DEV_USER_KEY = 'agentdesk.devUser';

type Phase =
  | { kind: 'starting' }
  | { kind: 'outside' }
  | { kind: 'pick'; people: NonNullable<TabSetup['people']> }
  | { kind: 'ready'; api: TabApi; development: boolean; userName?: string };

/** The Desk tab: connects to Teams (or, locally, to a development identity), then shows the desk and, for leads, the board. */
export function App() {
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const [theme, setTheme] = useState<ThemeName>('default');
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const { t } = useMemo(() => sayerFor(tag), [tag]);

  useEffect(() => {
    void (async () => {
      const host = await connectToTeams();
      if (host) {
        setTheme(host.theme);
        setTag(host.locale);
        followTheme(setTheme);
        setPhase({
          kind: 'ready',
          api: new TabApi(async () => ({ authorization: `Bearer ${await teamsToken()}` }), host.locale),
          development: false,
          userName: host.userName,
        });
        return;
      }
      // Outside Teams the theme and language can be chosen in the address, for trying the page locally.
      const locale = params.get('lang') ?? navigator.language;
      setTheme(themeOf(params.get('theme')));
      setTag(locale);
      try {
        const setup = await fetchSetup();
        if (setup.mode !== 'development') return setPhase({ kind: 'outside' });
        const remembered = sessionStorage.getItem(DEV_USER_KEY);
        if (remembered) return setPhase({ kind: 'ready', api: devApi(remembered, locale), development: true });
        setPhase({ kind: 'pick', people: setup.people ?? [] });
      } catch {
        setPhase({ kind: 'outside' });
      }
    })();
  }, [params]);

  useEffect(() => {
    document.documentElement.lang = sayerFor(tag).locale;
  }, [tag]);

  return (
    <FluentProvider theme={THEMES[theme]} className="app" data-theme={theme}>
      <main>
        {phase.kind === 'starting' ? <Spinner label={t('tab.loading')} /> : null}
        {phase.kind === 'outside' ? (
          <MessageBar intent="info" data-testid="open-in-teams">
            <MessageBarBody>
              <MessageBarTitle>{t('tab.openInTeams.title')}</MessageBarTitle>
              {t('tab.openInTeams.text')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {phase.kind === 'pick' ? (
          <DevIdentityPicker
            people={phase.people}
            t={t}
            onPick={(id) => {
              sessionStorage.setItem(DEV_USER_KEY, id);
              setPhase({ kind: 'ready', api: devApi(id, tag ?? 'en'), development: true });
            }}
          />
        ) : null}
        {phase.kind === 'ready' ? <Desk api={phase.api} development={phase.development} userName={phase.userName ?? ''} theme={THEMES[theme]} t={t} /> : null}
      </main>
    </FluentProvider>
  );
}

function devApi(id: string, locale: string): TabApi {
  return new TabApi(async () => ({ 'x-agentdesk-dev-user': id }), locale);
}

/** The signed-in part: the agent's desk, and the board for leads. */
function Desk({ api, development, userName, theme, t }: { api: TabApi; development: boolean; userName: string; theme: Theme; t: Say }) {
  const [page, setPage] = useState(0);
  const pageRef = useRef(0);
  const [view, setView] = useState<'desk' | 'board'>('desk');
  const desk = useLiveData(api, 'desk', () => api.desk(pageRef.current));
  const turnPage = (next: number) => {
    pageRef.current = next;
    setPage(next);
    desk.reload();
  };
  const current = desk.data;
  const live = view === 'board' ? null : desk;

  return (
    <>
      <header className="top">
        <Text weight="semibold" size={400}>
          AgentDesk
        </Text>
        <Text className="subtle">{current?.me.name || userName}</Text>
        {live ? <LiveBanner live={live.live} readAt={live.readAt} t={t} /> : null}
      </header>
      {development ? (
        <MessageBar intent="warning" layout="multiline" className="dev-banner" data-testid="dev-banner">
          <MessageBarBody>
            {t('tab.dev.banner')} ({api.locale}) <code>{current?.me.id ?? ''}</code>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {desk.failed && !current ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t(desk.failed === 'signIn' ? 'tab.error.signIn' : 'tab.error.load')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {!current && !desk.failed ? <Spinner label={t('tab.loading')} /> : null}
      {current?.lead ? (
        <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value as 'desk' | 'board')} aria-label="AgentDesk">
          <Tab value="desk">{t('tab.nav.desk')}</Tab>
          <Tab value="board">{t('tab.nav.board')}</Tab>
        </TabList>
      ) : null}
      {current && view === 'desk' ? <AgentView api={api} desk={desk} theme={theme} t={t} page={page} onPage={turnPage} /> : null}
      {current?.lead && view === 'board' ? <Board api={api} t={t} /> : null}
    </>
  );
}

/** The board with its own live stream, open only while it is shown. */
function Board({ api, t }: { api: TabApi; t: Say }) {
  const board = useLiveData(api, 'board', () => api.board());
  return (
    <>
      <div className="board-live">
        <LiveBanner live={board.live} readAt={board.readAt} t={t} />
      </div>
      {board.failed && !board.data ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t('tab.error.load')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <BoardView api={api} board={board} t={t} />
    </>
  );
}
