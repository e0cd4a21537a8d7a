/**
 * The configuration reference in the README is generated from the zod schemas — the host's
 * and every discovered plugin's — so it cannot drift from what the code accepts. A test
 * compares the README's section with this output.
 */
import { HostConfig, secretPaths, type PluginDefinition } from '@rmm-hub/core';
import { z } from 'zod';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  additionalProperties?: unknown;
}

interface Row {
  key: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  secret: boolean;
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' \\| ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'value'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'value';
}

function rows(schema: JsonSchema, prefix: string, secrets: Set<string>, out: Row[]): Row[] {
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    const plainKey = key.replace(/\[\]/g, '.*');
    out.push({ key, type: typeOf(prop), required: required.has(name) && prop.default === undefined, default: prop.default, description: prop.description ?? '', secret: secrets.has(plainKey) });
    if (prop.type === 'object' && prop.properties) rows(prop, key, secrets, out);
    if (prop.type === 'array' && prop.items?.properties) rows(prop.items, `${key}[]`, secrets, out);
    for (const variant of prop.anyOf ?? prop.oneOf ?? []) if (variant.properties) rows(variant, key, secrets, out);
  }
  return out;
}

function renderTable(list: Row[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| key | type | required | default | description |', '|---|---|---|---|---|'];
  const seen = new Set<string>();
  for (const row of list) {
    if (seen.has(row.key)) continue;
    seen.add(row.key);
    const description = `${row.secret ? '**secret** — give `env:NAME` or `file:PATH`. ' : ''}${cell(row.description)}`;
    lines.push(`| \`${row.key}\` | ${row.type.includes('\\|') ? row.type : cell(row.type)} | ${row.required ? 'yes' : ''} | ${row.default === undefined ? '' : `\`${JSON.stringify(row.default)}\``} | ${description.trim()} |`);
  }
  return lines.join('\n');
}

export function renderConfigReference(plugins: readonly PluginDefinition[]): string {
  const host = z.toJSONSchema(HostConfig, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const sections = ['### Host settings', '', renderTable(rows(host, '', new Set(), []))];
  for (const plugin of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) {
    const schema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    sections.push('', `### \`plugin: ${plugin.id}\` — ${plugin.displayName}`, '', `Settings under an integration's \`config:\` block.`, '', renderTable(rows(schema, '', new Set(secretPaths(plugin.configSchema)), [])));
  }
  return sections.join('\n');
}
