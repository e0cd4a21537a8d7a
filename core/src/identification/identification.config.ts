/**
 * The `identification` block of the host config. Defaults live here, so a host that says
 * nothing gets the behaviour described in DESIGN.md (Engines).
 */
import { z } from 'zod';

export const IdentificationConfig = z
  .object({
    knownBadOverrideFile: z
      .string()
      .min(1)
      .optional()
      .describe('A JSON file adding to or removing from the shipped known-bad identifier catalogue'),
    quarantineThreshold: z
      .number()
      .int()
      .min(2)
      .max(10_000)
      .default(6)
      .describe('A UUID, serial or MAC seen on this many distinct hostnames is quarantined (not used as a key)'),
    trustedVendors: z
      .array(z.string().trim().min(1))
      .default(['DELL', 'HP', 'LENOVO'])
      .describe('Manufacturers whose serial numbers are trusted to be unique (ImmyBot: Dell, HP, Lenovo)'),
    identityRefreshDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(7)
      .describe("Days within which every agent's hardware identity is read again where the RMM charges a request per agent for it (N-central assets); about 1/N of the fleet is read per day"),
    identityScript: z
      .object({
        enabled: z.boolean().default(true).describe('Run the identity script on agents lacking strong identifiers'),
        maxAttempts: z.number().int().min(1).max(10).default(3),
        baseDelayMs: z.number().int().min(0).max(3_600_000).default(5_000).describe('First retry delay; doubles per attempt'),
        timeoutMs: z.number().int().positive().max(3_600_000).default(120_000),
        concurrency: z.number().int().min(1).max(64).default(8),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type IdentificationConfig = z.infer<typeof IdentificationConfig>;
export type IdentificationConfigInput = z.input<typeof IdentificationConfig>;
