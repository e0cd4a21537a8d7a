/**
 * The `config:` block `rmm-hub init` writes for a plugin, from its schema: every required
 * setting with a value of the right shape — a secret as `env:NAME`, anything a person must
 * supply as a `<placeholder>`, a required object (Automate's `mfa`) filled in with its first
 * variant — and the optional ones commented out with their defaults. Replacing the
 * placeholders is all it takes to pass `rmm-hub check`.
 */
import { closedJsonSchema, secretPaths, type PluginDefinition } from '@rmm-hub/core';

type JsonSchema = { [key: string]: unknown };

/** A value a person must replace: `<serverUrl>`. Tests and people find them by this shape. */
export const PLACEHOLDER = /^<[^<>]+>$/;

const yamlValue = (value: unknown): string => (typeof value === 'string' && /^[\w:./@-]+$/.test(value) && !/^(true|false|null|\d)/.test(value) ? value : JSON.stringify(value));

export function configSkeleton(plugin: PluginDefinition, indent: string): string[] {
  const secrets = new Set(secretPaths(plugin.configSchema));
  const envName = (path: string[]): string => [plugin.id, ...path].join('_').replace(/[A-Z]/g, (c) => `_${c}`).replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  const lines: string[] = [];

  const describe = (schema: JsonSchema): string => (typeof schema['description'] === 'string' ? `   # ${schema['description'].split('\n')[0]}` : '');

  const writeObject = (schema: JsonSchema, path: string[], pad: string): void => {
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema['required'] ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const at = [...path, name];
      if (required.has(name)) writeValue(name, property, at, pad);
      else lines.push(`${pad}# ${name}: ${yamlValue(property['default'] ?? `<${name}>`)}${describe(property)}`);
    }
  };

  const writeValue = (name: string, schema: JsonSchema, path: string[], pad: string): void => {
    if (secrets.has(path.join('.'))) {
      lines.push(`${pad}${name}: env:${envName(path)}   # secret: env:NAME or file:PATH${describe(schema).replace('   #', ';')}`);
      return;
    }
    const variants = (schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined;
    const shape = Array.isArray(variants) ? variants.find((v) => v['type'] === 'object') : schema['type'] === 'object' ? schema : undefined;
    if (shape && shape['properties']) {
      const others = (variants ?? []).filter((v) => v !== shape).map((v) => JSON.stringify(Object.fromEntries(Object.entries((v['properties'] ?? {}) as Record<string, JsonSchema>).filter(([, p]) => p['const'] !== undefined).map(([k, p]) => [k, p['const']]))));
      lines.push(`${pad}${name}:${others.length ? `   # or ${others.join(', or ')}` : describe(schema)}`);
      const discriminators = Object.entries((shape['properties'] ?? {}) as Record<string, JsonSchema>).filter(([, p]) => p['const'] !== undefined);
      for (const [key, property] of discriminators) lines.push(`${pad}  ${key}: ${yamlValue(property['const'])}`);
      writeObject({ ...shape, properties: Object.fromEntries(Object.entries(shape['properties'] as Record<string, JsonSchema>).filter(([, p]) => p['const'] === undefined)) }, path, `${pad}  `);
      return;
    }
    lines.push(`${pad}${name}: <${name}>${describe(schema)}`);
  };

  writeObject(closedJsonSchema(plugin.configSchema), [], indent);
  return lines;
}
