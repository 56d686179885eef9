import type { ActionAnswer, BoardView, DeskView, TabSetup } from '../../src/tab/tab-wire.ts';

/** How requests carry who the person is: a Teams token, or the development identity. */
export type Credentials = () => Promise<Record<string, string>>;

/** The server answered with an error status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number) {
    super(`the desk answered ${status}`);
  }
}

/** Teams gave no token (or the desk refused it): the person must sign in again, not wait. */
export class SignInError extends Error {
  override name = 'SignInError';
}

/** The tab's API client: every call carries the credentials and the Teams language. */
export class TabApi {
  constructor(
    readonly credentials: Credentials,
    readonly locale: string,
  ) {}

  desk(page = 0): Promise<DeskView> {
    return this.call<DeskView>(`/api/tab/desk?page=${page}`);
  }

  board(): Promise<BoardView> {
    return this.call<BoardView>('/api/tab/board');
  }

  action(verb: string, data: Record<string, unknown>): Promise<ActionAnswer> {
    return this.call<ActionAnswer>('/api/tab/action', { verb, data });
  }

  async mark(kind: 'favourite' | 'viewed', agentId: string, on?: boolean): Promise<void> {
    await this.call<void>(`/api/tab/board/${kind}`, { agentId, ...(on === undefined ? {} : { on }) });
  }

  /** The headers every call sends (the live stream sends them too). */
  async headers(): Promise<Record<string, string>> {
    let credentials: Record<string, string>;
    try {
      credentials = await this.credentials();
    } catch (error) {
      throw new SignInError(String(error));
    }
    return { ...credentials, 'accept-language': this.locale };
  }

  private async call<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(await this.headers()), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
    if (response.status === 401) throw new SignInError('the desk refused the sign-in');
    if (!response.ok) throw new ApiError(response.status);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}

/** What the page needs to know before signing in. */
export async function fetchSetup(): Promise<TabSetup> {
  const response = await fetch('/api/tab/setup', { cache: 'no-store' });
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as TabSetup;
}
