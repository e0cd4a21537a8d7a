/**
 * Client grouping (optional: N-central sites under customers, Automate locations under clients).
 * A plugin offers it by listing each site or location as a client of kind `site` or `location`
 * whose `parentId` is a listed client, and by giving its agents that group as `siteId`: a person
 * can then link the group to a tenant of its own, and its agents follow that link before their
 * client's. So: every group's parent is a listed client that is not itself a group; every agent's
 * `siteId` is a listed group of the agent's own client; and listing a group's computers yields
 * exactly its agents. A plugin that lists no groups passes only if no agent names one.
 */
import { ConformanceFailure, listSome } from '../conformance-failure.js';
import { describeError, type ConformanceSession } from '../conformance-session.js';

const CHECK = 'client-groups';
const GROUP_KINDS = new Set(['site', 'location']);

export async function checkClientGroups(session: ConformanceSession<unknown>): Promise<void> {
  const { clients, agents } = await session.baseline();
  const byId = new Map(clients.map((c) => [c.id, c]));
  const groups = clients.filter((c) => GROUP_KINDS.has(c.kind));
  const problems: string[] = [];
  const orphanGroups = groups.filter((g) => {
    const parent = g.parentId === undefined ? undefined : byId.get(g.parentId);
    return parent === undefined || GROUP_KINDS.has(parent.kind);
  });
  if (orphanGroups.length > 0) problems.push(`${orphanGroups[0]?.kind ?? 'group'}s whose parentId is not a listed client: ${listSome(orphanGroups.map((g) => `${g.id} (parentId ${g.parentId ?? 'none'})`))}`);
  const misplaced = agents.filter((a) => {
    if (a.siteId === undefined) return false;
    const group = byId.get(a.siteId);
    return group === undefined || !GROUP_KINDS.has(group.kind) || group.parentId !== a.clientId;
  });
  if (misplaced.length > 0) {
    problems.push(`agents whose siteId is not a listed site or location of their client (a link to it could not reach them): ${listSome(misplaced.map((a) => `${a.id} (clientId ${a.clientId}, siteId ${a.siteId ?? ''})`))}`);
  }
  // A group with agents, listed on its own: exactly the agents the baseline put in it.
  const group = groups.find((g) => agents.some((a) => a.siteId === g.id));
  if (group !== undefined && problems.length === 0) {
    await session.withHost(session.goodConfig, 'client-groups', async (host) => {
      const listed = await session.list(host, 'ListComputers', `the agents of ${group.kind} ${group.id}`, { clientIds: [group.id] });
      if (listed.error !== undefined) throw new ConformanceFailure(CHECK, `ListComputers for ${group.kind} ${group.id} threw: ${describeError(listed.error)}`);
      const want = agents.filter((a) => a.siteId === group.id).map((a) => a.id).sort();
      const got = listed.records.map((a) => a.id).sort();
      if (want.join() !== got.join()) problems.push(`ListComputers for ${group.kind} ${group.id} returned [${listSome(got)}]; the full listing puts [${listSome(want)}] in it`);
      const outside = listed.records.filter((a) => a.siteId !== group.id);
      if (outside.length > 0) problems.push(`ListComputers for ${group.kind} ${group.id} returned agents of another siteId: ${listSome(outside.map((a) => a.id))}`);
    });
  }
  if (problems.length > 0) throw new ConformanceFailure(CHECK, problems.join('\n'));
}
