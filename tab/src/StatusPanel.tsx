import { Badge, Button, Card, Field, Input, MessageBar, MessageBarBody, Select, Subtitle2, Text, Title2 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { StatusPanel as StatusData } from '../../src/tab/tab-wire.ts';
import type { Say } from './strings.ts';
import { formatElapsed, type ServerClock } from './time.ts';

const BADGE_COLOR = {
  good: 'success',
  warning: 'warning',
  attention: 'danger',
  accent: 'brand',
  emphasis: 'informative',
  default: 'subtle',
} as const;

interface Props {
  status: StatusData;
  clock: ServerClock;
  error: string | undefined;
  busy: boolean;
  t: Say;
  /** Runs a status command: `status.set` with a state and code, or `phone.set`. */
  onCommand(verb: 'status.set' | 'phone.set', data: Record<string, unknown>): void;
}

/** The agent's status with the status card's choices and rules (ST-1, ST-3, ST-4, ST-5). */
export function StatusPanel({ status, clock, error, busy, t, onCommand }: Props) {
  const [code, setCode] = useState(status.selectedCode);
  const [phone, setPhone] = useState(status.phone);
  const [elapsed, setElapsed] = useState(() => formatElapsed(clock.now() - Date.parse(status.stateSince)));
  useEffect(() => setCode(status.selectedCode), [status.selectedCode]);
  useEffect(() => setPhone(status.phone), [status.phone]);
  useEffect(() => {
    const tick = () => setElapsed(formatElapsed(clock.now() - Date.parse(status.stateSince)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [clock, status.stateSince]);

  return (
    <Card className="panel" aria-labelledby="status-heading">
      <Subtitle2 as="h2" id="status-heading">
        {t('tab.status.heading')}
      </Subtitle2>
      <div className="status-line">
        <Badge size="extra-large" shape="rounded" color={BADGE_COLOR[status.style]} data-testid="status-state">
          {status.label}
        </Badge>
        {status.codeLabel ? <Title2 as="p">{status.codeLabel}</Title2> : null}
      </div>
      <Text data-testid="status-timer">{t('tab.status.timer', { elapsed })}</Text>
      {status.hint ? <Text className="subtle">{status.hint}</Text> : null}
      {error ? (
        <MessageBar intent="error" role="alert" data-testid="status-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {status.codeChoices.length > 0 ? (
        <Field label={t('idleCodeLabel')}>
          <Select value={code} onChange={(_, data) => setCode(data.value)}>
            <option value="">{t('idleCodePlaceholder')}</option>
            {status.codeChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.title}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <div className="actions">
        {status.actions.map((action) => (
          <Button
            key={action.state}
            appearance={action.style === 'positive' ? 'primary' : 'secondary'}
            disabled={!action.enabled || busy}
            onClick={() => onCommand('status.set', { state: action.state, ...(code ? { code } : {}) })}
          >
            {action.title}
          </Button>
        ))}
      </div>
      <Text className="subtle">{status.phoneText}</Text>
      <form
        className="phone"
        onSubmit={(event) => {
          event.preventDefault();
          onCommand('phone.set', { phone });
        }}
      >
        <Field label={t('phoneLabel')}>
          <Input type="tel" value={phone} maxLength={256} placeholder={t('phonePlaceholder')} onChange={(_, data) => setPhone(data.value)} />
        </Field>
        <Button type="submit" disabled={busy}>
          {t('savePhone')}
        </Button>
      </form>
    </Card>
  );
}
