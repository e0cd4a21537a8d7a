/**
 * Listings: every record validates against the core schemas (the host skips invalid ones and
 * says so in an `integration:error` event — the check fails on any), ids are unique, every
 * agent belongs to a listed client, and the counts match the fake server's when it can say.
 */
import { RmmAgent, RmmClient } from '@rmm-hub/core';

import { ConformanceFailure, listSome } from '../conformance-failure.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'records';

/** Ids that occur more than once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** Fails unless the reference listing is valid, unique, consistent and complete. */
export async function checkRecords(session: ConformanceSession<unknown>): Promise<void> {
  const baseline = await session.baseline();
  const problems: string[] = [];
  if (baseline.invalid.length > 0) {
    problems.push(`${baseline.invalid.length} invalid record(s) that the host had to skip: ${listSome(baseline.invalid, 3)}`);
  }
  // The host validated what it passed on; validating again guards against a host that did not.
  for (const client of baseline.clients) if (!RmmClient.safeParse(client).success) problems.push(`client ${client.id} does not match RmmClient`);
  for (const agent of baseline.agents) if (!RmmAgent.safeParse(agent).success) problems.push(`agent ${agent.id} does not match RmmAgent`);
  if (baseline.clients.length === 0) problems.push('ListClients returned nothing: the fake server must serve clients for the suite to mean anything');
  if (baseline.agents.length === 0) problems.push('ListComputers returned nothing for all listed clients: the fake server must serve agents');
  const clientDuplicates = duplicates(baseline.clients.map((c) => c.id));
  if (clientDuplicates.length > 0) problems.push(`ListClients returned duplicate ids: ${listSome(clientDuplicates)}`);
  const agentDuplicates = duplicates(baseline.agents.map((a) => a.id));
  if (agentDuplicates.length > 0) problems.push(`ListComputers returned duplicate ids: ${listSome(agentDuplicates)}`);
  const clientIds = new Set(baseline.clients.map((c) => c.id));
  const orphans = baseline.agents.filter((a) => !clientIds.has(a.clientId)).map((a) => `${a.id} (clientId ${a.clientId})`);
  if (orphans.length > 0) problems.push(`agents whose clientId is not a listed client: ${listSome(orphans)}`);
  const expected = session.options.expected?.(session.server);
  if (expected?.clients !== undefined && expected.clients !== baseline.clients.length) {
    problems.push(`ListClients returned ${baseline.clients.length} clients; the server holds ${expected.clients}`);
  }
  if (expected?.computers !== undefined && expected.computers !== baseline.agents.length) {
    problems.push(`ListComputers returned ${baseline.agents.length} agents; the server holds ${expected.computers}`);
  }
  if (problems.length > 0) throw new ConformanceFailure(CHECK, problems.join('\n'));
}
