import type { ClientConfig } from 'pg';
import { StoreUnavailableError } from './store-port.js';

/** Where the desk's PostgreSQL is and how much of it one instance may use. */
export interface PostgresOptions {
  /** `postgresql://user:password@host:5432/database` (DATABASE_URL). */
  connectionString: string;
  /** The schema holding the desk's tables (default `public`); created when missing. */
  schema?: string;
  /** Connections of the store's pool (DATABASE_POOL_SIZE, default 10). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** SQLSTATE classes that say the server or the connection is not there, not that the statement is wrong. */
const UNAVAILABLE_CLASSES = new Set(['08', '28', '3D', '53', '57', '58', 'XX']);
/** A read-only transaction: the server is a standby, for example during a failover. */
const READ_ONLY = '25006';

/** The schema name, checked: it is written into SQL, so only plain lower-case identifiers pass. */
export function schemaName(schema = 'public'): string {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`PostgreSQL schema ${JSON.stringify(schema)}: use lower-case letters, digits and _ (at most 63)`);
  return schema;
}

/** Whether a string is a PostgreSQL connection URL (postgres:// or postgresql://). */
export function isPostgresUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'postgresql:' || url.protocol === 'postgres:';
  } catch {
    return false;
  }
}

/** The server a connection string names, for messages: host, port and database, never the user or password. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    return `PostgreSQL ${host}:${url.port || '5432'}/${database}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a URL)';
  }
}

/**
 * Connection settings every desk connection shares: a bounded wait for a
 * connection and for an answer (a dead network must fail a turn, not hang it),
 * TCP keep-alive so a dropped connection is noticed, and a name in pg_stat_activity.
 */
export function clientConfig(connectionString: string, applicationName: string): ClientConfig {
  return {
    connectionString,
    application_name: applicationName,
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * Turns a failure of the connection or the server into StoreUnavailableError
 * (one line naming the server, never the password); any other error, such as a
 * statement PostgreSQL refused, is a defect and is returned as it is.
 */
export function storeError(error: unknown, connectionString: string): unknown {
  if (!(error instanceof Error) || error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (sqlState && !UNAVAILABLE_CLASSES.has(sqlState.slice(0, 2)) && sqlState !== READ_ONLY) return error;
  // Without a SQLSTATE it is the socket, DNS, TLS or the driver's own connection handling.
  const reason = (error.message || String(code ?? error.name)).split('\n')[0]!;
  const shown = `${reason}${sqlState ? ` (SQLSTATE ${sqlState})` : typeof code === 'string' && !reason.includes(code) ? ` (${code})` : ''}`;
  return new StoreUnavailableError(`${describeTarget(connectionString)}: ${withoutPassword(shown, connectionString)}`, { cause: error });
}

/** Removes the connection string's password from a message, should a driver ever echo it. */
function withoutPassword(message: string, connectionString: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(connectionString).password);
  } catch {
    return message;
  }
  return password.length >= 3 ? message.split(password).join('***') : message;
}

/**
 * Waits for connections to end, at most `ms`: ending one sends a goodbye and
 * waits for the server's, which never comes over a network that went away, and
 * a desk that is stopping must not hang on it.
 */
export async function endWithin(ending: Promise<unknown>, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ending.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
