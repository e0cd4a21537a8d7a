/** Fast non-cryptographic string hashes for the identification run's open-addressing tables. */

/** FNV-1a over UTF-16 code units, with a final avalanche so linear probing stays short. */
export function fingerprint32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return avalanche(h, 0x2c1b3c6d);
}

const PAIR: [number, number] = [0, 0];

/**
 * Two independent 32-bit hashes of `text` in one pass (FNV-1a, and a multiplicative hash with
 * another basis and multiplier), each avalanched. The pair returned is reused by the next call.
 */
export function fingerprint64(text: string): [hi: number, lo: number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 13);
  }
  PAIR[0] = avalanche(b ^ text.length, 0x85ebca6b);
  PAIR[1] = avalanche(a, 0x2c1b3c6d);
  return PAIR;
}

function avalanche(h: number, multiplier: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, multiplier);
  return (h ^ (h >>> 12)) >>> 0;
}
