/**
 * The tenant-linking engine: a pure function from the clients of every integration, the
 * tenants, the stored links, the active decisions and device-overlap evidence to the links
 * that should exist, the suggestions to review, the unlinked clients and warnings.
 *
 * Order of work: decisions first (a person's word is final: keep-separate, link, unlink,
 * reject), then stored links that are still valid are kept as they are (so a re-run with
 * nothing changed changes nothing, and an auto-link does not flap when a name drifts), then
 * the remaining linkable clients are blocked, scored and assigned (see assignment.ts).
 *
 * A client whose best tenant has nothing but the name for it is not auto-linked when another
 * candidate's name contains all its words ("Nguyen & Okafor" beside "Nguyen & Okafor Traders"):
 * RMM names are often cut short, so that is a tie for a person to break.
 *
 * The MSP rule: if `requireMspLink` (default), auto-linking runs only once at least one
 * tenant marked `isMsp` has a link from a person's `link` decision, in any integration.
 * Until then a warning says so and every would-be auto-link is a suggestion marked `heldBack`.
 * The MSP's tenant itself is never auto-linked, only suggested.
 *
 * Determinism: inputs are de-duplicated and sorted by stable keys (integration, client id,
 * tenant id) before any work, ties are broken by id, and every float sum runs in an order
 * fixed by those keys, so shuffling the input changes nothing.
 */
import type { LinkReason } from './model/link-records.js';
import { assign, type AssignmentEntry } from './assignment.js';
import { TenantIndex } from './blocking.js';
import { clientKey, resolveDecisions } from './decisions.js';
import { LinkingConfig } from './linking.config.js';
import type {
  ClientRef,
  ExistingLink,
  LinkingClient,
  LinkingInput,
  LinkingResult,
  LinkingTenant,
  LinkOutcome,
  LinkWarning,
  RemovedLink,
  ScoredPair,
  UnlinkedClient,
} from './linking.types.js';
import { normaliseName } from './name-normaliser.js';
import { lastPair, preparedNameSimilarity, scoreCandidate, TokenTable, type ScoringParty } from './pair-scorer.js';
import { scoreWithName, type OverlapEvidence, type PartyFeatures } from './scorer.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byClient = (a: ClientRef, b: ClientRef): number => byString(a.integrationId, b.integrationId) || byString(a.clientId, b.clientId);

function domainsOf(list: readonly string[] | undefined): string[] {
  return [...new Set((list ?? []).map((d) => d.trim().toLowerCase()).filter((d) => d !== ''))].sort();
}

function clientFeatures(c: LinkingClient): PartyFeatures {
  const psa = c.hints?.psaCompanyId?.trim();
  const externalIds = [...new Set(Object.values(c.hints?.externalIds ?? {}).map((v) => v.trim()))].filter((v) => v !== '').sort();
  return { name: normaliseName(c.name), psaCompanyId: psa === '' ? undefined : psa, domains: domainsOf(c.hints?.domains), externalIds };
}

function tenantFeatures(t: LinkingTenant): PartyFeatures {
  const psa = t.psaCompanyId?.trim();
  return { name: normaliseName(t.name), psaCompanyId: psa === '' ? undefined : psa, domains: domainsOf(t.domains), externalIds: [] };
}

function uniqueSorted<T>(items: readonly T[], key: (t: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const seen = map.get(k);
    // Duplicates should not happen; when they do, keep a fixed one so order cannot matter.
    if (!seen || JSON.stringify(item) < JSON.stringify(seen)) map.set(k, item);
  }
  return [...map.entries()].sort(([a], [b]) => byString(a, b)).map(([, v]) => v);
}

function sameLink(a: ExistingLink, b: LinkOutcome): boolean {
  return (
    a.tenantId === b.tenantId &&
    a.source === b.source &&
    a.score === b.score &&
    JSON.stringify(a.reasons ?? []) === JSON.stringify(b.reasons)
  );
}

/** Whether `longer` has more tokens than `shorter` and every token of it. */
function containsAll(longer: readonly string[], shorter: readonly string[]): boolean {
  return longer.length > shorter.length && shorter.every((t) => longer.includes(t));
}

/** Runs the engine; see the module comment. Pure and order-independent. */
export function suggestLinks(input: LinkingInput): LinkingResult {
  const config = LinkingConfig.parse(input.config ?? {});
  const tenants = uniqueSorted(input.tenants, (t) => t.id);
  const tenantPos = new Map(tenants.map((t, i) => [t.id, i]));
  const clients = uniqueSorted(input.clients, (c) => clientKey({ integrationId: c.integrationId, clientId: c.id }));
  const existing = new Map(uniqueSorted(input.links ?? [], clientKey).map((l) => [clientKey(l), l]));
  const stances = resolveDecisions(uniqueSorted(input.decisions ?? [], (d) => d.id));
  const mspTenantIds = new Set(tenants.filter((t) => t.isMsp).map((t) => t.id));
  const warnings: LinkWarning[] = [];

  const links: LinkOutcome[] = [];
  const removed: RemovedLink[] = [];
  const keptSeparate: ClientRef[] = [];
  const clientByKey = new Map(clients.map((c) => [clientKey({ integrationId: c.integrationId, clientId: c.id }), c]));
  const keys = [...new Set([...clientByKey.keys(), ...existing.keys(), ...stances.keys()])].sort(byString);
  const pool: LinkingClient[] = [];

  for (const key of keys) {
    const client = clientByKey.get(key);
    const link = existing.get(key);
    const stance = stances.get(key);
    const decision = stance?.stance;
    const ref: ClientRef = client ? { integrationId: client.integrationId, clientId: client.id } : (link ?? (decision as ClientRef));
    const remove = (cause: RemovedLink['cause'], detail: string): void => {
      if (link) removed.push({ integrationId: link.integrationId, clientId: link.clientId, tenantId: link.tenantId, cause, detail });
    };
    if (decision?.kind === 'keep-separate') {
      remove('decision', `kept separate by ${decision.actor} (decision ${decision.id})`);
      keptSeparate.push({ integrationId: ref.integrationId, clientId: ref.clientId });
      continue;
    }
    if (decision?.kind === 'link' && decision.tenantId !== undefined) {
      if (tenantPos.has(decision.tenantId)) {
        const reasons: LinkReason[] = [{ kind: 'decision', detail: `linked by ${decision.actor} at ${decision.decidedAt} (decision ${decision.id})` }];
        if (link && link.tenantId !== decision.tenantId) remove('decision', `relinked by ${decision.actor} (decision ${decision.id})`);
        links.push({ ...ref, tenantId: decision.tenantId, source: 'manual', reasons, origin: 'decision' });
        continue;
      }
      warnings.push({
        code: 'decision-unknown-tenant',
        message: `Decision ${decision.id} links ${ref.integrationId}/${ref.clientId} to tenant ${decision.tenantId}, which does not exist.`,
        hint: 'Revoke the decision, or link the client to an existing tenant.',
      });
    }
    if (link) {
      if (link.source === 'manual') remove('manual-without-decision', 'no active link decision backs this manual link (it was revoked)');
      else if (!tenantPos.has(link.tenantId)) remove('tenant-missing', `tenant ${link.tenantId} no longer exists`);
      else if (stance?.rejected.has(link.tenantId)) remove('decision', 'a person unlinked or rejected this pair');
      else {
        links.push({ ...ref, tenantId: link.tenantId, source: 'auto', score: link.score, reasons: [...(link.reasons ?? [])], origin: 'kept' });
        continue;
      }
    }
    if (client && !client.goneAt && config.linkableKinds.includes(client.kind)) pool.push(client);
  }

  const mspLinked = links.some((l) => l.origin === 'decision' && mspTenantIds.has(l.tenantId));
  if (mspTenantIds.size === 0) {
    warnings.push({
      code: 'msp-tenant-missing',
      message: "No tenant is marked as the MSP's own.",
      hint: config.requireMspLink
        ? "Mark the MSP's tenant (isMsp) and link its RMM client by hand; auto-linking waits until then."
        : undefined,
    });
  } else if (!mspLinked) {
    warnings.push({
      code: 'msp-tenant-unlinked',
      message: "The MSP's own tenant is not linked to any RMM client yet.",
      hint: config.requireMspLink
        ? `Link it by hand first (rmm-hub links accept <integration> <client> ${[...mspTenantIds][0]}); auto-linking waits until then.`
        : undefined,
    });
  }
  const autoLinking = !config.requireMspLink || mspLinked;

  const taken = new Map<string, Set<string>>();
  for (const l of links) {
    const set = taken.get(l.integrationId) ?? new Set<string>();
    set.add(l.tenantId);
    taken.set(l.integrationId, set);
  }

  const tenantFeats = tenants.map(tenantFeatures);
  const index = new TenantIndex(tenantFeats, config);
  // Token ids and weights of every side once per run, for the hot scoring loop (pair-scorer.ts).
  const table = new TokenTable();
  const tenantParties = tenantFeats.map((f) => table.party(f, index.weightOf));
  const overlapByClient = new Map<string, Map<number, number>>();
  for (const o of input.deviceOverlap ?? []) {
    const pos = tenantPos.get(o.tenantId);
    if (pos === undefined || !(o.agents > 0)) continue;
    const key = clientKey(o);
    const m = overlapByClient.get(key) ?? new Map<number, number>();
    m.set(pos, Math.max(m.get(pos) ?? 0, o.agents));
    overlapByClient.set(key, m);
  }

  // The tenant-side margin needs, per integration and tenant, the two best client scores over
  // every scored pair: kept in flat typed arrays (integration number × tenant position) while
  // scoring, so only the few pairs that can be reported become objects.
  const integrationNo = new Map<string, number>();
  for (const c of pool) if (!integrationNo.has(c.integrationId)) integrationNo.set(c.integrationId, integrationNo.size);
  const tenantTop = new Float64Array(integrationNo.size * tenants.length).fill(-1);
  const tenantSecond = new Float64Array(integrationNo.size * tenants.length).fill(-1);
  const tenantTopTwo = (integrationId: string, tenantId: string): readonly [number, number] => {
    const no = integrationNo.get(integrationId);
    const pos = tenantPos.get(tenantId);
    if (no === undefined || pos === undefined) return [-1, -1];
    const k = no * tenants.length + pos;
    return [tenantTop[k] as number, tenantSecond[k] as number];
  };
  // Assignment reads the best two candidates and reports up to maxSuggestions.
  const leading = Math.max(2, config.maxSuggestions);

  let candidatePairs = 0;
  const entries: AssignmentEntry[] = pool.map((client) => {
    const ref = { integrationId: client.integrationId, clientId: client.id };
    const key = clientKey(ref);
    const stance = stances.get(key);
    const feats = clientFeatures(client);
    const party = table.party(feats, index.weightOf);
    const overlap = overlapByClient.get(key);
    const totalIdentified = overlap ? [...overlap.keys()].sort((a, b) => a - b).reduce((s, k) => s + (overlap.get(k) ?? 0), 0) : 0;
    const evidenceOf = (pos: number): OverlapEvidence | undefined => {
      const agents = overlap?.get(pos);
      return agents === undefined ? undefined : { agents, totalIdentified };
    };
    const base = (integrationNo.get(client.integrationId) as number) * tenants.length;
    // Scored pairs as parallel arrays (tenant position, score, evidence beyond the name).
    const positions: number[] = [];
    const scores: number[] = [];
    const evidence: boolean[] = [];
    for (const pos of index.candidates(feats, overlap?.keys() ?? [])) {
      if (stance?.rejected.has((tenants[pos] as LinkingTenant).id)) continue;
      const score = scoreCandidate(party, tenantParties[pos] as ScoringParty, table, config, evidenceOf(pos));
      candidatePairs++;
      if (score <= 0) continue;
      positions.push(pos);
      scores.push(score);
      evidence.push(lastPair.evidence);
      const k = base + pos;
      if (score > (tenantTop[k] as number)) {
        tenantSecond[k] = tenantTop[k] as number;
        tenantTop[k] = score;
      } else if (score > (tenantSecond[k] as number)) tenantSecond[k] = score;
    }
    const order = positions.map((_, k) => k);
    order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || (positions[a] as number) - (positions[b] as number));
    // Only the pairs that can be reported are explained.
    const candidates: ScoredPair[] = [];
    for (let rank = 0; rank < order.length && rank < leading; rank++) {
      const k = order[rank] as number;
      const pos = positions[k] as number;
      candidates.push({
        integrationId: ref.integrationId,
        clientId: ref.clientId,
        tenantId: (tenants[pos] as LinkingTenant).id,
        score: scores[k] as number,
        reasons:
          rank < config.maxSuggestions
            ? scoreWithName(feats, tenantFeats[pos] as PartyFeatures, preparedNameSimilarity(party, tenantParties[pos] as ScoringParty, table), config, evidenceOf(pos)).reasons
            : [],
      });
    }
    let hold = stance?.noAuto ? 'the client was unlinked by a person; it is only suggested until that decision is revoked' : undefined;
    const best = order[0];
    if (hold === undefined && best !== undefined && !evidence[best]) {
      // "Nguyen & Okafor" may be the tenant of that name or "Nguyen & Okafor Traders" cut short:
      // with nothing but the name to go on, a longer candidate containing every token is a tie.
      const longer = order.find(
        (k) =>
          k !== best &&
          (scores[k] as number) >= config.reviewThreshold &&
          containsAll((tenantFeats[positions[k] as number] as PartyFeatures).name.tokens, feats.name.tokens),
      );
      if (longer !== undefined) hold = `the name is also contained in "${(tenants[positions[longer] as number] as LinkingTenant).name}", and nothing but the name tells them apart`;
    }
    return { ...ref, candidates, ...(hold === undefined ? {} : { hold }) };
  });

  const { auto, suggestions } = assign(entries, { config, autoLinking, mspTenantIds, taken, tenantTopTwo });
  const autoKeys = new Set(auto.map(clientKey));
  for (const a of auto) links.push({ ...a, source: 'auto', origin: 'engine' });
  links.sort(byClient);

  const suggestionCount = new Map<string, number>();
  for (const s of suggestions) suggestionCount.set(clientKey(s), (suggestionCount.get(clientKey(s)) ?? 0) + 1);
  const unlinked: UnlinkedClient[] = pool
    .filter((c) => !autoKeys.has(clientKey({ integrationId: c.integrationId, clientId: c.id })))
    .map((c) => ({
      integrationId: c.integrationId,
      clientId: c.id,
      name: c.name,
      kind: c.kind,
      suggestions: suggestionCount.get(clientKey({ integrationId: c.integrationId, clientId: c.id })) ?? 0,
    }));

  const changed = links.filter((l) => {
    const before = existing.get(clientKey(l));
    return !before || !sameLink(before, l);
  });
  return {
    links,
    changed,
    removed: removed.sort(byClient),
    suggestions,
    unlinked,
    keptSeparate,
    warnings,
    autoLinking,
    stats: {
      clients: clients.length,
      tenants: tenants.length,
      candidatePairs,
      autoLinked: auto.length,
      suggested: new Set(suggestions.map(clientKey)).size,
      unlinked: unlinked.length,
    },
  };
}
