/**
 * The records that describe an RMM agent: what the RMM says about the machine it runs on.
 * Identity values are passed through as the RMM reports them (trimmed); the identification
 * engine normalises and vets them, because only it knows the known-bad catalogue.
 */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';

/** RMMs report "no value" as a missing key, null or an empty string; all mean "unknown". */
const optionalText = z.preprocess(
  (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
  z.string().trim().max(500).optional(),
);

/** Schema of the hardware identity an RMM reports for one agent; identification matches computers on it. */
export const AgentIdentity = z.object({
  /** SMBIOS system UUID (Win32_ComputerSystemProduct.UUID). */
  smbiosUuid: optionalText,
  /** System (chassis / BIOS) serial number. */
  serialNumber: optionalText,
  /** Baseboard serial number. */
  boardSerial: optionalText,
  manufacturer: optionalText,
  model: optionalText,
  /** MAC addresses of the machine's network adapters, as reported. */
  macAddresses: z.array(z.string().trim().min(1)).default([]),
  /** When the operating system was installed: changes on a wipe, not on an agent reinstall. */
  osInstallDate: IsoInstant.optional(),
});
/** An agent's hardware identity, as validated by the host (see the {@link AgentIdentity} schema). */
export type AgentIdentity = z.infer<typeof AgentIdentity>;
/** What a plugin may return as an identity, before the schema fills defaults. */
export type AgentIdentityInput = z.input<typeof AgentIdentity>;

/** Schema of one RMM agent (a managed endpoint as one RMM sees it), as ListComputers streams them. */
export const RmmAgent = z.object({
  /** The RMM's id for the agent (N-central deviceId, Automate ComputerID). */
  id: RmmId,
  /** The RMM client (as listed by ListClients) the agent belongs to. */
  clientId: RmmId,
  /** The site / location, where the RMM has one. */
  siteId: RmmId.optional(),
  hostname: z.string().trim().min(1).max(255),
  os: z.string().trim().optional(),
  online: z.boolean(),
  lastSeen: IsoInstant.optional(),
  /**
   * The RMM's class or type of device (e.g. N-central's `Laptop - Windows`), where it has one:
   * with the hostname and OS, a change suggests different hardware, so the host reads the
   * agent's identity again.
   */
  deviceClass: z.string().trim().max(255).optional(),
  /**
   * The hardware identity, where the listing carries it cheaply. Leave it out where the RMM
   * charges a request per agent for it: the host then asks GetComputerIdentity only for agents
   * that are new, whose listed hostname, OS or device class changed, or whose identity is due
   * for its rolling refresh, and keeps what it knew for the rest.
   */
  identity: AgentIdentity.optional(),
  /** Whether RunScript can target this agent (e.g. N-central probes cannot). */
  canRunScripts: z.boolean(),
});
/** One RMM agent, as validated by the host (see the {@link RmmAgent} schema). */
export type RmmAgent = z.infer<typeof RmmAgent>;
/** An agent with its hardware identity: as listed, read through GetComputerIdentity, or as last known. */
export type IdentifiedAgent = RmmAgent & { identity: AgentIdentity };
/** What a plugin may yield as an agent, before the schema fills defaults. */
export type RmmAgentInput = z.input<typeof RmmAgent>;
