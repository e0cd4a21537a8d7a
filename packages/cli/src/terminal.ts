/**
 * What the terminal can show. Marks such as ✓ ✗ → … need a UTF-8 locale; elsewhere (a Windows
 * console in a legacy code page, `LANG=C` under cron, a Linux console) they turn into
 * mojibake, so the output layer swaps in ASCII.
 */

const ASCII: Readonly<Record<string, string>> = { '✓': 'ok', '✗': 'x', '→': '->', '←': '<-', '…': '...', '—': '-', '–': '-', '’': "'", '·': '*' };
const NON_ASCII_MARK = new RegExp(`[${Object.keys(ASCII).join('')}]`, 'g');

/** True when the locale says UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set decides). */
export function isUnicodeTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'win32') return Boolean(env['WT_SESSION'] ?? env['TERM_PROGRAM']);
  if (env['TERM'] === 'linux') return false;
  const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
  return /utf-?8/i.test(locale);
}

/** `text` with our marks in ASCII when the terminal is not UTF-8; data (names) is left alone. */
export function markSafe(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return isUnicodeTerminal(env) ? text : text.replace(NON_ASCII_MARK, (c) => ASCII[c] ?? c);
}
