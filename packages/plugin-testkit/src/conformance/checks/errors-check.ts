/**
 * Every error is a catalogue error. The check provokes the failures every plugin meets — bad
 * credentials on each capability, a script for an agent that does not exist, agents of a client
 * that does not exist — and then inspects every error the whole run has collected: each must
 * carry a catalogue code from the plugin (the host turns anything else into
 * RMM_ERR_PLUGIN_CRASH). Rejected credentials must read RMM_ERR_AUTH, with a hint.
 */
import { describeThrown, ErrorCodes, IntegrationError, isRmmError } from '@rmm-hub/core';

import { ConformanceFailure, listSome } from '../conformance-failure.js';
import { describeError, type ConformanceSession } from '../conformance-session.js';

const CHECK = 'errors';
const MISSING_ID = '987654321987';

/** Fails unless every error produced so far (and by the provocations) is a hinted catalogue error. */
export async function checkErrors(session: ConformanceSession<unknown>): Promise<void> {
  await provoke(session);
  const problems: string[] = [];
  for (const artefact of session.artefacts()) {
    if (artefact.kind !== 'error' || !(artefact.value instanceof Error || isRmmError(artefact.value))) continue;
    const error = artefact.value;
    if (!isRmmError(error)) problems.push(`${artefact.source}: ${describeError(error)} reached the caller outside the catalogue`);
    else if (error instanceof IntegrationError && error.pluginCode === undefined) {
      problems.push(`${artefact.source}: the plugin threw ${describeThrown(error.cause)} — not a catalogue error, so callers get ${error.code}. Throw AuthError, NotFoundError, TransientError, … (the HTTP toolkit maps HTTP failures for you).`);
    }
  }
  if (problems.length > 0) throw new ConformanceFailure(CHECK, [...new Set(problems)].join('\n'));
}

async function provoke(session: ConformanceSession<unknown>): Promise<void> {
  const problems: string[] = [];
  const bad = session.options.badCredentials(session.goodConfig, session.server);
  await session.withHost(bad, 'bad credentials', async (host) => {
    const clients = await session.list(host, 'ListClients', 'bad credentials');
    if (clients.error === undefined) problems.push(`ListClients with bad credentials returned ${clients.records.length} records instead of failing`);
    else problems.push(...authProblems('ListClients', clients.error));
    const agents = await session.list(host, 'ListComputers', 'bad credentials', { clientIds: [MISSING_ID] });
    if (agents.error !== undefined) problems.push(...authProblems('ListComputers', agents.error));
    if (session.declares('RunScript')) {
      const run = await session.call(host, 'RunScript', 'bad credentials', { agentId: MISSING_ID, language: 'powershell', body: 'Write-Output 1', timeoutMs: 10_000 });
      if (run.error !== undefined) problems.push(...authProblems('RunScript', run.error));
    }
  });
  await session.withHost(session.goodConfig, 'missing things', async (host) => {
    await session.list(host, 'ListComputers', 'a client that does not exist', { clientIds: [MISSING_ID] });
    if (session.declares('RunScript')) {
      await session.call(host, 'RunScript', 'an agent that does not exist', { agentId: MISSING_ID, language: 'powershell', body: 'Write-Output 1', timeoutMs: 10_000 });
    }
  });
  if (problems.length > 0) throw new ConformanceFailure(CHECK, listSome(problems, 10));
}

/** What is wrong with the error a capability raised on bad credentials. */
function authProblems(capability: string, error: unknown): string[] {
  if (!isRmmError(error) || (error instanceof IntegrationError && error.pluginCode === undefined)) return []; // reported by the catalogue scan
  if (error.code !== ErrorCodes.auth) return [`${capability} with bad credentials failed with ${error.code} instead of ${ErrorCodes.auth} (${error.message})`];
  if (!error.hint?.trim()) return [`${capability} with bad credentials raised ${ErrorCodes.auth} without a hint: say which credential to fix`];
  return [];
}
