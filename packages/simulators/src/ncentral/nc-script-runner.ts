/**
 * What running a script on a simulated machine prints. The simulator does not execute code;
 * it recognises a small, documented repertoire so that script output really reflects the
 * machine (its TRUE hardware, from `fleet.truth`, not what the agent reports):
 *
 * - **Identity queries.** A script that mentions a WMI/CIM class gets one `Key=Value` line per
 *   property, in this fixed order and form (the "identity output" contract):
 *   - `Win32_ComputerSystemProduct` → `UUID=<smbios uuid>`, `IdentifyingNumber=<serial>`,
 *     `Vendor=<manufacturer>`, `Name=<model>`
 *   - `Win32_BaseBoard` → `BaseBoardSerialNumber=<board serial>`
 *   - `Win32_NetworkAdapter` (any variant) → `MACAddress=<mac>` per adapter
 *   - `Win32_OperatingSystem` → `InstallDate=<ISO instant>`, `CSName=<hostname>`
 *   Bash scripts mentioning `dmidecode` or `/sys/class/dmi/id` get the first group.
 * - **Output lines.** `Write-Output`, `Write-Host`, `echo` with a literal argument print it.
 * - **Failure.** `exit <n>` with n ≠ 0, or `throw "<msg>"`, fails the run.
 */
import type { FleetMachine } from '../fleet/fleet.types.js';

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

function identityLines(script: string, machine: FleetMachine): string[] {
  const s = script.toLowerCase();
  const id = machine.identity;
  const lines: string[] = [];
  if (s.includes('win32_computersystemproduct') || s.includes('dmidecode') || s.includes('/sys/class/dmi/id')) {
    lines.push(`UUID=${id.smbiosUuid}`, `IdentifyingNumber=${id.serialNumber}`, `Vendor=${id.manufacturer}`, `Name=${id.model}`);
  }
  if (s.includes('win32_baseboard')) lines.push(`BaseBoardSerialNumber=${id.boardSerial}`);
  if (s.includes('win32_networkadapter')) for (const mac of id.macAddresses) lines.push(`MACAddress=${mac}`);
  if (s.includes('win32_operatingsystem')) lines.push(`InstallDate=${id.osInstallDate}`, `CSName=${machine.hostname}`);
  return lines;
}

/**
 * Simulates running `script` (in `language`) on `machine`.
 * @param machine - The machine's ground truth; undefined when the fleet does not know it.
 */
export function runSimulatedScript(script: string, language: string, machine: FleetMachine | undefined): ScriptRun {
  const out: string[] = machine ? identityLines(script, machine) : [];
  const echo = /^\s*(?:Write-Output|Write-Host|echo)\s+(.+)$/i;
  const exit = /^\s*exit\s+(-?\d+)\s*;?\s*$/i;
  const thrown = /^\s*throw\s+(.+)$/i;
  for (const line of script.split(/\r?\n/)) {
    const e = echo.exec(line);
    if (e) {
      out.push(unquote(e[1] as string));
      continue;
    }
    const x = exit.exec(line);
    if (x) {
      const code = Number(x[1]);
      if (code !== 0) return { status: 'Failed', output: out.join('\n'), message: `Script exited with code ${code}`, exitCode: code };
      break;
    }
    const t = thrown.exec(line);
    if (t && language.toLowerCase() === 'powershell') {
      const msg = unquote(t[1] as string);
      return { status: 'Failed', output: [...out, msg].join('\n'), message: `Script exited with code 1: ${msg}`, exitCode: 1 };
    }
  }
  return { status: 'Success', output: out.join('\n'), message: 'Script exited with code 0', exitCode: 0 };
}
