/** A success or an expected refusal: refusals are values, never throws (STYLE 1). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a success value. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** Wraps a refusal. */
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
