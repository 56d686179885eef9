/**
 * Keeps tests off the internet: nock refuses every host except loopback and we
 * remember what was refused, so a forgotten interceptor fails loudly instead of
 * silently reaching (or timing out on) a real Microsoft endpoint.
 */
import nock from 'nock';

/** Hosts tests may reach for real: the bot under test listens on loopback. */
export const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Handle on the guard: requests no interceptor matched, and a way to stop recording. */
export interface OfflineGuard {
  /** `METHOD url` of every non-loopback request nock had no interceptor for. */
  unmatched: string[];
  /** Stops recording. Net connect stays disabled on purpose: re-enabling it could let a later test escape. */
  close(): void;
}

// nock emits either normalised options, or a ClientRequest followed by its options.
type NoMatchRequest = { method?: string; proto?: string; host?: string; hostname?: string; path?: string; href?: string };

/** Disables real networking except loopback and records every unmatched outside request. */
export function goOffline(): OfflineGuard {
  nock.disableNetConnect();
  nock.enableNetConnect(LOOPBACK_HOST);
  const unmatched: string[] = [];
  const onNoMatch = (first: NoMatchRequest, options?: NoMatchRequest): void => {
    const req = options ?? first;
    const host = req.host ?? req.hostname ?? '';
    // nock also reports allowed loopback traffic as "no match"; that is the bot itself.
    if (LOOPBACK_HOST.test(host) || LOOPBACK_HOST.test(req.hostname ?? '')) return;
    unmatched.push(`${req.method ?? 'GET'} ${req.href ?? `${req.proto ?? 'https'}://${host}${req.path ?? ''}`}`);
  };
  nock.emitter.on('no match', onNoMatch);
  return { unmatched, close: () => void nock.emitter.off('no match', onNoMatch) };
}
