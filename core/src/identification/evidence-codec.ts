/**
 * The canonical text form of a link's evidence, as stored. Built with plain string joins (no
 * JSON) because it is produced for every agent on every run and compared with what is stored
 * to decide whether the link changed at all. Separators are ASCII control characters, which
 * never occur in the trimmed identifiers RMMs report.
 */
import type { IdentifierKind, RegistryHit, RegistryVerdict } from './known-bad-registry.js';
import type { LinkEvidence, MatchTier } from './identification.types.js';

const FIELD = '\u001e';
const ITEM = '\u001f';

/** Bits of a link's `flags` column. */
export const LinkFlags = { stale: 1, needsIdentity: 2 } as const;

/**
 * The evidence of an agent alone on its computer, unpinned and with no registry hit: most
 * agents of a fleet. One shared, frozen object (and one text) instead of one per agent.
 */
export const ALONE_EVIDENCE: Readonly<LinkEvidence> = Object.freeze({
  tier: 0, score: 0, keys: Object.freeze([]) as unknown as string[], support: Object.freeze([]) as unknown as string[],
  registryHits: Object.freeze([]) as unknown as RegistryHit[], pinned: false,
});

let aloneText: string | undefined;

/** Encodes evidence; equal evidence always gives the same text. */
export function encodeEvidence(e: LinkEvidence): string {
  if (e === ALONE_EVIDENCE) return (aloneText ??= encodeFields(e));
  return encodeFields(e);
}

function encodeFields(e: LinkEvidence): string {
  let hits = '';
  for (let i = 0; i < e.registryHits.length; i++) {
    const h = e.registryHits[i] as RegistryHit;
    hits += `${i === 0 ? '' : ITEM}${h.kind}:${h.verdict}:${h.value}`;
  }
  return `${e.tier}${FIELD}${e.score}${FIELD}${e.pinned ? 1 : 0}${FIELD}${e.keys.join(ITEM)}${FIELD}${e.support.join(ITEM)}${FIELD}${hits}`;
}

/** The inverse of {@link encodeEvidence}. */
export function decodeEvidence(text: string): LinkEvidence {
  const [tier = '0', score = '0', pinned = '0', keys = '', support = '', hits = ''] = text.split(FIELD);
  const list = (s: string): string[] => (s === '' ? [] : s.split(ITEM));
  return {
    tier: Number(tier) as MatchTier,
    score: Number(score),
    pinned: pinned === '1',
    keys: list(keys),
    support: list(support),
    registryHits: list(hits).map((item) => {
      const a = item.indexOf(':');
      const b = item.indexOf(':', a + 1);
      return { kind: item.slice(0, a) as IdentifierKind, verdict: item.slice(a + 1, b) as RegistryVerdict, value: item.slice(b + 1) };
    }),
  };
}
