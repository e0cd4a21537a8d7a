/**
 * Small, fast, seeded pseudo-random numbers. Everything the simulators randomise goes
 * through here so that one seed reproduces a fleet (and a fault schedule) byte for byte on
 * every platform: only 32-bit integer arithmetic (`Math.imul`, `>>>`), no `Math.random`.
 */

/** A deterministic random source. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  u32(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max] (both inclusive). */
  range(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** An element chosen by weight from `[value, weight]` pairs. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
}

/** Mixes a 32-bit value (the splitmix32 / murmur3 finaliser); good avalanche, cheap. */
export function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Derives a well-spread 32-bit seed from several integers, e.g. `(seed, stream, index)`.
 * Per-entity seeds let an agent be computed from its index alone, without generating the
 * agents before it — the basis of the fleet's flat memory.
 */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold values above 2^32 too (N-central ids may exceed 2^31; indices fit in 32 bits).
    const lo = p >>> 0;
    const hi = Math.floor(p / 0x1_0000_0000) >>> 0;
    h = mix32(h ^ lo);
    h = mix32((h + hi + 0x6d2b79f5) | 0);
  }
  return h >>> 0;
}

/** A splitmix32 generator: one 32-bit state, a counter step and a mixer. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x9e3779b9) | 0;
    return mix32(state);
  };
  const next = (): number => u32() / 0x1_0000_0000;
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    u32,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(list: readonly T[]): T => {
      if (list.length === 0) throw new RangeError('pick() from an empty list');
      return list[int(list.length)] as T;
    },
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [v, w] of entries) {
        r -= w;
        if (r < 0) return v;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new RangeError('weighted() from an empty list');
      return last[0];
    },
  };
}
