import { Badge, Caption1, Card, MessageBar, MessageBarBody, Subtitle2, Text, type Theme } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { CardJson, DeskView } from '../../src/tab/tab-wire.ts';
import { AdaptiveCardView } from './AdaptiveCardView.tsx';
import type { TabApi } from './api.ts';
import { StatusPanel } from './StatusPanel.tsx';
import type { Say } from './strings.ts';
import { serverClock } from './time.ts';
import type { LiveData } from './use-live-data.ts';

interface Props {
  api: TabApi;
  desk: LiveData<DeskView>;
  theme: Theme;
  t: Say;
  /** The page of contact requests shown (PO-3), kept by the page. */
  page: number;
  onPage(page: number): void;
}

/**
 * The agent's desk: status, contact requests, interactions, wrap-up and
 * team-lead messages. Every press goes to the same engine command the chat card sends.
 */
export function AgentView({ api, desk, theme, t, page, onPage }: Props) {
  const view = desk.data;
  const [busy, setBusy] = useState(false);
  const [statusError, setStatusError] = useState<string | undefined>(undefined);
  const clock = useMemo(() => serverClock(view?.now ?? new Date().toISOString()), [view?.now]);
  if (!view) return null;

  const run = async (verb: string, data: Record<string, unknown>) => {
    if (verb === 'requests.page' || verb === 'requests.refresh') {
      onPage(Number(data.page ?? 0) || 0);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.action(verb, data);
      desk.replace(answer.desk);
      setStatusError(verb === 'status.set' || verb === 'phone.set' ? answer.error : undefined);
    } catch {
      desk.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="desk">
      <StatusPanel status={view.status} clock={clock} error={statusError} busy={busy} t={t} onCommand={(verb, data) => void run(verb, data)} />
      {view.requests ? (
        <Card className="panel" aria-labelledby="requests-heading">
          <Subtitle2 as="h2" id="requests-heading">
            {t('tab.requests.heading')}
          </Subtitle2>
          <AdaptiveCardView card={view.requests} theme={theme} label={t('tab.requests.heading')} onPress={(verb, data) => void run(verb, { ...data, page })} />
        </Card>
      ) : null}
      <Card className="panel" aria-labelledby="interactions-heading">
        <Subtitle2 as="h2" id="interactions-heading">
          {t('tab.interactions.heading')}
        </Subtitle2>
        {view.interactions.length === 0 && view.wrapUps.length === 0 ? <Text className="subtle">{t('tab.interactions.none')}</Text> : null}
        {view.interactions.map((card, index) => (
          <AdaptiveCardView
            key={cardKey(card, index)}
            card={card}
            theme={theme}
            label={t('tab.interactions.heading')}
            onPress={(verb, data) => void run(verb, data)}
          />
        ))}
        {view.interactions.length > 0 ? <Caption1 className="subtle">{t('tab.interactions.chatOnly')}</Caption1> : null}
        {view.wrapUps.map((card, index) => (
          <AdaptiveCardView
            key={cardKey(card, index)}
            card={card}
            theme={theme}
            label={t('tab.wrapUps.heading')}
            onPress={(verb, data) => void run(verb, data)}
          />
        ))}
      </Card>
      <Card className="panel" aria-labelledby="messages-heading">
        <Subtitle2 as="h2" id="messages-heading">
          {t('tab.messages.heading')}
        </Subtitle2>
        {view.messages.length === 0 ? <Text className="subtle">{t('tab.messages.none')}</Text> : null}
        <ul className="messages">
          {view.messages.map((message) => (
            <li key={message.id}>
              <MessageBar intent={message.urgent ? 'warning' : 'info'}>
                <MessageBarBody>
                  {message.urgent ? <Badge color="danger">{t('tab.messages.urgent')}</Badge> : null} <strong>{message.from}</strong>: {message.text}
                </MessageBarBody>
              </MessageBar>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

/** A stable key for a contact's card: the contact its refresh action names. */
function cardKey(card: CardJson, index: number): string {
  const contactId = (card.refresh as { action?: { data?: { contactId?: unknown } } } | undefined)?.action?.data?.contactId;
  return typeof contactId === 'string' ? contactId : `card-${index}`;
}
