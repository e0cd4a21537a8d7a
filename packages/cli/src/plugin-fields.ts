/** Describes a plugin's config fields (name, type, required, secret, description) from its zod schema. */
import { secretPaths, type PluginDefinition } from '@rmm-hub/core';
import { z } from 'zod';

export interface ConfigField {
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  description?: string | undefined;
  default?: unknown;
}

export function configFields(plugin: PluginDefinition): ConfigField[] {
  const secrets = new Set(secretPaths(plugin.configSchema).map((p) => p.split('.')[0]));
  let schema: { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  try {
    schema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' }) as typeof schema;
  } catch {
    return [];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => ({
    name,
    type: describeType(prop),
    required: required.has(name),
    secret: secrets.has(name),
    description: typeof prop['description'] === 'string' ? prop['description'] : undefined,
    ...(prop['default'] !== undefined ? { default: prop['default'] } : {}),
  }));
}

function describeType(prop: Record<string, unknown>): string {
  if (typeof prop['type'] === 'string') return prop['enum'] ? `${prop['type']} (${(prop['enum'] as unknown[]).join('|')})` : prop['type'];
  if (Array.isArray(prop['anyOf']) || Array.isArray(prop['oneOf'])) return 'one of several shapes';
  if (prop['const'] !== undefined) return JSON.stringify(prop['const']);
  return 'value';
}
