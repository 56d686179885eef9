import { randomBytes } from 'node:crypto';
import type { Log } from '../log.js';
import { HttpCommander, type PlatformCommander } from './command-client.js';
import type { WireCommand } from './commands.js';
import { SimulatedPlatform, type CommandApplier } from './simulated-platform.js';

/** The settings of the commands out (PLAT-1), from AppConfig. */
export interface CommandSettings {
  PLATFORM_URL?: string | undefined;
  PLATFORM_COMMAND_SECRET?: string | undefined;
}

/** Where commands go: a real platform at PLATFORM_URL, or the built-in simulated platform on its own loopback port. */
export interface CommandSetup {
  commander: PlatformCommander;
  /** The built-in platform, when PLATFORM_URL is unset. */
  simulated?: SimulatedPlatform;
  stop(): Promise<void>;
}

/** Accepts every command: the simulated platform's answer until a model of its contacts is given. */
export const ACCEPT_ALL: CommandApplier = () => ({ ok: true });

/**
 * Sets up the commands out. Without PLATFORM_URL the built-in simulator is the
 * platform: it listens on loopback and the desk signs its commands with
 * PLATFORM_COMMAND_SECRET or, when that is unset, a secret that lives only in
 * this process. The same signed HTTP either way, never an in-process shortcut.
 */
export async function setUpCommands(settings: CommandSettings, deps: { clock: () => Date; log: Log; apply?: CommandApplier }): Promise<CommandSetup> {
  if (settings.PLATFORM_URL) {
    const url = settings.PLATFORM_URL;
    const commander = new HttpCommander({ url: () => url, secret: settings.PLATFORM_COMMAND_SECRET!, clock: deps.clock });
    return { commander, stop: async () => commander.close() };
  }
  const secret = settings.PLATFORM_COMMAND_SECRET ?? randomBytes(32).toString('base64url');
  const simulated = new SimulatedPlatform({ secret, clock: deps.clock, log: deps.log, apply: deps.apply ?? ACCEPT_ALL });
  const url = await simulated.start();
  const commander = new HttpCommander({ url: () => url, secret, clock: deps.clock });
  return {
    commander,
    simulated,
    stop: async () => {
      commander.close();
      await simulated.stop();
    },
  };
}

/** The outbox lane that sends told commands (PLAT-4), together when a round has several: a refusal is final (retrying cannot change it), silence is tried again. */
export function commandLane(commander: PlatformCommander, timeoutMs: number, log: Log) {
  return {
    async deliver(item: { payload: unknown }) {
      const command = item.payload as WireCommand;
      const outcome = await commander.tell(command, timeoutMs);
      if (outcome.ok) return { ok: true as const };
      if (outcome.kind === 'refused') {
        log.warn('platform.commandRefused', { commandId: command.id, type: command.type, code: outcome.code });
        return { ok: false as const, error: `refused: ${outcome.code}`, final: true };
      }
      return { ok: false as const, error: outcome.kind === 'timeout' ? 'timeout' : outcome.message };
    },
  };
}
