import type { AppConfig } from '../config.js';
import { LowdbStore } from './lowdb-store.js';
import { PostgresStore } from './postgres-store.js';
import type { StorePort } from './store-port.js';

/** The settings that choose and reach the store. */
export type StoreSettings = Pick<AppConfig, 'STORE' | 'DATA_FILE' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE'>;

/** Opens the store STORE names: the lowdb file (embedded default) or PostgreSQL, migrated to the current schema. */
export async function openStore(settings: StoreSettings): Promise<StorePort> {
  if (settings.STORE === 'lowdb') return LowdbStore.open(settings.DATA_FILE);
  // The settings check made DATABASE_URL required with STORE=postgres.
  return PostgresStore.open({ connectionString: settings.DATABASE_URL!, schema: settings.DATABASE_SCHEMA, poolSize: settings.DATABASE_POOL_SIZE });
}
