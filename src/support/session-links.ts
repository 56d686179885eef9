import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { SupportSession } from '../engine/session-model.js';

/**
 * Where customers join support sessions (SUP-1): the `/join` page and each
 * session's join link. The base is PUBLIC_URL when set (the address customers
 * reach, behind a load balancer or proxy), else the address the desk listens on.
 */
export class SessionLinks {
  #base: string;
  readonly #fixed: boolean;

  constructor(publicUrl?: string) {
    this.#base = (publicUrl ?? 'http://127.0.0.1:3978').replace(/\/+$/, '');
    this.#fixed = publicUrl !== undefined;
  }

  /** Called once the server listens: without PUBLIC_URL, links name the listening address. */
  listening(host: string, port: number): void {
    if (this.#fixed) return;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.#base = `http://${shown}:${port}`;
  }

  /** The page where a customer types the number and their name. */
  get joinPage(): string {
    return `${this.#base}/join`;
  }

  /** A session's join link: the number and the session's random token, so a link cannot be made from a number alone. */
  joinLink(session: Pick<SupportSession, 'number' | 'token'>): string {
    return `${this.#base}/join?n=${session.number}&t=${encodeURIComponent(session.token)}`;
  }
}

/** What a new session is given at random (the engine has no randomness): its id, number and join token. */
export interface SessionDraw {
  sessionId: string;
  number: string;
  token: string;
}

/** Draws a session id, a 9-digit number (leading zeros allowed) and a 128-bit join token. */
export function drawSession(): SessionDraw {
  return {
    sessionId: randomUUID(),
    number: String(randomInt(0, 1_000_000_000)).padStart(9, '0'),
    token: randomBytes(16).toString('base64url'),
  };
}
