/**
 * Turns a ScriptRequest into the single parameter of Automate's "Execute command" (command id 2,
 * reference §6.1): `"<executable>!!!<arguments>"`. PowerShell scripts travel Base64-encoded
 * (UTF-16LE, `-EncodedCommand`) so no quoting of the script can go wrong; cmd bodies are joined
 * into one `cmd.exe /c` line. Parameters become variables set before the body.
 */
import { ConfigError, UnsupportedError, type ScriptRequest } from '@rmm-hub/core/plugin';

/** Command id of "Execute command", a string as the spec types `LabTech.Models.Command.Id`. */
export const EXECUTE_COMMAND_ID = '2';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkNames(parameters: Record<string, string>): void {
  for (const name of Object.keys(parameters)) {
    if (!NAME.test(name)) {
      throw new ConfigError(`parameters.${name}`, 'a script parameter name must be a letter or _ followed by letters, digits or _', {
        hint: 'Rename the parameter; it becomes a PowerShell variable or a cmd environment variable.',
      });
    }
  }
}

/** The `exe!!!arguments` parameter for a request. */
export function commandParameter(request: Pick<ScriptRequest, 'language' | 'body' | 'parameters'>): string {
  checkNames(request.parameters);
  if (request.language === 'powershell') {
    const prelude = Object.entries(request.parameters).map(([name, value]) => `$${name} = '${value.replace(/'/g, "''")}'`);
    const script = [...prelude, request.body].join('\n');
    return `powershell.exe!!!-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${Buffer.from(script, 'utf16le').toString('base64')}`;
  }
  if (request.language === 'cmd') {
    const lines = request.body.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    // `set "name=value"` keeps spaces and most specials literal; % and ^ still need escaping in cmd.
    const sets = Object.entries(request.parameters).map(([name, value]) => `set "${name}=${value.replace(/\^/g, '^^').replace(/%/g, '%%')}"`);
    return `cmd.exe!!!/c ${[...sets, ...lines].join(' & ')}`;
  }
  throw new UnsupportedError(`cw-automate: ${request.language} scripts are not supported`, {
    hint: 'Automate\'s CommandExecute runs cmd and PowerShell on Windows agents; use language "powershell" or "cmd".',
  });
}
