import { describe, expect, it } from 'vitest';

import { formatIdentityOutput, IDENTITY_SCRIPT, identityScriptRequest, parseIdentityOutput } from './identity-script.js';

describe('identity script', () => {
  it('reads Win32_ComputerSystemProduct and works on PowerShell 2', () => {
    expect(IDENTITY_SCRIPT).toContain('Win32_ComputerSystemProduct');
    expect(IDENTITY_SCRIPT).toContain('Get-WmiObject');
    expect(identityScriptRequest('42')).toMatchObject({ agentId: '42', language: 'powershell' });
  });

  it('round-trips what it prints, through banners, a BOM and CRLF', () => {
    const identity = { smbiosUuid: '4C4C4544-0042', serialNumber: 'ABC1234', manufacturer: 'Dell Inc.', model: 'Latitude 5440', boardSerial: '/ABC1234/', macAddresses: ['00:1A:2B:3C:4D:5E', '00:1A:2B:3C:4D:5F'], osInstallDate: '2024-02-03T04:05:06.000Z' };
    const output = `\uFEFFWindows PowerShell\r\nCopyright (C) Microsoft\r\n${formatIdentityOutput(identity)}Transcript stopped\r\n`;
    expect(parseIdentityOutput(output)).toEqual(identity);
  });

  it('accepts JSON and Format-List output', () => {
    expect(parseIdentityOutput('noise {"UUID":"AAA","IdentifyingNumber":"S1","Vendor":"HP","MACAddress":["00:11:22:33:44:55"]} tail')).toEqual({
      smbiosUuid: 'AAA', serialNumber: 'S1', manufacturer: 'HP', macAddresses: ['00:11:22:33:44:55'],
    });
    expect(parseIdentityOutput('UUID              : BBB\nIdentifyingNumber : S2\n')).toEqual({ smbiosUuid: 'BBB', serialNumber: 'S2', macAddresses: [] });
  });

  it('returns undefined when neither a UUID nor a serial came back', () => {
    expect(parseIdentityOutput('Access is denied.')).toBeUndefined();
    expect(parseIdentityOutput('RMMHUB-IDENTITY-BEGIN\r\nuuid=\r\nserial=\r\nRMMHUB-IDENTITY-END')).toBeUndefined();
  });
});
