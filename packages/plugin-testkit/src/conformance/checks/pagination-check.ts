/**
 * Pagination is total: for page sizes fast-check draws between the configured bounds (always
 * including both ends), ListClients and ListComputers return exactly the reference set — no
 * record missing, none twice. Off-by-one paging, a stop on the first short page when the
 * server clamps, or a skipped last page all show up as a shrunk, named page size.
 */
import { thrownMessage } from '@rmm-hub/core';
import fc from 'fast-check';

import { ConformanceFailure, listSome } from '../conformance-failure.js';
import { describeError, invalidRecords, type ConformanceSession } from '../conformance-session.js';
import { duplicates } from './records-check.js';

const CHECK = 'pagination';

/** How one listing differs from the reference ids; empty when identical. */
export function compareIds(what: string, expected: readonly string[], actual: readonly string[]): string[] {
  const want = new Set(expected);
  const got = new Set(actual);
  const missing = [...want].filter((id) => !got.has(id));
  const extra = [...got].filter((id) => !want.has(id));
  const twice = duplicates(actual);
  const out: string[] = [];
  if (missing.length > 0) out.push(`${what} missed ${missing.length} of ${want.size} records (${listSome(missing)})`);
  if (twice.length > 0) out.push(`${what} returned ${twice.length} record(s) twice (${listSome(twice)})`);
  if (extra.length > 0) out.push(`${what} returned ${extra.length} record(s) that the good config's listing lacked — so that one dropped them (${listSome(extra)})`);
  return out;
}

/** Fails unless every drawn page size yields exactly the reference listing. */
export async function checkPagination(session: ConformanceSession<unknown>): Promise<void> {
  const baseline = await session.baseline();
  const clientIds = baseline.clients.map((c) => c.id);
  const agentQuery = session.agentQuery(baseline.clients);
  const agentIds = baseline.agents.map((a) => a.id);
  const { min, max } = session.pageSizes;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min)) {
    throw new ConformanceFailure(CHECK, `pageSizes must be whole numbers with 1 ≤ min ≤ max, got ${min}..${max}`);
  }
  const settings = session.options.fastCheck ?? {};
  const property = fc.asyncProperty(fc.integer({ min, max }), async (pageSize) => {
    await session.withHost(session.options.withPageSize(session.goodConfig, pageSize), `pagination at page size ${pageSize}`, async (host) => {
      const clients = await session.list(host, 'ListClients', `page size ${pageSize}`);
      if (clients.error !== undefined) throw new Error(`ListClients failed: ${describeError(clients.error)}`);
      const agents = await session.list(host, 'ListComputers', `page size ${pageSize}`, { clientIds: agentQuery });
      if (agents.error !== undefined) throw new Error(`ListComputers failed: ${describeError(agents.error)}`);
      const problems = [
        ...compareIds('ListClients', clientIds, clients.records.map((c) => c.id)),
        ...compareIds('ListComputers', agentIds, agents.records.map((a) => a.id)),
        ...invalidRecords(host).map((message) => `invalid record: ${message}`),
      ];
      if (problems.length > 0) throw new Error(problems.join('; '));
    });
  });
  const result = await fc.check(property, {
    numRuns: settings.numRuns ?? 6,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    examples: min === max ? [[min]] : [[min], [max]],
  });
  if (result.failed) {
    const [pageSize] = result.counterexample ?? [];
    const cause = thrownMessage(result.errorInstance);
    throw new ConformanceFailure(
      CHECK,
      `with page size ${String(pageSize)} (compared with the good config's listing): ${cause}. Replay with fastCheck: { seed: ${result.seed} } (path ${result.counterexamplePath ?? '?'}).`,
    );
  }
}
