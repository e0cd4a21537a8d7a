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

/**
 * The table rows of an object schema's properties, nested ones included. The properties of one
 * variant of a union picked by a constant (`kind: postgres`) say so: they apply only with it.
 */
function rows(schema: JsonSchema, prefix: string, secrets: Set<string>, out: Row[], variant?: string): Row[] {
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    const plainKey = key.replace(/\[\]/g, '.*');
    const only = variant && prop.const === undefined ? `(${variant}) ` : '';
    out.push({ key, type: typeOf(prop), required: required.has(name) && prop.default === undefined, default: prop.default, description: `${only}${prop.description ?? ''}`.trim(), secret: secrets.has(plainKey) });
    if (prop.type === 'object' && prop.properties) rows(prop, key, secrets, out);
    if (prop.type === 'array' && prop.items?.properties) rows(prop.items, `${key}[]`, secrets, out);
    for (const option of prop.anyOf ?? prop.oneOf ?? []) if (option.properties) rows(option, key, secrets, out, discriminatorOf(option));
  }
  return out;
}

/** `kind: postgres` for a union variant that pins a property to a constant. */
function discriminatorOf(variant: JsonSchema): string | undefined {
  const [name, prop] = Object.entries(variant.properties ?? {}).find(([, p]) => p.const !== undefined) ?? [];
  return name && prop ? `${name}: ${String(prop.const)}` : undefined;
}

function renderTable(list: Row[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| key | type | required | default | description |', '|---|---|---|---|---|'];
  // A key declared by several variants (a union's discriminator) is one row of all their types.
  const merged = new Map<string, Row>();
  for (const row of list) {
    const first = merged.get(row.key);
    if (!first) merged.set(row.key, { ...row });
    else if (!first.type.split(' \\| ').includes(row.type)) first.type = `${first.type} \\| ${row.type}`;
  }
  for (const row of merged.values()) {
    const description = `${row.secret ? '**secret** — give `env:NAME` or `file:PATH`. ' : ''}${cell(row.description)}`;
    lines.push(`| \`${row.key}\` | ${row.type.includes('\\|') ? row.type : cell(row.type)} | ${row.required ? 'yes' : ''} | ${row.default === undefined ? '' : `\`${JSON.stringify(row.default)}\``} | ${description.trim()} |`);
  }
  return lines.join('\n');
}

export function renderConfigReference(plugins: readonly PluginDefinition[]): string {
  const host = z.toJSONSchema(HostConfig, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const sections = ['### Host settings', '', renderTable(rows(host, '', new Set(secretPaths(HostConfig)), []))];
  for (const plugin of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) {
    const schema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    sections.push('', `### \`plugin: ${plugin.id}\` — ${plugin.displayName}`, '', `Settings under an integration's \`config:\` block.`, '', renderTable(rows(schema, '', new Set(secretPaths(plugin.configSchema)), [])));
  }
  return sections.join('\n');
}
