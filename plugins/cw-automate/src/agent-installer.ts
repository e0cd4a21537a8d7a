/**
 * GetAgentInstaller (optional): `POST RemoteAgent/Installers` with `{ LocationId, InstallerType }`
 * answers an installer token as a bare JSON string (reference §8.4), valid for a day; the
 * download is `<server>/LabTech/Deployment.aspx?InstallerToken=<token>`. For Windows that is an
 * MSI (InstallerType 1), which installs silently: the installer carries a script that does so.
 * The macOS and Linux downloads are archives whose layout the reference does not pin down, so
 * those installers carry no script.
 */
import { ProtocolError, type AgentInstallerInput, type AgentInstallerRequest, type AgentPlatform, type GetAgentInstaller } from '@rmm-hub/core/plugin';

import type { AutomateApi } from './automate-api.js';
import { resolveLocation } from './location-target.js';

/** InstallerType per platform: 1 Windows MSI, 4 Linux x86_64, 5 macOS. */
const INSTALLER_TYPE: Record<AgentPlatform, number> = { windows: 1, linux: 4, macos: 5 };
/** Automate's installer tokens expire after a day (reference §8.4). */
const TOKEN_LIFETIME_MS = 86_400_000;

export class AutomateAgentInstaller implements GetAgentInstaller {
  constructor(
    private readonly api: AutomateApi,
    private readonly serverUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async getAgentInstaller(request: AgentInstallerRequest, options: { signal?: AbortSignal } = {}): Promise<AgentInstallerInput> {
    const locationId = Number(await resolveLocation(this.api, request.clientId, options.signal));
    const issuedAt = this.now();
    const { body } = await this.api.http.request<unknown>({
      method: 'POST',
      path: '/RemoteAgent/Installers',
      json: { LocationId: locationId, InstallerType: INSTALLER_TYPE[request.platform] },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const token = typeof body === 'string' ? body.trim() : '';
    if (token === '') throw new ProtocolError('cw-automate: RemoteAgent/Installers answered without an installer token', { hint: 'Check the Automate version and that the API user may deploy agents.' });
    const url = new URL('/LabTech/Deployment.aspx', this.serverUrl);
    url.searchParams.set('InstallerToken', token);
    return {
      clientId: request.clientId,
      platform: request.platform,
      url: url.toString(),
      token,
      expiresAt: new Date(issuedAt + TOKEN_LIFETIME_MS).toISOString(),
      instructions: `Download and run the Automate ${request.platform} installer for location ${locationId} from the URL within a day${request.platform === 'windows' ? ' (msiexec /i <file> /qn)' : ''}.`,
      ...(request.platform === 'windows' ? { installScript: { language: 'powershell' as const, body: windowsInstallScript(url.toString()) } } : {}),
    };
  }
}

/** Downloads the location's MSI and installs it silently; the script's exit code is msiexec's. */
function windowsInstallScript(url: string): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    "$msi = Join-Path $env:TEMP 'Automate_Agent_Install.msi'",
    `Invoke-WebRequest -UseBasicParsing -Uri '${url.replace(/'/g, "''")}' -OutFile $msi`,
    `$install = Start-Process -FilePath msiexec.exe -ArgumentList @('/i', ('"' + $msi + '"'), '/qn', '/norestart') -Wait -PassThru`,
    'Remove-Item -Force $msi',
    'exit $install.ExitCode',
  ].join('\n');
}
