import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL the `postgres` test project uses (DATABASE_URL, or a server this setup started). */
    databaseUrl: string;
  }
}

/**
 * Finds the tests' PostgreSQL once per run: $DATABASE_URL (scripts/test-all.sh
 * sets it), else a server on 127.0.0.1:5432, else a throwaway cluster that is
 * removed when the run ends. Each test works in schemas of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer('ensure');
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
