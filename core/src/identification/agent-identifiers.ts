/**
 * An agent's identifiers in the engine's spelling: normalised, but not yet vetted.
 *
 * Vetting — is this value a known placeholder, is it on too many machines — belongs to each run,
 * because the registry and the fleet change between runs. Spelling does not: `{6f9619ff-…}` is
 * `6F9619FF-…` today and next year. So the store keeps this form beside the RMM's raw report
 * (columns of `agents`, written when an agent is stored), and a run over a stored fleet reads
 * it without parsing or normalising anything: the difference between reading a fleet twice,
 * tenant by tenant, and keeping a copy of it in memory.
 *
 * Changing what a normaliser returns therefore changes stored data: it needs a store migration
 * that computes the columns again (as migration 005 first computed them).
 */
import type { AgentIdentity } from '../capabilities/agent.schema.js';
import { normaliseHostname, normaliseMac, normaliseSerial, normaliseUuid } from './identifier-normaliser.js';
import type { ScriptIdentity } from './identity-script.js';
import type { AgentIdentifiers, AgentRef, IdentificationAgent, LinkedAgentIdentifiers } from './model/agent-records.js';
import { overridden, type IdentifierOverride } from './model/identifier-spread.js';

/** Shared by every agent without a MAC: never written to. */
const NO_MACS: string[] = [];

/** What identification compares of an agent, from the hostname and identity its RMM reported. */
export function identifiersOf(hostname: string, identity: AgentIdentity): AgentIdentifiers {
  return {
    host: normaliseHostname(hostname) ?? '',
    uuid: normaliseUuid(identity.smbiosUuid),
    serial: normaliseSerial(identity.serialNumber),
    board: normaliseSerial(identity.boardSerial),
    manufacturer: identity.manufacturer,
    macs: normaliseMacs(identity.macAddresses),
    osInstallDate: identity.osInstallDate,
  };
}

/**
 * What the identity script reported, as an override of the agent's stored identifiers: a field
 * the script answered replaces the RMM's (even when the answer is unusable), MACs only when it
 * listed any.
 */
export function scriptOverride(agent: AgentRef, answer: ScriptIdentity): IdentifierOverride {
  const override: IdentifierOverride = { integrationId: agent.integrationId, agentId: agent.agentId };
  if (answer.smbiosUuid !== undefined) override.uuid = normaliseUuid(answer.smbiosUuid) ?? null;
  if (answer.serialNumber !== undefined) override.serial = normaliseSerial(answer.serialNumber) ?? null;
  if (answer.boardSerial !== undefined) override.board = normaliseSerial(answer.boardSerial) ?? null;
  if (answer.macAddresses.length > 0) override.macs = normaliseMacs(answer.macAddresses);
  return override;
}

/** `agent` with what its identity script reported layered over it (see {@link scriptOverride}), manufacturer and OS install date too. */
export function withScriptAnswer<T extends AgentRef & AgentIdentifiers>(agent: T, answer: ScriptIdentity | undefined): T {
  if (answer === undefined) return agent;
  return {
    ...overridden(agent, scriptOverride(agent, answer)),
    manufacturer: answer.manufacturer ?? agent.manufacturer,
    osInstallDate: answer.osInstallDate ?? agent.osInstallDate,
  };
}

/** An agent handed over with its RMM's report, as identification reads a stored one. */
export function identificationRecord(agent: IdentificationAgent): LinkedAgentIdentifiers {
  return {
    tenantId: agent.tenantId, integrationId: agent.integrationId, agentId: agent.agentId, hostname: agent.hostname,
    online: agent.online, lastSeen: agent.lastSeen, canRunScripts: agent.canRunScripts, ...identifiersOf(agent.hostname, agent.identity),
  };
}

/** The MACs that are 48-bit addresses, normalised, each once, sorted. */
function normaliseMacs(raw: readonly string[] | undefined): string[] {
  let macs = NO_MACS;
  for (const value of raw ?? NO_MACS) {
    const mac = normaliseMac(value);
    if (mac === undefined) continue;
    if (macs === NO_MACS) macs = [mac];
    else if (!macs.includes(mac)) macs.push(mac);
  }
  if (macs.length > 1) macs.sort();
  return macs;
}
