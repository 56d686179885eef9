/**
 * A fake Bot Connector service (the `serviceUrl` Teams puts on every activity)
 * that records what the bot sends, so tests assert real replies and card updates.
 */
import nock from 'nock';

/** Default fake service URL; `.example` never resolves, so a leak cannot reach anything. */
export const FAKE_SERVICE_URL = 'https://smba.test.example/amer/';

/** One call the bot made to the connector (send, reply, update or delete an activity). */
export interface ConnectorCall {
  method: 'POST' | 'PUT' | 'DELETE';
  /** Path below the service URL, e.g. `v3/conversations/c1/activities/a1`. */
  path: string;
  /** The Authorization header the bot sent: proves the MSAL token was used. */
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** What the fake connector answered: 200, or 413 when it refused the message as too large. */
  status: number;
}

/** Recorder for a nocked connector; `activities()` lists the bodies of sends and replies. */
export interface ConnectorRecorder {
  serviceUrl: string;
  calls: ConnectorCall[];
  activities(): Record<string, unknown>[];
  close(): void;
}

/** How the fake connector behaves; by default it accepts everything. */
export interface ConnectorOptions {
  /** Refuse a send or update as Teams does a message that is too large: 413 with `MessageSizeTooBig`. */
  tooLarge?: (call: Omit<ConnectorCall, 'status'>) => boolean;
}

/** Teams' answer to a message over its size limit. */
export const TOO_LARGE_BODY = { error: { code: 'MessageSizeTooBig', message: 'Message size too large.' } };

/** Nocks `serviceUrl`'s v3 conversation API (POST, PUT, DELETE) and records every call. */
export function nockConnector(serviceUrl: string = FAKE_SERVICE_URL, options: ConnectorOptions = {}): ConnectorRecorder {
  const base = new URL(serviceUrl);
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const calls: ConnectorCall[] = [];
  const scope = nock(base.origin).persist();
  const interceptors = (['POST', 'PUT', 'DELETE'] as const).map((method) => {
    const interceptor = scope.intercept((path) => path.startsWith(`${prefix}v3/conversations/`), method);
    interceptor.reply(function (path, body) {
      const authorization = this.req.headers.authorization;
      const call = {
        method,
        path: path.slice(prefix.length),
        authorization: Array.isArray(authorization) ? authorization.join(', ') : authorization,
        body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
      };
      if (method !== 'DELETE' && options.tooLarge?.(call)) {
        calls.push({ ...call, status: 413 });
        return [413, TOO_LARGE_BODY];
      }
      calls.push({ ...call, status: 200 });
      // ResourceResponse: the SDK hands the id back to the caller (needed to update cards later).
      return [200, method === 'DELETE' ? {} : { id: `activity-${calls.length}` }];
    });
    return interceptor;
  });
  return {
    serviceUrl,
    calls,
    activities: () => calls.filter((c) => c.method === 'POST' && c.status === 200).map((c) => c.body),
    close: () => {
      for (const i of interceptors) nock.removeInterceptor(i);
    },
  };
}
