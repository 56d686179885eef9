import { DirectoryUnavailableError } from './directory-port.js';

/** Whose tenant to ask, and the clock that times how long a success is remembered. */
export interface GraphReadinessOptions {
  tenantId: string;
  now?: () => number;
}

const ENTRA = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com/v1.0/';
// Probes come every few seconds; Microsoft need not hear from every one of them once it has answered.
const REMEMBER_OK_MS = 60_000;

/**
 * Readiness of DIRECTORY_SOURCE=graph without any person's token: the tenant's
 * sign-in metadata answers (the on-behalf-of exchange needs it), and Graph
 * answers at all (it refuses an anonymous call with 401, which is an answer).
 * A success is remembered for a minute.
 */
export function graphReadiness(options: GraphReadinessOptions): () => Promise<void> {
  const now = options.now ?? Date.now;
  let okUntil = 0;
  return async () => {
    if (now() < okUntil) return;
    const answers = await Promise.allSettled([
      fetch(`${ENTRA}/${encodeURIComponent(options.tenantId)}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2500) }),
      fetch(GRAPH, { signal: AbortSignal.timeout(2500) }),
    ]);
    // Only the statuses matter: release both bodies before judging, so no socket stays open.
    await Promise.all(answers.map((answer) => (answer.status === 'fulfilled' ? answer.value.body?.cancel() : undefined)));
    const [entra, graph] = answers.map((answer) => {
      if (answer.status === 'rejected') throw new DirectoryUnavailableError(`Microsoft could not be reached (${(answer.reason as Error).message})`);
      return answer.value;
    }) as [Response, Response];
    if (!entra.ok) throw new DirectoryUnavailableError(`Entra sign-in metadata of the tenant answered ${entra.status}`);
    if (graph.status >= 500) throw new DirectoryUnavailableError(`Microsoft Graph answered ${graph.status}`);
    okUntil = now() + REMEMBER_OK_MS;
  };
}
