import type { Command } from 'commander';

import { discover } from '../context.js';
import { openConfig } from '../global-options.js';
import { createOutput, table } from '../output.js';
import { configFields } from '../plugin-fields.js';

export function registerPlugins(program: Command): void {
  program
    .command('plugins')
    .description('List the plugins found (versions, capabilities, config fields) and those refused, with reasons')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = openConfig(program, { optional: true });
      const { plugins, refused } = await discover(loaded);
      const out = createOutput(Boolean(options.json));
      const found = plugins.map((p) => ({
        id: p.definition.id,
        version: p.definition.version,
        apiVersion: p.definition.apiVersion,
        capabilities: [...p.definition.capabilities],
        displayName: p.definition.displayName,
        package: p.packageName,
        origin: p.origin,
        configFields: configFields(p.definition),
      }));
      const refusedEntries = refused.map((r) => ({ source: r.source, code: r.code, reason: r.reason, hint: r.hint ?? null }));
      out.result({ plugins: found, refused: refusedEntries }, () => {
        const lines = [
          found.length ? table(['ID', 'VERSION', 'API', 'CAPABILITIES', 'PACKAGE'], found.map((p) => [p.id, p.version, p.apiVersion, p.capabilities.join(', '), p.package])) : 'No plugins found.',
        ];
        for (const p of found) {
          lines.push('', `${p.displayName} (${p.id}) config fields:`);
          for (const f of p.configFields) {
            lines.push(`  ${f.name}${f.required ? '' : '?'}: ${f.type}${f.secret ? ' [secret: env:NAME or file:PATH]' : ''}${f.description ? ` — ${f.description}` : ''}`);
          }
        }
        if (refusedEntries.length) {
          lines.push('', 'Refused:');
          for (const r of refusedEntries) lines.push(`  ${r.source}: [${r.code}] ${r.reason}${r.hint ? `\n    hint: ${r.hint}` : ''}`);
        }
        return lines.join('\n');
      });
    });
}
