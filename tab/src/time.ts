export { formatElapsed } from '../../cards/format.ts';

/** A clock of the server's time: the device's clock corrected by how far it was off at the last answer. */
export interface ServerClock {
  now(): number;
}

/** Builds a server clock from the `now` of an answer received just now. */
export function serverClock(serverNow: string): ServerClock {
  const offset = Date.parse(serverNow) - Date.now();
  return { now: () => Date.now() + offset };
}
