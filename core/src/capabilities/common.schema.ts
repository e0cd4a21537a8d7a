import { z } from 'zod';

/**
 * Ids cross the boundary as strings. RMMs hand them out as numbers, numeric strings or GUIDs;
 * N-central device ids exceed 2^31 and Automate sometimes quotes its integers, so plugins turn
 * every id into a string before it leaves them, and the host never does arithmetic on one.
 */
export const RmmId = z
  .union([z.string(), z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, 'id must not be empty').max(200));

/** An ISO-8601 instant. Plugins normalise RMM timestamps (with or without a zone) to UTC. */
export const IsoInstant = z.iso.datetime({ offset: true });
