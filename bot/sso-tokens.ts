/** How long before its `exp` a token stops counting as valid: a call that starts now must not carry a dying token. */
const EXPIRY_MARGIN_MS = 60_000;
/** Lifetime assumed for a token whose expiry cannot be read (opaque tokens without an explicit expiry). */
const UNKNOWN_LIFETIME_MS = 5 * 60_000;

interface Held {
  token: string;
  expiresAt: number;
}

/**
 * The agents' SSO tokens (CON-3), in memory, keyed by Entra object id. Tokens
 * are never logged or returned after their expiry; a restart forgets them
 * and the token service (or the person) signs them in again.
 */
export class SsoTokenStore {
  private readonly held = new Map<string, Held>();

  constructor(private readonly clock: () => Date) {}

  /** Keeps `token` for `agentId` until its JWT `exp` claim; `fallback` is the expiry of a token that is not a JWT. */
  put(agentId: string, token: string, fallback?: Date): void {
    const until = jwtExpiry(token)?.getTime() ?? fallback?.getTime() ?? this.clock().getTime() + UNKNOWN_LIFETIME_MS;
    this.held.set(agentId, { token, expiresAt: until });
  }

  /** The agent's token while it is valid; an expired one is dropped. */
  get(agentId: string): string | undefined {
    const held = this.held.get(agentId);
    if (!held) return undefined;
    if (held.expiresAt - EXPIRY_MARGIN_MS <= this.clock().getTime()) {
      this.held.delete(agentId);
      return undefined;
    }
    return held.token;
  }

  /** Forgets the agent's token (sign-out, or the directory refused it). */
  forget(agentId: string): void {
    this.held.delete(agentId);
  }
}

/**
 * The `exp` claim of a JWT, read without verifying: the token service and the
 * API that receives the token verify it; we only need to know when to stop using it.
 */
export function jwtExpiry(token: string): Date | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
  } catch {
    // Not a JWT (an opaque token): the caller falls back to a short lifetime.
    return undefined;
  }
}
