/**
 * Shell completion scripts (bash, zsh, fish), generated from the commander program so they
 * list exactly the commands and options that exist. zsh runs the bash script through
 * bashcompinit, as many CLIs do.
 */
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Node {
  /** Space-separated command path below the program, '' for the program itself. */
  path: string;
  command: Command;
}

function nodes(program: Command): Node[] {
  const out: Node[] = [{ path: '', command: program }];
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      out.push({ path, command: sub });
      walk(sub, path);
    }
  };
  walk(program, '');
  return out;
}

function words(node: Node, program: Command): string[] {
  const flags = (c: Command): string[] => c.options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
  return [...node.command.commands.map((c) => c.name()), ...flags(node.command), ...(node.command === program ? [] : flags(program)), '--help'];
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const all = nodes(program);
  const known = all.filter((n) => n.path).map((n) => quote(n.path)).join('|');
  const cases = all.map((n) => `    ${quote(n.path)}) words=${quote(words(n, program).join(' '))} ;;`).join('\n');
  return `# rmm-hub bash completion: source <(rmm-hub completion bash)
_rmm_hub() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" key="" next w words
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    next="\${key:+$key }$w"
    case "$next" in
      ${known}) key="$next" ;;
    esac
  done
  case "$key" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _rmm_hub rmm-hub
`;
}

function fish(program: Command): string {
  const lines = ['# rmm-hub fish completion: rmm-hub completion fish | source', 'complete -c rmm-hub -f'];
  for (const node of nodes(program)) {
    const parts = node.path ? node.path.split(' ') : [];
    const last = parts.at(-1);
    // A path's words must all be present; its children's names must not (yet).
    const children = node.command.commands.map((c) => c.name());
    const condition = [
      ...(parts.length ? parts.map((p) => `__fish_seen_subcommand_from ${p}`) : []),
      ...(children.length ? [`not __fish_seen_subcommand_from ${children.join(' ')}`] : []),
    ].join('; and ');
    for (const sub of node.command.commands) lines.push(`complete -c rmm-hub -n ${quote(condition || 'true')} -a ${sub.name()} -d ${quote(sub.description())}`);
    if (last !== undefined || node.command === program) {
      for (const o of node.command.options) {
        if (o.long) lines.push(`complete -c rmm-hub -n ${quote(parts.length ? parts.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ') : 'true')} -l ${o.long.replace(/^--/, '')}${o.required || o.optional ? ' -r' : ''} -d ${quote(o.description)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, program: Command): string {
  if (shell === 'fish') return fish(program);
  const script = bash(program);
  return shell === 'zsh' ? `# rmm-hub zsh completion: source <(rmm-hub completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${script}` : script;
}
