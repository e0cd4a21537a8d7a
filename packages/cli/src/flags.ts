/** Parsing of numeric command-line flags, with the usage error a person can act on. */
import { UsageError } from '@rmm-hub/core';

export function positiveInt(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag}: must be a whole number from 1 to ${max}, not "${value}"`, { hint: `e.g. ${flag} 5000` });
  return n;
}
