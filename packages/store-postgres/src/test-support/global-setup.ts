/**
 * Vitest global setup of the `postgres` project: one server for the whole run, its admin URL
 * handed to the test files (see `testDatabase`), stopped when the run ends.
 */
import type { TestProject } from 'vitest/node';

import { startTestServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  if (process.env['RMM_TEST_PG_TIMING']) process.stderr.write(`postgres test server ready in ${server.startupMs} ms\n`);
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
