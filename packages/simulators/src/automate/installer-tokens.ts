/**
 * `POST RemoteAgent/Installers` (reference §8.4): `{ LocationId, InstallerType }` → the
 * installer token as a bare JSON string. Types 1–5 (Windows MSI, Windows EXE, Linux x86,
 * Linux x86_64, macOS); tokens are kept so tests can see what was issued.
 */
import { randomBytes } from 'node:crypto';

import type { SimRequest, SimResponse } from '../server/router.js';

export interface IssuedInstaller {
  token: string;
  locationId: number;
  installerType: number;
}

export class InstallerTokens {
  readonly issued: IssuedInstaller[] = [];

  constructor(private readonly locationExists: (locationId: number) => boolean) {}

  handle(req: SimRequest): SimResponse {
    const body = req.json<Record<string, unknown>>();
    const field = (name: string): unknown => (body && typeof body === 'object' ? Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] : undefined);
    const locationId = Number(field('LocationId'));
    const installerType = Number(field('InstallerType'));
    if (!Number.isInteger(installerType) || installerType < 1 || installerType > 5) return { status: 400, body: { Message: 'InstallerType must be 1 to 5.' } };
    if (!Number.isInteger(locationId) || !this.locationExists(locationId)) return { status: 400, body: { Message: 'LocationId is not a valid location.' } };
    const token = randomBytes(16).toString('hex');
    this.issued.push({ token, locationId, installerType });
    return { status: 200, body: token };
  }
}
