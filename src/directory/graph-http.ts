/**
 * One HTTP call to Microsoft Entra or Graph with the throttling rules both
 * publish: 429 (and 503/504) carry Retry-After in seconds; we wait that long a
 * bounded number of times, then give up with DirectoryUnavailableError.
 */
import { DirectoryUnavailableError } from './directory-port.js';

/** Waits `ms` milliseconds; injected so tests do not sleep. */
export type Sleep = (ms: number) => Promise<void>;

/** How patient a caller is with throttling. */
export interface RetryPolicy {
  sleep: Sleep;
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the agent would have given up (default 10 s). */
  maxWaitMs: number;
}

/** The default retry policy: real sleeps, 3 retries, at most 10 s per wait. */
export const DEFAULT_RETRY: RetryPolicy = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  maxRetries: 3,
  maxWaitMs: 10_000,
};

const RETRIABLE = new Set([429, 503, 504]);
// Graph sometimes throttles without Retry-After; its guidance is then to back off briefly.
const DEFAULT_WAIT_MS = 1000;

/**
 * fetch, retried on throttling; returns the final response (any status but
 * the retriable ones). Network failures and exhausted retries throw
 * DirectoryUnavailableError naming `what`.
 */
export async function fetchWithRetry(what: string, url: string, init: RequestInit, policy: RetryPolicy): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new DirectoryUnavailableError(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!RETRIABLE.has(response.status)) return response;
    await response.body?.cancel();
    const waitMs = retryAfterMs(response.headers.get('retry-after'));
    if (attempt >= policy.maxRetries || waitMs > policy.maxWaitMs) {
      throw new DirectoryUnavailableError(`${what}: HTTP ${response.status} after ${attempt + 1} attempts`);
    }
    await policy.sleep(waitMs);
  }
}

/** Retry-After as milliseconds: seconds, or an HTTP date; absent or unreadable gives a short default. */
export function retryAfterMs(header: string | null): number {
  if (header === null || header.trim() === '') return DEFAULT_WAIT_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_WAIT_MS : Math.max(0, date - Date.now());
}

/** The response body as JSON, or DirectoryUnavailableError when it is not. */
export async function jsonBody(what: string, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new DirectoryUnavailableError(`${what}: HTTP ${response.status} with a body that is not JSON`);
  }
}
