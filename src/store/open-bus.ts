import type { AppConfig } from '../config.js';
import { MemoryBus, type Bus } from './bus.js';
import { PostgresBus } from './postgres-bus.js';

/**
 * The bus between instances for the store STORE names: PostgreSQL's
 * LISTEN/NOTIFY next to a PostgreSQL store, the memory bus for the lowdb file
 * (one process). `onReconnect` hears when messages may have been missed.
 */
export async function openBus(settings: Pick<AppConfig, 'STORE' | 'DATABASE_URL' | 'DATABASE_SCHEMA'>, onReconnect: () => void): Promise<Bus> {
  if (settings.STORE !== 'postgres') return new MemoryBus();
  return PostgresBus.open({ connectionString: settings.DATABASE_URL!, schema: settings.DATABASE_SCHEMA, onReconnect });
}
