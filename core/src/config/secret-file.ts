/**
 * Reading a `file:` secret safely. A secret reference is read before anything else runs, so a
 * careless path must not hang or flood the process (`/dev/zero`, a FIFO nobody writes to, a log
 * file) or quietly send the wrong file (`/etc/passwd`) as a password.
 *
 * - Only regular files are read; devices, FIFOs, sockets and directories are refused. The file
 *   is opened non-blocking and checked on the open descriptor, so a FIFO swapped in after the
 *   check cannot block either.
 * - At most {@link MAX_SECRET_FILE_BYTES} are read.
 * - A symbolic link is followed, with a warning naming its target: Kubernetes and Docker mount
 *   secrets through links, so refusing them would refuse the common deployments, while the
 *   warning shows an administrator which file is really used.
 * - A file that group or others may read is used with a warning, as ssh warns about keys.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';

import { ConfigError } from '../errors/catalogue.js';

/** Secrets are tokens and passwords; anything larger is the wrong file. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** Something worth telling the administrator about a setting that still works. */
export interface ConfigWarning {
  /** Where in the config, e.g. `integrations[0].config.jwt`. */
  path: string;
  message: string;
  hint?: string;
}

/**
 * Reads the secret in `file` (trailing newline dropped).
 * @param at  the config path of the reference, for errors and warnings
 * @param warn  receives the warnings (symbolic link followed, readable by others)
 * @throws ConfigError when the file is missing or unreadable, not a regular file, or too large.
 */
export function readSecretFile(file: string, at: string, warn: (warning: ConfigWarning) => void): string {
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) {
      target = realpathSync(file);
      warn({ path: at, message: `the secret file ${file} is a symbolic link to ${target}; reading ${target}`, hint: 'Refer to the file itself if the link is not meant to be followed.' });
    }
  } catch (cause) {
    throw unreadable(at, file, cause);
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise block; O_NOFOLLOW: the link was resolved above.
    fd = openSync(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (cause) {
    throw unreadable(at, target, cause);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new ConfigError(at, `refers to ${target}, which is ${kindOf(stat)}, not a regular file`, {
        hint: 'Point the reference at a file that holds only the secret.',
      });
    }
    if (stat.size > MAX_SECRET_FILE_BYTES) {
      throw new ConfigError(at, `refers to ${target}, which is ${stat.size} bytes; a secret file holds at most ${MAX_SECRET_FILE_BYTES}`, {
        hint: 'Point the reference at a file that holds only the secret.',
      });
    }
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      warn({
        path: at,
        message: `the secret file ${target} can be read by ${stat.mode & 0o007 ? 'every user' : 'its group'} (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')})`,
        hint: `Restrict it to its owner: chmod 600 ${target}`,
      });
    }
    // Read one byte past the limit, in case the file grew since fstat.
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_SECRET_FILE_BYTES) {
      throw new ConfigError(at, `refers to ${target}, which holds more than ${MAX_SECRET_FILE_BYTES} bytes`, { hint: 'Point the reference at a file that holds only the secret.' });
    }
    return buffer.toString('utf8', 0, length).replace(/\r?\n$/, '');
  } finally {
    closeSync(fd);
  }
}

function unreadable(at: string, file: string, cause: unknown): ConfigError {
  return new ConfigError(at, `refers to the file ${file}, which cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
    cause,
    hint: 'Check the path (relative paths start at the config file) and that rmm-hub may read it.',
  });
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a plain file';
}
