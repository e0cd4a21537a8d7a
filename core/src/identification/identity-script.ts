/**
 * The identity script: PowerShell run through an RMM's RunScript on an agent that reported no
 * usable hardware identifiers, and a tolerant parser of what comes back. RMMs wrap script
 * output in banners, change line endings, add a BOM or truncate, and old machines run
 * PowerShell 2 (no CIM cmdlets, no ConvertTo-Json), so the script prints plain `key=value`
 * lines between markers and the parser also accepts JSON and `Key : Value` listings.
 */
import type { ScriptRequestInput } from '../capabilities/run-script.js';

const BEGIN = 'RMMHUB-IDENTITY-BEGIN';
const END = 'RMMHUB-IDENTITY-END';

/**
 * Reads Win32_ComputerSystemProduct (UUID, IdentifyingNumber, Vendor, Name), Win32_BIOS
 * (serial), Win32_BaseBoard (board serial), physical adapters' MACs and the OS install date.
 * Falls back to Get-WmiObject where Get-CimInstance is missing (PowerShell 2).
 */
export const IDENTITY_SCRIPT = `$ErrorActionPreference = 'SilentlyContinue'
function Get-Wmi($class, $filter) {
  if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) { if ($filter) { Get-CimInstance -ClassName $class -Filter $filter } else { Get-CimInstance -ClassName $class } }
  else { if ($filter) { Get-WmiObject -Class $class -Filter $filter } else { Get-WmiObject -Class $class } }
}
$p = Get-Wmi 'Win32_ComputerSystemProduct' | Select-Object -First 1
$bios = Get-Wmi 'Win32_BIOS' | Select-Object -First 1
$board = Get-Wmi 'Win32_BaseBoard' | Select-Object -First 1
$os = Get-Wmi 'Win32_OperatingSystem' | Select-Object -First 1
$serial = $bios.SerialNumber
if (-not $serial) { $serial = $p.IdentifyingNumber }
$install = $os.InstallDate
if ($install -is [string]) { $install = [Management.ManagementDateTimeConverter]::ToDateTime($install) }
Write-Output '${BEGIN}'
Write-Output ('uuid=' + $p.UUID)
Write-Output ('serial=' + $serial)
Write-Output ('manufacturer=' + $p.Vendor)
Write-Output ('model=' + $p.Name)
Write-Output ('board=' + $board.SerialNumber)
if ($install) { Write-Output ('osinstall=' + $install.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')) }
Get-Wmi 'Win32_NetworkAdapter' 'PhysicalAdapter=True' | Where-Object { $_.MACAddress } | ForEach-Object { Write-Output ('mac=' + $_.MACAddress) }
Write-Output '${END}'
`;

/** The RunScript request for the identity script. */
export function identityScriptRequest(agentId: string, timeoutMs = 120_000): ScriptRequestInput {
  return { agentId, language: 'powershell', body: IDENTITY_SCRIPT, parameters: {}, timeoutMs };
}

/** What the script reported; only the keys it could read are present. Fits `AgentIdentity`. */
export interface ScriptIdentity {
  smbiosUuid?: string;
  serialNumber?: string;
  boardSerial?: string;
  manufacturer?: string;
  model?: string;
  macAddresses: string[];
  osInstallDate?: string;
}

const FIELD: Record<string, keyof ScriptIdentity | 'mac'> = {
  uuid: 'smbiosUuid',
  smbiosuuid: 'smbiosUuid',
  serial: 'serialNumber',
  serialnumber: 'serialNumber',
  identifyingnumber: 'serialNumber',
  manufacturer: 'manufacturer',
  vendor: 'manufacturer',
  model: 'model',
  name: 'model',
  board: 'boardSerial',
  boardserial: 'boardSerial',
  osinstall: 'osInstallDate',
  osinstalldate: 'osInstallDate',
  installdate: 'osInstallDate',
  mac: 'mac',
  macaddress: 'mac',
  macaddresses: 'mac',
};

/**
 * Parses the script's output. Returns undefined when it holds neither a UUID nor a serial
 * (the run failed in a way the exit code did not show).
 *
 * @example parseIdentityOutput('RMMHUB-IDENTITY-BEGIN\r\nuuid=4C4C4544-…\r\nRMMHUB-IDENTITY-END')
 */
export function parseIdentityOutput(output: string): ScriptIdentity | undefined {
  const text = output.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const begin = text.lastIndexOf(BEGIN);
  const end = begin < 0 ? -1 : text.indexOf(END, begin);
  const body = begin < 0 ? text : text.slice(begin + BEGIN.length, end < 0 ? undefined : end);
  const fromJson = parseJsonObject(body);
  const identity: ScriptIdentity = fromJson ?? { macAddresses: [] };
  if (fromJson === undefined) {
    for (const line of body.split('\n')) {
      const match = /^\s*([A-Za-z][A-Za-z ]*?)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (!match) continue;
      assign(identity, (match[1] as string).replace(/\s+/g, '').toLowerCase(), match[2] as string);
    }
  }
  if (identity.smbiosUuid === undefined && identity.serialNumber === undefined) return undefined;
  return identity;
}

function assign(identity: ScriptIdentity, key: string, rawValue: unknown): void {
  const field = FIELD[key];
  if (field === undefined) return;
  if (field === 'mac') {
    const values = Array.isArray(rawValue) ? rawValue : [rawValue];
    for (const v of values) if (typeof v === 'string' && v.trim() !== '') identity.macAddresses.push(v.trim());
    return;
  }
  if (typeof rawValue !== 'string' || rawValue.trim() === '') return;
  const value = rawValue.trim();
  if (field === 'osInstallDate') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) identity.osInstallDate = new Date(ms).toISOString();
    return;
  }
  // The first value wins: the marker block is read top-down and WMI lists the primary first.
  if (identity[field] === undefined) (identity as unknown as Record<string, unknown>)[field] = value;
}

function parseJsonObject(body: string): ScriptIdentity | undefined {
  const start = body.indexOf('{');
  const stop = body.lastIndexOf('}');
  if (start < 0 || stop <= start) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(start, stop + 1));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const identity: ScriptIdentity = { macAddresses: [] };
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) assign(identity, key.toLowerCase(), value);
  return identity;
}

/**
 * The output the identity script prints for a machine: what a simulator (or a test) answers
 * when asked to run {@link IDENTITY_SCRIPT}.
 */
export function formatIdentityOutput(identity: {
  smbiosUuid?: string | undefined;
  serialNumber?: string | undefined;
  boardSerial?: string | undefined;
  manufacturer?: string | undefined;
  model?: string | undefined;
  macAddresses?: readonly string[] | undefined;
  osInstallDate?: string | undefined;
}): string {
  const lines = [BEGIN];
  const put = (key: string, value: string | undefined): void => {
    lines.push(`${key}=${value ?? ''}`);
  };
  put('uuid', identity.smbiosUuid );
  put('serial', identity.serialNumber );
  put('manufacturer', identity.manufacturer );
  put('model', identity.model );
  put('board', identity.boardSerial );
  if (identity.osInstallDate !== undefined) put('osinstall', identity.osInstallDate);
  for (const mac of identity.macAddresses ?? []) put('mac', mac);
  lines.push(END);
  return `${lines.join('\r\n')}\r\n`;
}
