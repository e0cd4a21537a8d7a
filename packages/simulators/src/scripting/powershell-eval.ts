/**
 * A tiny evaluator for the PowerShell that identity scripts are made of: WMI/CIM queries
 * assigned to variables, property reads, `if (-not $x) { $x = … }` fallbacks, `Write-Output`
 * of literals and `('key=' + $x.Prop)` concatenations, `"…$($x.Prop)…"` interpolation,
 * `… Win32_X … | ForEach-Object { … $_.Prop … }` loops, and `$d.ToUniversalTime().ToString(…)`.
 * Values come from the machine's TRUE identity. Anything it cannot evaluate prints nothing
 * (never the source text), so a parser downstream sees only what a real run could print.
 *
 * A query that is neither assigned nor piped into a loop (`Get-CimInstance Win32_X | Select …`)
 * prints every known property of the class as `Prop=Value`, one per line, in a fixed order.
 */
import type { FleetMachine } from '../fleet/fleet.types.js';

/** A value in the evaluator: text, a date (ISO instant), or a WMI instance. */
type Value = { text: string } | { date: string } | { wmi: string; index: number } | undefined;

/** Known properties per WMI class, in output order, as functions of the machine. */
const CLASSES: Record<string, Record<string, (m: FleetMachine, i: number) => Value>> = {
  win32_computersystemproduct: {
    UUID: (m) => ({ text: m.identity.smbiosUuid }),
    IdentifyingNumber: (m) => ({ text: m.identity.serialNumber }),
    Vendor: (m) => ({ text: m.identity.manufacturer }),
    Name: (m) => ({ text: m.identity.model }),
  },
  win32_bios: { SerialNumber: (m) => ({ text: m.identity.serialNumber }), Manufacturer: (m) => ({ text: m.identity.manufacturer }) },
  win32_baseboard: { SerialNumber: (m) => ({ text: m.identity.boardSerial }), Manufacturer: (m) => ({ text: m.identity.manufacturer }), Product: (m) => ({ text: m.identity.model }) },
  win32_operatingsystem: { InstallDate: (m) => ({ date: m.identity.osInstallDate }), CSName: (m) => ({ text: m.hostname }), Caption: (m) => ({ text: m.os }) },
  win32_computersystem: { Name: (m) => ({ text: m.hostname }), Manufacturer: (m) => ({ text: m.identity.manufacturer }), Model: (m) => ({ text: m.identity.model }) },
  win32_networkadapter: { MACAddress: (m, i) => ({ text: m.identity.macAddresses[i] ?? '' }) },
  win32_networkadapterconfiguration: { MACAddress: (m, i) => ({ text: m.identity.macAddresses[i] ?? '' }) },
};

function instances(cls: string, m: FleetMachine): number {
  return cls.startsWith('win32_networkadapter') ? m.identity.macAddresses.length : 1;
}

function render(v: Value): string | undefined {
  if (v === undefined) return undefined;
  if ('text' in v) return v.text;
  if ('date' in v) return v.date;
  return undefined;
}

/** Evaluates PowerShell scripts against one machine. */
export class PowerShellEval {
  private readonly vars = new Map<string, Value>();
  readonly out: string[] = [];

  constructor(private readonly machine: FleetMachine) {}

  /** Runs the script line by line. */
  run(script: string): void {
    for (const line of script.split(/\r?\n/)) this.statement(line.trim());
  }

  private classIn(text: string): string | undefined {
    const m = /['"]?(Win32_\w+)['"]?/i.exec(text);
    const cls = m?.[1]?.toLowerCase();
    return cls !== undefined && cls in CLASSES ? cls : undefined;
  }

  private statement(line: string): void {
    if (line === '' || line.startsWith('#') || /^function\s/i.test(line) || line === '}' || line.startsWith('$ErrorActionPreference')) return;
    let m = /^if\s*\(\s*-not\s+\$(\w+)\s*\)\s*\{\s*(.+?)\s*\}$/i.exec(line);
    if (m) {
      if (!render(this.vars.get(m[1]!.toLowerCase()))) this.statement(m[2]!);
      return;
    }
    m = /^if\s*\(\s*\$(\w+)\s*\)\s*\{\s*(.+?)\s*\}$/i.exec(line);
    if (m) {
      if (this.vars.get(m[1]!.toLowerCase()) !== undefined) this.statement(m[2]!);
      return;
    }
    if (/^if\s*\(/i.test(line)) return; // other conditions: not modelled
    m = /^\$(\w+)\s*=\s*(.+)$/.exec(line);
    if (m) {
      const cls = this.classIn(m[2]!);
      if (cls) this.vars.set(m[1]!.toLowerCase(), { wmi: cls, index: 0 });
      else {
        const value = this.expr(m[2]!, undefined);
        if (value !== undefined) this.vars.set(m[1]!.toLowerCase(), value);
      }
      return;
    }
    const loop = /\|\s*ForEach-Object\s*\{\s*(.+?)\s*\}\s*$/i.exec(line);
    const cls = this.classIn(line);
    if (loop && cls) {
      for (let i = 0; i < instances(cls, this.machine); i++) this.output(loop[1]!, { wmi: cls, index: i });
      return;
    }
    if (cls && /^(Get-CimInstance|Get-WmiObject|gwmi|Get-Wmi)\b/i.test(line)) {
      for (let i = 0; i < instances(cls, this.machine); i++) {
        for (const [prop, read] of Object.entries(CLASSES[cls]!)) this.out.push(`${prop}=${render(read(this.machine, i)) ?? ''}`);
      }
      return;
    }
    this.output(line, undefined);
  }

  /** An output statement (Write-Output, Write-Host, echo, or a bare string expression). */
  private output(text: string, it: Value): void {
    const m = /^(?:Write-Output|Write-Host|echo)\s+(.+)$/i.exec(text);
    const arg = m ? m[1]! : /^["'(]/.test(text) ? text : undefined;
    if (arg === undefined) return;
    const value = render(this.expr(arg, it));
    if (value !== undefined) this.out.push(value);
  }

  /** Evaluates an expression; undefined when it is outside the modelled subset. */
  private expr(src: string, it: Value): Value {
    const s = src.trim();
    if (wrapped(s)) return this.expr(s.slice(1, -1), it);
    if (/^'[^']*'$/.test(s)) return { text: s.slice(1, -1) };
    if (/^"[^"]*"$/.test(s)) {
      let failed = false;
      const text = s.slice(1, -1).replace(/\$\((.+?)\)|\$(\w+)/g, (_all, inner: string | undefined, name: string | undefined) => {
        const v = render(this.expr(inner ?? `$${name}`, it));
        if (v === undefined) failed = true;
        return v ?? '';
      });
      return failed ? undefined : { text };
    }
    const plus = splitPlus(s);
    if (plus.length > 1) {
      const parts = plus.map((p) => render(this.expr(p, it)));
      return parts.some((p) => p === undefined) ? undefined : { text: parts.join('') };
    }
    const ref = /^\$(\w+)((?:\.\w+(?:\([^)]*\))?)*)$/.exec(s);
    if (!ref) return undefined;
    let value: Value = ref[1] === '_' ? it : this.vars.get(ref[1]!.toLowerCase());
    for (const member of ref[2]!.match(/\.\w+(?:\([^)]*\))?/g) ?? []) value = this.member(value, member.slice(1));
    return value;
  }

  private member(value: Value, member: string): Value {
    if (value === undefined) return undefined;
    if ('wmi' in value) {
      const read = Object.entries(CLASSES[value.wmi] ?? {}).find(([p]) => p.toLowerCase() === member.toLowerCase())?.[1];
      return read?.(this.machine, value.index);
    }
    if ('date' in value) {
      if (/^ToUniversalTime\(\)$/i.test(member)) return value;
      // The format scripts use for an ISO instant; other formats print the same, documented.
      if (/^ToString\(/i.test(member)) return { text: `${value.date.slice(0, 19)}Z` };
    }
    return /^ToString\(\)$/i.test(member) ? { text: render(value) ?? '' } : undefined;
  }
}

/** True when the whole expression is one parenthesised group: `(a + b)`, not `(a) + (b)`. */
function wrapped(s: string): boolean {
  if (!s.startsWith('(') || !s.endsWith(')')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

/** Splits `a + b + c` at top-level plus signs (outside quotes and parentheses). */
function splitPlus(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '+' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}
