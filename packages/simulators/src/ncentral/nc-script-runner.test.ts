import { describe, expect, it } from 'vitest';

import type { FleetMachine } from '../fleet/fleet.types.js';
import { runSimulatedScript } from './nc-script-runner.js';

const machine: FleetMachine = {
  id: 'm1',
  tenantId: 't1',
  hostname: 'PC-01',
  os: 'Microsoft Windows 11 Pro',
  isVirtual: false,
  identity: {
    smbiosUuid: '4C4C4544-0042-3510-8052-B7C04F4E3232',
    serialNumber: '7B52NN2',
    boardSerial: '/7B52NN2/CNWS2001/',
    manufacturer: 'Dell Inc.',
    model: 'Latitude 5420',
    macAddresses: ['D4:81:D7:AA:BB:01', '0A:00:27:00:00:07'],
    osInstallDate: '2024-02-01T09:30:00.000Z',
  },
};

describe('runSimulatedScript', () => {
  it('prints the documented Key=Value identity form for a bare WMI query', () => {
    const run = runSimulatedScript('Get-CimInstance -ClassName Win32_ComputerSystemProduct | Select-Object UUID, IdentifyingNumber, Vendor', 'powershell', machine);
    expect(run).toEqual({
      status: 'Success',
      exitCode: 0,
      message: 'Script exited with code 0',
      output: 'UUID=4C4C4544-0042-3510-8052-B7C04F4E3232\nIdentifyingNumber=7B52NN2\nVendor=Dell Inc.\nName=Latitude 5420',
    });
  });

  it('evaluates variables, fallbacks, interpolation and loops; prints nothing it cannot evaluate', () => {
    const script = [
      "$p = Get-CimInstance Win32_ComputerSystemProduct",
      "$s = $p.Missing",
      "if (-not $s) { $s = $p.IdentifyingNumber }",
      'Write-Output "serial: $s on $($p.Vendor)"',
      "Get-CimInstance Win32_NetworkAdapter | ForEach-Object { \"mac=$($_.MACAddress)\" }",
      'Write-Output (Get-Date)',
      "Write-Host 'done'",
    ].join('\n');
    expect(runSimulatedScript(script, 'powershell', machine).output).toBe('serial: 7B52NN2 on Dell Inc.\nmac=D4:81:D7:AA:BB:01\nmac=0A:00:27:00:00:07\ndone');
  });

  it('fails on exit n and throw, keeping the output printed before', () => {
    expect(runSimulatedScript("Write-Output 'a'\nexit 3\nWrite-Output 'b'", 'powershell', machine)).toMatchObject({ status: 'Failed', exitCode: 3, output: 'a', message: 'Script exited with code 3' });
    expect(runSimulatedScript("throw 'boom'", 'powershell', machine)).toMatchObject({ status: 'Failed', exitCode: 1, output: 'boom' });
    expect(runSimulatedScript('echo hi\nexit 0\necho no', 'cmd', machine)).toMatchObject({ status: 'Success', output: 'hi' });
    expect(runSimulatedScript('sudo dmidecode -s system-uuid', 'bash', machine).output).toContain('UUID=4C4C4544-0042-3510-8052-B7C04F4E3232');
  });
});
