/** The README's CLI reference, generated from the commander program so it cannot drift. */
import type { Command, Option } from 'commander';

function usage(command: Command, prefix: string): string {
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
  return `${prefix} ${command.name()}${args ? ` ${args}` : ''}`.trim();
}

function option(o: Option): string {
  const fallback = o.defaultValue !== undefined && o.defaultValue !== false && !/USER|cli/.test(String(o.defaultValue)) ? ` (default: ${JSON.stringify(o.defaultValue)})` : '';
  return `  - \`${o.flags}\` — ${o.description}${o.mandatory ? ' (required)' : ''}${fallback}`;
}

export function renderCliReference(program: Command): string {
  const lines: string[] = [`Global options: ${program.options.map((o) => `\`${o.flags}\` (${o.description})`).join(', ')}.`, ''];
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const hasAction = (sub as unknown as { _actionHandler?: unknown })._actionHandler !== undefined && (sub as unknown as { _actionHandler: unknown })._actionHandler !== null;
      if (hasAction) {
        lines.push(`- \`${usage(sub, prefix)}\` — ${sub.description()}`);
        for (const o of sub.options) lines.push(option(o));
      }
      walk(sub, `${prefix} ${sub.name()}`);
    }
  };
  walk(program, 'rmm-hub');
  return lines.join('\n');
}
