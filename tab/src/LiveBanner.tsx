import { Badge, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { LiveState } from './live.ts';
import type { Say } from './strings.ts';

/** Says when the data is live, and when it is not: the connection is lost and what is shown may be stale. */
export function LiveBanner({ live, readAt, t }: { live: LiveState; readAt: Date | undefined; t: Say }) {
  if (live === 'lost') {
    const time = readAt ? readAt.toLocaleTimeString() : '-';
    return (
      <MessageBar intent="warning" role="status" data-testid="live-lost">
        <MessageBarBody>{t('tab.live.lost', { time })}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Badge appearance="tint" color={live === 'live' ? 'success' : 'informative'} role="status" data-testid="live-state" data-live={live}>
      {live === 'live' ? t('tab.live.connected') : t('tab.live.connecting')}
    </Badge>
  );
}
