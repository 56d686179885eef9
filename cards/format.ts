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
