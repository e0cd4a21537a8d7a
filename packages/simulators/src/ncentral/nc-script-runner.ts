/**
 * What running a script on a simulated machine prints. The simulator does not execute code;
 * it models the small repertoire identity scripts use, so that script output really reflects
 * the machine — its TRUE hardware from `fleet.truth`, not what the agent reports:
 *
 * - **PowerShell** is evaluated by {@link PowerShellEval}: WMI/CIM queries into variables,
 *   property reads, `Write-Output` of literals and concatenations, interpolated strings,
 *   `ForEach-Object` over adapters, `if (-not $x)` fallbacks. A bare query such as
 *   `Get-CimInstance Win32_ComputerSystemProduct | Select-Object UUID, IdentifyingNumber, Vendor`
 *   prints `Key=Value` lines — the simulator's documented "identity output" form:
 *   `UUID=<smbios uuid>`, `IdentifyingNumber=<serial>`, `Vendor=<manufacturer>`, `Name=<model>`
 *   (and `SerialNumber=` for Win32_BIOS/Win32_BaseBoard, `MACAddress=` per adapter,
 *   `InstallDate=<ISO instant>` for Win32_OperatingSystem).
 * - **cmd / bash**: `echo` of a literal prints it; a bash script mentioning `dmidecode` or
 *   `/sys/class/dmi/id` prints the four `Key=Value` identity lines above.
 * - **Failure**: `exit <n>` with n ≠ 0, or (PowerShell) `throw "<msg>"`, fails the run; the task
 *   message then reads `Script exited with code <n>`.
 */
import type { FleetMachine } from '../fleet/fleet.types.js';
import { PowerShellEval } from '../scripting/powershell-eval.js';

/** The outcome of one simulated run. */
export interface ScriptRun {
  status: 'Success' | 'Failed';
  output: string;
  message: string;
  exitCode: number;
}

function unquote(text: string): string {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/** The script up to (not including) its first failing `exit`/`throw`, and that failure. */
function splitAtFailure(script: string, language: string): { body: string; failure?: { code: number; message?: string } } {
  const lines = script.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const x = /^\s*exit\s+(-?\d+)\s*;?\s*$/i.exec(line);
    if (x) {
      const code = Number(x[1]);
      return { body: lines.slice(0, i).join('\n'), ...(code === 0 ? {} : { failure: { code } }) };
    }
    const t = /^\s*throw\s+(.+)$/i.exec(line);
    if (t && language === 'powershell') return { body: lines.slice(0, i).join('\n'), failure: { code: 1, message: unquote(t[1]!) } };
  }
  return { body: script };
}

/**
 * Simulates running `script` (in `language`) on `machine`.
 * @param machine - The machine's ground truth; undefined when the fleet does not know it.
 */
export function runSimulatedScript(script: string, language: string, machine: FleetMachine | undefined): ScriptRun {
  const lang = language.toLowerCase();
  const { body, failure } = splitAtFailure(script, lang);
  const out: string[] = [];
  if (lang === 'powershell' && machine) {
    const ps = new PowerShellEval(machine);
    ps.run(body);
    out.push(...ps.out);
  } else {
    if (machine && lang === 'bash' && /dmidecode|\/sys\/class\/dmi\/id/.test(body)) {
      const id = machine.identity;
      out.push(`UUID=${id.smbiosUuid}`, `IdentifyingNumber=${id.serialNumber}`, `Vendor=${id.manufacturer}`, `Name=${id.model}`);
    }
    for (const line of body.split(/\r?\n/)) {
      const e = /^\s*(?:Write-Output|Write-Host|echo)\s+(['"]?)(.+)\1\s*$/i.exec(line);
      if (e) out.push(e[2]!);
    }
  }
  if (failure?.message !== undefined) out.push(failure.message);
  const output = out.join('\n');
  if (failure) {
    return { status: 'Failed', output, message: `Script exited with code ${failure.code}${failure.message ? `: ${failure.message}` : ''}`, exitCode: failure.code };
  }
  return { status: 'Success', output, message: 'Script exited with code 0', exitCode: 0 };
}
