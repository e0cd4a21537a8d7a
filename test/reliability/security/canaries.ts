/** The canary secrets the secrets suites configure, how they look for them, and the CLI tour both take. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { World } from '../support/world.js';

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
/** A JWT-shaped N-central token whose every part is unique to this test. */
export const NC_JWT = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"canary-api-user@msp.example","iat":1700000000}')}.CanaryNcJwtSig7f3a9b21c4d5e6f708`;
export const AUTOMATE_PASSWORD = 'Canary-Pw-5e1d9c0b7a3f';
export const TOTP_SECRET = 'CANARYTOTPQ7XK4M2ZLBWN';
/** What must never be seen: each secret whole, and the distinctive parts of each. */
export const CANARIES = [NC_JWT, 'CanaryNcJwtSig7f3a9b21c4d5e6f708', AUTOMATE_PASSWORD, '5e1d9c0b7a3f', TOTP_SECRET];

/** The canaries found in `text` (plain, UTF-16 and base64 forms for raw bytes). */
export function found(text: string): string[] {
  return CANARIES.filter((c) => text.includes(c));
}
export function foundInBytes(bytes: Buffer): string[] {
  return CANARIES.filter((c) => bytes.includes(Buffer.from(c, 'utf8')) || bytes.includes(Buffer.from(c, 'utf16le')) || bytes.includes(Buffer.from(Buffer.from(c).toString('base64'))));
}

/**
 * Once the MSP's clients are linked: syncs, the reading commands, a script and a timeline, then
 * both RMMs refuse the credentials (N-central the canary JWT, Automate the password) for what
 * the suite runs next.
 */
export async function linkedCommandsThenRefusals(run: (...args: string[]) => Promise<string>, world: World): Promise<void> {
  await run('sync');
  await run('sync', '--json');
  await run('status');
  await run('status', '--json');
  await run('links', '--json');
  await run('plugins', '--json');
  const computers = JSON.parse(await run('computers', '--json')) as { id?: string; computerId?: string }[] | { computers: { id: string }[] };
  const list = Array.isArray(computers) ? computers : computers.computers;
  const computerId = String((list[0] as { id?: string; computerId?: string }).id ?? (list[0] as { computerId?: string }).computerId);
  writeFileSync(join(world.dir, 'hello.ps1'), 'Write-Output "hello"\n');
  await run('run-script', '--computer', computerId, '--file', join(world.dir, 'hello.ps1'), '--json', '--timeout', '60');
  await run('computer', computerId, '--timeline', '--json');
  world.ncentral.control.regenerateJwt();
  world.ncentral.control.restart();
  world.automate.control.restart();
}
