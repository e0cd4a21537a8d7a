/**
 * An installer as a person reviews it: the token and the URL that carries it are shown by their
 * last characters only. Enough to tell two installers apart, not enough to join a machine to
 * the client with.
 */
import type { AgentInstaller } from '../capabilities/get-agent-installer.js';

export interface MaskedInstaller {
  url?: string | undefined;
  token?: string | undefined;
  expiresAt?: string | undefined;
  instructions: string;
  /** The install script, the token masked in it; absent when the RMM's installer allows none. */
  installScript?: { language: string; body: string } | undefined;
}

/** `••••` and the last four characters of a secret. */
export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/** `text` with every occurrence of `secret` (raw or URL-encoded) masked. */
export function maskIn(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === '') return text;
  return [...new Set([secret, encodeURIComponent(secret)])].reduce((out, form) => out.split(form).join(maskSecret(secret)), text);
}

export function maskInstaller(installer: AgentInstaller): MaskedInstaller {
  const mask = (text: string): string => maskIn(text, installer.token);
  return {
    ...(installer.url !== undefined ? { url: mask(installer.url) } : {}),
    ...(installer.token !== undefined ? { token: maskSecret(installer.token) } : {}),
    ...(installer.expiresAt !== undefined ? { expiresAt: installer.expiresAt } : {}),
    instructions: mask(installer.instructions),
    ...(installer.installScript !== undefined ? { installScript: { language: installer.installScript.language, body: mask(installer.installScript.body) } } : {}),
  };
}
