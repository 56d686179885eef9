/** One dependency `/readyz` asks before the desk takes traffic. */
export interface ReadinessCheck {
  /** Named in the 503 answer: `store`, `directory`. */
  name: string;
  /** Resolves when the dependency answers; throws (with the details for the log) when it does not. */
  check(): Promise<void>;
}

/** What `/readyz` found: ready, or the first dependency that did not answer in time. */
export type Readiness = { ready: true } | { ready: false; reason: string; error: unknown };

/** Asks every check at once; a check slower than `timeoutMs` counts as not answering. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = 3000): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), late]);
        return undefined;
      } catch (error) {
        return { name, error };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failed = results.find((result) => result !== undefined);
  return failed ? { ready: false, reason: failed.name, error: failed.error } : { ready: true };
}
