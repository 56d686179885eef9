import { randomBytes } from 'node:crypto';
import type { Log } from '../log.js';
import type { PlatformSink } from './events.js';
import { EventPoster } from './event-poster.js';
import { createPlatformEndpoint, type PlatformEndpoint } from './platform-route.js';
import type { SimulatedDesk } from './fake-contacts.js';
import type { Simulation } from './simulation.js';
import { ContactSimulator } from './simulator.js';

/** The settings of the platform API and the embedded simulator (from AppConfig). */
export interface PlatformSettings {
  PLATFORM_SECRET?: string | undefined;
  SIMULATOR: 'off' | 'on';
  SIMULATOR_INTERVAL_SECONDS: number;
}

/** The platform side of a desk: the route handler, the simulator when on, and its lifecycle hooks. */
export interface PlatformSetup {
  endpoint: PlatformEndpoint;
  simulator?: ContactSimulator;
  /** Call once the server listens: points the simulator at it and starts it. Returns the port. */
  listening(host: string, port: number): number;
  stop(): void;
}

/** What the platform side needs: where events go, the desk's queues and variables, and the built-in platform's model when it is the platform. */
export interface PlatformDeps {
  sink: PlatformSink;
  desk: SimulatedDesk;
  clock: () => Date;
  log: Log;
  /** The built-in platform (PLATFORM_URL unset): with SIMULATOR=on it also sends the events that follow commands. */
  simulation?: Simulation | undefined;
}

/**
 * Builds the endpoint and, with SIMULATOR=on, a simulator sharing its secret
 * (a throwaway one if none is set): the contact generator, and the built-in
 * platform's follow-up events, both over the same signed HTTP.
 */
export function setUpPlatform(settings: PlatformSettings, deps: PlatformDeps): PlatformSetup {
  const simulated = settings.SIMULATOR === 'on';
  // Nobody else needs to know an embedded simulator's secret, so it lives only in this process.
  const secret = settings.PLATFORM_SECRET ?? (simulated ? randomBytes(32).toString('base64url') : undefined);
  const endpoint = createPlatformEndpoint({ secret, sink: deps.sink, clock: deps.clock, log: deps.log });
  if (!simulated || !secret) return { endpoint, listening: (_host, port) => port, stop: () => {} };

  let url = '';
  const poster = new EventPoster({ secret, endpoint: () => url, clock: deps.clock, log: deps.log });
  const simulator = new ContactSimulator({
    secret,
    endpoint: () => url,
    desk: deps.desk,
    intervalSeconds: settings.SIMULATOR_INTERVAL_SECONDS,
    clock: deps.clock,
    log: deps.log,
    poster,
    ...(deps.simulation ? { simulation: deps.simulation } : {}),
  });
  return {
    endpoint,
    simulator,
    listening(host, port) {
      url = `http://${loopback(host)}:${port}/api/platform/events`;
      deps.simulation?.connect(poster);
      simulator.start();
      deps.log.info('simulator.on', {
        intervalSeconds: settings.SIMULATOR_INTERVAL_SECONDS,
        secret: settings.PLATFORM_SECRET ? 'PLATFORM_SECRET' : 'ephemeral',
      });
      return port;
    },
    stop: () => {
      deps.simulation?.stop();
      simulator.stop();
    },
  };
}

// A wildcard listen address is not something to connect to; its loopback is.
function loopback(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
