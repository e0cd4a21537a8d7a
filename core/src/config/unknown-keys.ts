/**
 * Unknown keys in the config file. Plugin schemas are ordinary zod objects, which strip keys
 * they do not know — so `pagesize: 100` in an integration's `config:` would pass and do
 * nothing. The host reads each schema as JSON Schema instead, finds every key no object
 * declares, and refuses it with a "did you mean" for the nearest declared key and where it is
 * written. The same closed JSON Schema is what
 * `rmm-hub config schema` publishes, so editors flag the typo too.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

import { ConfigError } from '../errors/catalogue.js';
import { formatPath, unknownKeyHint, type ConfigLocator } from './config-issues.js';

type JsonSchema = { [key: string]: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The plugin schema as JSON Schema (input side), every declared object closed to other keys. */
export function closedJsonSchema(schema: z.ZodType): JsonSchema {
  return close(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

function close(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(close) as unknown as JsonSchema;
  if (!isObject(node)) return node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'const' || key === 'default' || key === 'examples' ? value : close(value);
  if (isObject(out['properties']) && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

export interface UnknownKey {
  /** Where the key is, e.g. `['features', 'deleteAgnet']`. */
  path: (string | number)[];
  key: string;
  /** The declared key it most likely meant, when one is close. */
  suggestion?: string | undefined;
}

/** Every key of `value` that `schema` (from {@link closedJsonSchema}) does not declare. */
export function findUnknownKeys(schema: JsonSchema, value: unknown, path: (string | number)[] = []): UnknownKey[] {
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) {
    // The variant the value was meant for: the one with the fewest unknown keys (a discriminator
    // such as `mode: totp` makes every other variant report it).
    let best: UnknownKey[] | undefined;
    for (const variant of variants) {
      if (!matchesConsts(variant, value)) continue;
      const found = findUnknownKeys(variant, value, path);
      if (!best || found.length < best.length) best = found;
    }
    return best ?? [];
  }
  if (Array.isArray(value) && isObject(schema['items'])) {
    return value.flatMap((item, index) => findUnknownKeys(schema['items'] as JsonSchema, item, [...path, index]));
  }
  if (!isObject(value)) return [];
  const properties = isObject(schema['properties']) ? (schema['properties'] as Record<string, JsonSchema>) : {};
  const additional = schema['additionalProperties'];
  const found: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = Object.hasOwn(properties, key) ? properties[key] : isObject(additional) ? (additional as JsonSchema) : undefined;
    if (declared) found.push(...findUnknownKeys(declared, child, [...path, key]));
    else if (additional === false) found.push({ path: [...path, key], key, suggestion: suggest(key, Object.keys(properties)) });
  }
  return found;
}

/** False when the variant pins a property to a constant the value contradicts. */
function matchesConsts(variant: JsonSchema, value: unknown): boolean {
  if (!isObject(value) || !isObject(variant['properties'])) return true;
  return Object.entries(variant['properties'] as Record<string, JsonSchema>).every(([key, property]) => property['const'] === undefined || value[key] === undefined || value[key] === property['const']);
}

/** The declared key a typo most likely meant: same letters in another case, or at most a third of it edited. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const sameLetters = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (sameLetters) return sameLetters;
  const nearest = closest(key, [...known]);
  return distance(key, nearest) <= Math.max(2, Math.floor(key.length / 3)) ? nearest : undefined;
}

/** One ConfigError for the unknown keys found under `where`: each path, its file position and a suggestion. */
export function unknownKeysError(unknown: readonly UnknownKey[], where: readonly (string | number)[], locate: ConfigLocator | undefined): ConfigError {
  const described = unknown.map((u) => ({ ...u, path: formatPath([...where, ...u.path]), at: locate?.([...where, ...u.path]) }));
  const first = described[0]!;
  const message =
    described.length === 1
      ? `unknown setting "${first.key}"${first.at ? ` (${first.at})` : ''}`
      : `${described.length} unknown settings:\n${described.map((d) => `  - ${d.path}${d.at ? ` (${d.at})` : ''}`).join('\n')}`;
  return new ConfigError(described.length === 1 ? first.path : formatPath(where), message, {
    hint: unknownKeyHint(unknown),
    context: { issues: described.map((d) => ({ path: d.path, message: `unknown setting "${d.key}"`, ...(d.suggestion ? { suggestion: d.suggestion } : {}), ...(d.at ? { location: d.at } : {}) })) },
  });
}
