/**
 * CommandExecute (reference §6): a queued command goes Pending → Executing → Success | Failed.
 * Status is derived from the server clock on every read (no timers), so tests can drive it
 * with a fake clock. An offline agent's command stays Pending — it would wait for check-in.
 *
 * What the simulated agent "runs" — command id 2 ("Execute command"), parameter
 * `"<exe>!!!<arguments>"`:
 *
 * - PowerShell (`powershell.exe` / `pwsh`, script from `-EncodedCommand <base64 UTF-16LE>` or
 *   `-Command <text>`) that reads a **Win32_** WMI class is evaluated against the machine's TRUE
 *   identity (from the fleet's ground truth) by the shared evaluator in scripting/ — the same
 *   one the N-central simulator uses: variables, property reads, `Write-Output ('k=' + $x.P)`,
 *   loops over adapters; a bare query prints `Prop=Value` lines. With `ConvertTo-Json` in the
 *   script, one JSON object `{"UUID":"…","IdentifyingNumber":"…","Vendor":"…","Name":"…"}`.
 * - `hostname` prints the agent's host name; `echo X` / `Write-Output X` / `Write-Host X` print X.
 * - `exit N` with N ≠ 0 (cmd `exit /b N`) or `throw` ends Failed (Output: the text printed so far,
 *   or an error line); anything else ends Success with the lines it understood (often none).
 * - Other command ids (35 FasTalk, 123 resend inventory, …) end Success with empty Output.
 */
import { PowerShellEval } from '../scripting/powershell-eval.js';
import type { Fleet, FleetAgent } from '../fleet/fleet.types.js';
import { formatDate, type RecordFormat } from './automate-records.js';

/** Timings of the state machine. */
export interface CommandTimings {
  /** Time spent Pending before the agent picks the command up. @default 300 */
  pendingMs: number;
  /** Time spent Executing. @default 700 */
  executingMs: number;
}

interface StoredCommand {
  id: number;
  computerId: number;
  commandId: number;
  parameters: string[];
  createdAt: number;
  online: boolean;
  hostname: string;
  forceFail: boolean;
  result?: { status: 'Success' | 'Failed'; output: string };
}

/** The catalogue served by `GET Commands` (ids as real clients use them). */
export const COMMANDS: Record<number, { Name: string; Description: string; Level: number }> = {
  2: { Name: 'Execute Command', Description: 'Runs a process on the agent: "<exe>!!!<arguments>".', Level: 1 },
  35: { Name: 'FasTalk', Description: 'Switches the agent to fast check-in.', Level: 1 },
  123: { Name: 'Resend System Information', Description: 'Makes the agent resend its inventory.', Level: 1 },
};

export class CommandQueue {
  private readonly commands = new Map<number, StoredCommand>();
  private seq = 1000;
  /** Commands still to fail on purpose (control.failCommands). */
  failNext = 0;
  /** No command leaves Pending while true (control.holdCommands). */
  held = false;

  constructor(
    private readonly fleet: Fleet,
    private readonly timings: CommandTimings,
    private readonly format: RecordFormat,
    private readonly now: () => number,
  ) {}

  /** Queues a command for a computer; returns its row. */
  create(agent: FleetAgent, commandId: number, parameters: string[], hostname: string): Record<string, unknown> {
    const stored: StoredCommand = {
      id: this.seq++,
      computerId: agent.agentId,
      commandId,
      parameters,
      createdAt: this.now(),
      online: agent.online,
      hostname,
      forceFail: this.failNext > 0,
    };
    if (this.failNext > 0) this.failNext--;
    this.commands.set(stored.id, stored);
    return this.row(stored);
  }

  /** One command of a computer, or undefined. */
  get(computerId: number, commandId: number): Record<string, unknown> | undefined {
    const stored = this.commands.get(commandId);
    return stored && stored.computerId === computerId ? this.row(stored) : undefined;
  }

  /** Every command of a computer, oldest first. */
  list(computerId: number): Record<string, unknown>[] {
    return [...this.commands.values()].filter((c) => c.computerId === computerId).map((c) => this.row(c));
  }

  private row(c: StoredCommand): Record<string, unknown> {
    const elapsed = this.now() - c.createdAt;
    let status = 'Pending';
    let output = '';
    if (c.online && !this.held && elapsed >= this.timings.pendingMs) {
      status = 'Executing';
      if (elapsed >= this.timings.pendingMs + this.timings.executingMs) {
        c.result ??= this.run(c);
        status = c.result.status;
        output = c.result.output;
      }
    }
    const info = COMMANDS[c.commandId];
    return {
      Id: c.id,
      ComputerId: c.computerId,
      Command: { Id: String(c.commandId), Name: info?.Name ?? `Command ${c.commandId}`, Description: info?.Description ?? '', Level: info?.Level ?? 1 },
      Status: status,
      Parameters: c.parameters,
      Output: output,
      Fastalk: false,
      DateLastInventoried: formatDate(c.createdAt, this.format),
    };
  }

  private run(c: StoredCommand): { status: 'Success' | 'Failed'; output: string } {
    if (c.forceFail) return { status: 'Failed', output: 'ERR' };
    if (c.commandId !== 2) return { status: 'Success', output: '' };
    const [exe = '', args = ''] = (c.parameters[0] ?? '').split('!!!');
    const executable = exe.trim().toLowerCase();
    let script: string;
    if (/powershell|pwsh/.test(executable)) script = powershellScript(args);
    else if (/cmd(\.exe)?$/.test(executable)) script = args.replace(/^\s*\/[ck]\s*/i, '');
    else return { status: 'Failed', output: `'${exe.trim()}' is not recognized as an internal or external command.` };
    return this.interpret(c, script);
  }

  private interpret(c: StoredCommand, script: string): { status: 'Success' | 'Failed'; output: string } {
    const lines: string[] = [];
    if (/Win32_/i.test(script)) {
      const machineId = this.fleet.truth.machineOfAgent('automate', c.computerId);
      const machine = machineId === undefined ? undefined : this.fleet.truth.machine(machineId);
      if (!machine) return { status: 'Failed', output: 'Get-CimInstance : Invalid class "Win32_ComputerSystemProduct"' };
      if (/ConvertTo-Json/i.test(script)) {
        const id = machine.identity;
        lines.push(JSON.stringify({ UUID: id.smbiosUuid, IdentifyingNumber: id.serialNumber, Vendor: id.manufacturer, Name: id.model }));
        return { status: 'Success', output: lines.join('\n') };
      }
      // The same evaluator the N-central simulator uses: it evaluates the WMI-reading subset of
      // PowerShell against the machine's true identity and never echoes source text.
      const ps = new PowerShellEval(machine);
      ps.run(script);
      return { status: 'Success', output: ps.out.join('\n') };
    }
    for (const statement of script.split(/\r?\n|;|&&|&/)) {
      const s = statement.trim();
      const echo = /^(?:echo|Write-Output|Write-Host)\s+(.*)$/i.exec(s);
      if (echo) lines.push(unquote(echo[1] as string));
      else if (/^hostname(\.exe)?$/i.test(s)) lines.push(c.hostname);
      else if (/^throw\b/i.test(s)) return { status: 'Failed', output: [...lines, unquote(s.slice(5).trim()) || 'ScriptHalted'].join('\n') };
      else {
        const exit = /^exit(?:\s+\/b)?\s+(-?\d+)$/i.exec(s);
        if (exit && Number(exit[1]) !== 0) return { status: 'Failed', output: lines.join('\n') };
        if (exit) break;
      }
    }
    return { status: 'Success', output: lines.join('\n') };
  }
}

function unquote(text: string): string {
  const t = text.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}

/** The script text of a PowerShell command line (`-EncodedCommand` or `-Command`). */
export function powershellScript(args: string): string {
  const encoded = /-(?:EncodedCommand|enc|e|ec)\s+([A-Za-z0-9+/=]+)/i.exec(args);
  if (encoded) return Buffer.from(encoded[1] as string, 'base64').toString('utf16le');
  const command = /-(?:Command|c)\s+([\s\S]*)$/i.exec(args);
  if (!command) return '';
  const text = (command[1] as string).trim();
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/\\"/g, '"') : text;
}
