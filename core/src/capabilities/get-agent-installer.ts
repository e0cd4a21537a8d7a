/**
 * GetAgentInstaller (optional) — what it takes to install the RMM's agent on a machine, for one
 * client: a download URL, or a registration token the installer is given, with its expiry and
 * instructions for a person. The host calls it when a computer known to one RMM lacks another's
 * agent; it audits each installer issued (never the token itself).
 */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';
import { ScriptLanguage } from './run-script.js';
import { capabilityToken } from './token.js';

/** Schema of the operating systems an agent installer can be asked for. */
export const AgentPlatform = z.enum(['windows', 'macos', 'linux']);
/** An agent installer's target: `windows`, `macos` or `linux`. */
export type AgentPlatform = z.infer<typeof AgentPlatform>;

/** Schema of a request for an installer: the client the new agent joins and its platform. */
export const AgentInstallerRequest = z.object({
  /** The RMM client (as listed by ListClients, a site or location included) the agent joins. */
  clientId: RmmId,
  platform: AgentPlatform,
});
/** A request for an agent installer, as the host hands it to the plugin. */
export type AgentInstallerRequest = z.infer<typeof AgentInstallerRequest>;

/** Schema of an installer: a download URL or a registration token (at least one), when it expires, and instructions. */
export const AgentInstaller = z
  .object({
    clientId: RmmId,
    platform: AgentPlatform,
    /** Where to download an installer that needs nothing more. */
    url: z.url().optional(),
    /** A registration / installer token the installer needs. */
    token: z.string().min(1).optional(),
    /** When the URL or token stops working, if it does. */
    expiresAt: IsoInstant.optional(),
    /** What a person does with it, in a sentence or two. */
    instructions: z.string().min(1),
    /**
     * A script that downloads and installs the agent silently when run on a machine of the
     * platform (through any RMM's RunScript), where the RMM's installer allows one. It carries
     * the URL or token: the host never prints it unmasked.
     */
    installScript: z.object({ language: ScriptLanguage, body: z.string().min(1) }).optional(),
  })
  .refine((installer) => installer.url !== undefined || installer.token !== undefined, { message: 'an installer needs a url or a token' });
/** An agent installer, as validated by the host. */
export type AgentInstaller = z.infer<typeof AgentInstaller>;
/** What a plugin may return as an installer, before the schema fills defaults. */
export type AgentInstallerInput = z.input<typeof AgentInstaller>;

/** Issues what a machine needs to join a client in the RMM (optional). Routed and interactive; each one issued is audited without its token. */
export interface GetAgentInstaller {
  /** An installer for `request.clientId` on `request.platform`. */
  getAgentInstaller(request: AgentInstallerRequest, options?: { signal?: AbortSignal }): Promise<AgentInstallerInput>;
}
/** Injection token of the {@link GetAgentInstaller} capability. */
export const GetAgentInstaller = capabilityToken<GetAgentInstaller>('GetAgentInstaller');
