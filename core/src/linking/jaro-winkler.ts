/**
 * Jaro-Winkler similarity, written here rather than taken from npm because it is small,
 * sits in the hot loop of linking (hundreds of thousands of calls per run) and must be
 * exactly symmetric, which the property tests check.
 */

/** Winkler's prefix scale: how much each shared leading character (up to 4) lifts the score. */
const PREFIX_SCALE = 0.1;
/** Winkler only boosts pairs that are already similar; below this the plain Jaro score stands. */
const BOOST_THRESHOLD = 0.7;

/** Reusable match flags: avoids two allocations per call in the hot loop. */
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** The Jaro similarity of two strings, in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  // Greedy matching is not perfectly symmetric; fixing the order of the pair makes it so.
  if (a > b) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      // The character test first: it fails far more often than the flag test.
      if (b.charCodeAt(j) === ca && flagsB[j] === 0) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** The Jaro-Winkler similarity of two strings, in [0, 1]; 1 only for equal strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const j = jaro(a, b);
  if (j < BOOST_THRESHOLD) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // Equal strings are the only ones that may score exactly 1; keep near-misses just below it.
  return Math.min(j + prefix * PREFIX_SCALE * (1 - j), 1 - 1e-9);
}
