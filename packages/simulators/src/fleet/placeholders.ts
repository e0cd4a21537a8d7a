/**
 * Known-bad identifier values the generator injects, taken from the catalogue in
 * shared/reference/prior-art.md §D.4 (GLPI blacklist defaults, CIPP exclusions, public
 * inventory code). The identification engine must learn to ignore exactly these.
 */

/** Placeholder / unset SMBIOS UUIDs. */
export const PLACEHOLDER_UUIDS: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '03000200-0400-0500-0006-000700080009',
  '6AB5B300-538D-1014-9FB5-B0684D007B53',
  '01010101-0101-0101-0101-010101010101',
  '00010203-0405-0607-0809-0A0B0C0D0E0F',
  'DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF',
  'FEFEFEFE-FEFE-FEFE-FEFE-FEFEFEFEFEFE',
];

/** Placeholder serial numbers (compare case-insensitively after trimming). */
export const PLACEHOLDER_SERIALS: readonly string[] = [
  'To Be Filled By O.E.M.',
  'System Serial Number',
  'SystemSerialNumber',
  'Default string',
  '0',
  '0123456789',
  '123456789',
  '............',
  'N/A',
  '(null string)',
  'INVALID',
  'SYS-1234567890',
  'SN-12345',
  'NNNNNNN',
  'xxxxxxxxxxx',
  'EVAL',
  'none',
  'Not Specified',
  'OEM_Serial',
  'Chassis Serial Number',
  'Not Applicable',
  'Not Available',
  'To be filled by OEM',
  'O.E.M.',
  '000000000000',
  'Unknown',
];

/** True when `serial` is one of {@link PLACEHOLDER_SERIALS} (case-insensitive, trimmed). */
export function isPlaceholderSerial(serial: string | undefined): boolean {
  if (serial === undefined) return false;
  const s = serial.trim().toLowerCase();
  return PLACEHOLDER_SERIALS.some((p) => p.toLowerCase() === s);
}

/** True when `uuid` is one of {@link PLACEHOLDER_UUIDS} (case-insensitive). */
export function isPlaceholderUuid(uuid: string | undefined): boolean {
  return uuid !== undefined && PLACEHOLDER_UUIDS.includes(uuid.toUpperCase());
}
