/**
 * The linking engine's settings, as they appear under `linking:` in the host config. Every
 * field has a default; the defaults are what the accuracy suite and the benchmark measure.
 */
import { z } from 'zod';

import { ClientKind } from '../capabilities/list-clients.js';

/** How much each kind of evidence adds to (or takes from) a pair's score. */
export const LinkingWeights = z.object({
  /** The name similarity (0…1) is multiplied by this: a perfect name alone scores this much. */
  name: z.number().min(0).max(1).default(0.75),
  /** Automate `Client.ExternalId` equals the tenant's PSA company id. */
  psaCompanyId: z.number().min(0).max(1).default(0.25),
  /** Both carry a PSA company id and they differ: strong evidence against. */
  psaCompanyIdConflict: z.number().min(0).max(1).default(0.3),
  /**
   * Another id the RMM keeps for the client (N-central `externalId`, `externalId2`) equals the
   * tenant's PSA company id: good evidence, but those fields hold anything, so a mismatch means nothing.
   */
  externalId: z.number().min(0).max(1).default(0.2),
  /** A domain the client is known by is one of the tenant's. */
  domain: z.number().min(0).max(1).default(0.15),
  /** Multiplied by the share of the client's identified agents that are computers of the tenant. */
  deviceOverlap: z.number().min(0).max(1).default(0.45),
  /** Same legal form on both sides adds this; different legal forms on both sides take it away. */
  legalForm: z.number().min(0).max(0.1).default(0.02),
});
export type LinkingWeights = z.infer<typeof LinkingWeights>;

export const LinkingConfig = z
  .object({
    /** A pair at or above this score may be linked without a person, if the margin holds too. */
    autoLinkThreshold: z.number().min(0).max(1).default(0.7),
    /** The best tenant must beat the runner-up (and the best client must beat the next client of the same integration) by this much. */
    autoLinkMargin: z.number().min(0).max(1).default(0.08),
    /** Pairs at or above this score are suggested for review. */
    reviewThreshold: z.number().min(0).max(1).default(0.4),
    /** How many suggestions to keep per client, best first. */
    maxSuggestions: z.number().int().min(1).max(20).default(3),
    /**
     * Hold back every auto-link until the MSP's own tenant has a manual link (and warn until it
     * does). Turn off only for a platform that has no MSP tenant.
     */
    requireMspLink: z.boolean().default(true),
    /** Client kinds the engine links; sites and locations follow their parent unless a person links them. */
    linkableKinds: z.array(ClientKind).default(['customer', 'client']),
    /** Device overlap counts only from this many agents of a client up. */
    minDeviceOverlap: z.number().int().min(1).default(2),
    blocking: z
      .object({
        /** Name-based candidates scored per client (evidence-based ones come on top). */
        maxCandidates: z.number().int().min(1).max(500).default(12),
        /** A token shared by more tenants than this only ranks candidates found through rarer tokens (unless it is all the client has). */
        maxPostings: z.number().int().min(1).default(100),
      })
      .prefault({}),
    weights: LinkingWeights.prefault({}),
  })
  .refine((c) => c.reviewThreshold <= c.autoLinkThreshold, {
    message: 'reviewThreshold must not exceed autoLinkThreshold',
    path: ['reviewThreshold'],
  });
export type LinkingConfig = z.infer<typeof LinkingConfig>;
export type LinkingConfigInput = z.input<typeof LinkingConfig>;

/** The defaults, parsed once. */
export const DEFAULT_LINKING_CONFIG: LinkingConfig = LinkingConfig.parse({});

/** Parses partial settings over the defaults; throws a ZodError naming the bad field. */
export function linkingConfig(input: LinkingConfigInput = {}): LinkingConfig {
  return LinkingConfig.parse(input);
}
