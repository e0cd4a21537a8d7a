/**
 * Normalises the hardware identifiers RMMs report, so that the same value written two ways
 * (`{6f9619ff-…}` vs `6F9619FF-…`, `00-1A-2B-…` vs `001a2b…`) compares equal. Normalising is
 * separate from vetting: whether a value is a known placeholder is the registry's business.
 */

const UUID_HEX = /^[0-9A-F]{32}$/;
const UUID_CANONICAL = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const SERIAL_CANONICAL = /^[0-9A-Z][0-9A-Z./_-]*$/;
const MAC_HEX = /^[0-9A-F]{12}$/;

/**
 * An SMBIOS UUID in canonical form: upper-case, no braces, `8-4-4-4-12`. Returns undefined
 * for anything that is not 32 hex digits once braces, dashes and spaces are removed.
 *
 * @example normaliseUuid('{6f9619ff-8b86-d011-b42d-00c04fc964ff}') // '6F9619FF-8B86-D011-B42D-00C04FC964FF'
 */
export function normaliseUuid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Most RMMs already report the canonical form: test without allocating.
  if (UUID_CANONICAL.test(value)) return value;
  const hex = value.replace(/[{}\s-]/g, '').toUpperCase();
  if (!UUID_HEX.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A MAC address as 12 upper-case hex digits without separators (IT Glue's form). Returns
 * undefined for anything that is not a 48-bit address.
 *
 * @example normaliseMac('00:1a:2b:3c:4d:5e') // '001A2B3C4D5E'
 */
export function normaliseMac(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Nearly every RMM reports `AA:BB:CC:DD:EE:FF`, `aa-bb-…` or the bare 12 digits: read those
  // with one scan and one allocation instead of a regexp replace, an upper-casing and a test.
  if (value.length === 12 || value.length === 17) {
    const fast = macFromPairs(value);
    if (fast !== undefined) return fast;
  }
  const hex = value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return MAC_HEX.test(hex) ? hex : undefined;
}

/** Upper-case value of a hex digit's char code, or -1 for anything else. */
function upperHex(c: number): number {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70)) return c;
  if (c >= 97 && c <= 102) return c - 32;
  return -1;
}

/** Whether a char code is an ASCII letter or digit (what {@link normaliseMac}'s replace keeps). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * 12 hex digits, or six hex pairs with one non-alphanumeric character between each, as 12
 * upper-case digits; undefined for any other shape (the general path decides those).
 */
function macFromPairs(value: string): string | undefined {
  const step = value.length === 12 ? 2 : 3;
  const d = new Array<number>(12);
  for (let pair = 0; pair < 6; pair++) {
    const at = pair * step;
    const hi = upperHex(value.charCodeAt(at));
    const lo = upperHex(value.charCodeAt(at + 1));
    if (hi < 0 || lo < 0) return undefined;
    if (step === 3 && pair < 5 && isAsciiAlnum(value.charCodeAt(at + 2))) return undefined;
    d[pair * 2] = hi;
    d[pair * 2 + 1] = lo;
  }
  return String.fromCharCode(...d);
}

/**
 * A serial number trimmed, inner whitespace collapsed, upper-cased: serials are compared
 * case-insensitively (the catalogue's convention). Empty → undefined.
 */
export function normaliseSerial(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SERIAL_CANONICAL.test(value)) return value;
  const text = value.trim().replace(/\s+/g, ' ').toUpperCase();
  return text === '' ? undefined : text;
}

/** Free text (models, hostnames) for comparison: trimmed, upper-cased, whitespace collapsed. */
export function normaliseText(value: string | undefined): string | undefined {
  return normaliseSerial(value);
}

/** A hostname for comparison: upper-case, without the DNS suffix (`pc-01.corp.local` → `PC-01`). */
export function normaliseHostname(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const dot = text.indexOf('.');
  const short = dot < 0 ? text : text.slice(0, dot);
  return short === '' ? undefined : short.toUpperCase();
}

/** Common ways one vendor is written; keys are already stripped of punctuation and legal suffixes. */
const VENDOR_ALIASES: Record<string, string> = {
  'DELL': 'DELL',
  'DELL COMPUTER': 'DELL',
  'HEWLETT PACKARD': 'HP',
  'HEWLETTPACKARD': 'HP',
  'HP': 'HP',
  'HPE': 'HP',
  'LENOVO': 'LENOVO',
  'IBM': 'LENOVO',
  'MICROSOFT': 'MICROSOFT',
  'VMWARE': 'VMWARE',
  'ASUSTEK COMPUTER': 'ASUS',
  'ASUSTEK': 'ASUS',
  'ASUS': 'ASUS',
  'ACER': 'ACER',
  'FUJITSU': 'FUJITSU',
  'FUJITSU SIEMENS': 'FUJITSU',
  'APPLE': 'APPLE',
};
const LEGAL_SUFFIX = /\b(INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY|LTD|LIMITED|GMBH|LLC|AG|SA|INTERNATIONAL)\b/g;

/**
 * A manufacturer reduced to a vendor name, so `Dell Inc.` and `DELL` agree and the trusted
 * vendor list can say `DELL`, `HP`, `LENOVO`.
 *
 * @example normaliseManufacturer('Hewlett-Packard Company') // 'HP'
 */
export function normaliseManufacturer(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // A fleet has a few dozen spellings of a few vendors: remember them (bounded, in case of junk).
  if (vendorCache.has(value)) return vendorCache.get(value);
  const vendor = vendorOf(value);
  if (vendorCache.size < 10_000) vendorCache.set(value, vendor);
  return vendor;
}

const vendorCache = new Map<string, string | undefined>();

function vendorOf(value: string): string | undefined {
  const text = normaliseText(value);
  if (text === undefined) return undefined;
  const stripped = text
    .replace(/[^0-9A-Z ]+/g, ' ')
    .replace(LEGAL_SUFFIX, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (stripped === '') return undefined;
  return VENDOR_ALIASES[stripped] ?? VENDOR_ALIASES[stripped.replace(/ /g, '')] ?? stripped;
}

/**
 * Whether a MAC is locally administered (bit 1 of the first octet): randomised Wi-Fi MACs and
 * most virtual adapters are, and they say nothing about which machine this is.
 */
export function isLocallyAdministeredMac(normalisedMac: string): boolean {
  const first = Number.parseInt(normalisedMac.slice(0, 2), 16);
  return (first & 0b10) !== 0;
}
