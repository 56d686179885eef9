import { MAX_SPEAKERS } from '../engine/session-model.js';

/** A support session's voice call as the built-in platform carries it (VC-1..VC-3). */
export interface SimVoiceCall {
  /** Who is connected to the call. */
  readonly inCall: Set<string>;
  /** Who may speak: at most MAX_SPEAKERS (VC-2); everyone else in the call is muted. */
  speakers: string[];
}

/** A support session as the built-in platform knows it: its voice call and running activities. */
export interface SimSession {
  id: string;
  voice?: SimVoiceCall;
  /** Running activities by kind, with the customer each serves (SUP-2, SUP-3). */
  readonly activities: Map<string, string>;
}

/**
 * The built-in platform's support sessions (PLAT-1): what it carries out for
 * them, so a refused command (a second voice call, a mic to three) is refused
 * here as a real platform would. A session first heard of in a command is
 * taken in as that command implies (the platform may have restarted).
 */
export class SimulatedSessions {
  readonly #sessions = new Map<string, SimSession>();

  /** The session as the platform has it, taken in when never heard of. */
  get(id: string): SimSession {
    let session = this.#sessions.get(id);
    if (!session) {
      session = { id, activities: new Map() };
      this.#sessions.set(id, session);
    }
    return session;
  }

  /** The session if the platform heard of it (for tests and the simulator's view). */
  find(id: string): Readonly<SimSession> | undefined {
    return this.#sessions.get(id);
  }

  /** Forgets a session with nothing left running, so a long-lived platform does not grow without bound. */
  settle(id: string): void {
    const session = this.#sessions.get(id);
    if (session && !session.voice && session.activities.size === 0) this.#sessions.delete(id);
  }
}

/** The most speakers the platform lets talk at once in one voice call (VC-2). */
export const SIM_MAX_SPEAKERS = MAX_SPEAKERS;
