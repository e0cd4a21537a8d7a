/**
 * JSON Schema of the config file, for editors (YAML language server, VS Code). Each plugin's
 * config schema is spliced in, keyed by the integration's `plugin` value, so an editor
 * completes and checks an integration's `config` block too — closed, as the host reads it: a key
 * the plugin does not declare is an error, not ignored.
 */
import { z } from 'zod';

import type { PluginDefinition } from '../plugin/define-plugin.js';
import { HostConfig, IntegrationConfig } from './host-config.schema.js';
import { closedJsonSchema } from './unknown-keys.js';

export function configJsonSchema(plugins: readonly PluginDefinition[] = []): Record<string, unknown> {
  const schema = z.toJSONSchema(HostConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const integrationBase = z.toJSONSchema(IntegrationConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const variants = plugins.map((plugin) => ({
    ...integrationBase,
    title: `${plugin.displayName} integration`,
    properties: {
      ...(integrationBase['properties'] as Record<string, unknown>),
      plugin: { const: plugin.id },
      config: closedJsonSchema(plugin.configSchema),
    },
  }));
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  if (variants.length > 0 && properties['integrations']) properties['integrations']['items'] = { anyOf: variants };
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'rmm-hub configuration', ...schema };
}
