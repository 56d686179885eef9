/** Elapsed time as h:mm:ss (ST-3 timer); negative spans (clock skew) show as zero. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * An instant as the Adaptive Cards TIME() function, which Teams shows in the
 * reader's own time zone; it takes RFC 3339 without fractions of a second.
 */
export function cardTime(iso: string): string {
  return `{{TIME(${iso.replace(/\.\d+Z$/, 'Z')})}}`;
}

/** Longest display name a card shows: Entra's own limit; Teams sends longer ones only by mistake, and a card must stay bounded. */
export const MAX_NAME = 256;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
