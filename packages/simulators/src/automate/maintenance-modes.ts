/**
 * Maintenance mode (reference §8.7): `GET computers/MaintenanceModes` lists
 * `{ ComputerID, TimeStart, Duration, Mode, UserID }` [C]. How a client sets and clears it is not
 * documented; the simulator takes the plugin's reading — `POST computers/MaintenanceModes` with
 * such a row, `DELETE computers/MaintenanceModes/{computerId}` — and a server without those
 * routes is one option away (`maintenanceModeRoutes: false`), for the "not supported" path.
 */
import type { SimRequest, SimResponse } from '../server/router.js';

export interface MaintenanceModeRow {
  ComputerID: number;
  TimeStart: string;
  /** Minutes. */
  Duration: number;
  Mode: number;
  UserID: number;
}

/** A switch as tests see it, in order. */
export interface MaintenanceSwitch {
  computerId: number;
  enabled: boolean;
}

export class MaintenanceModes {
  readonly #active = new Map<number, MaintenanceModeRow>();
  /** Every switch on and off, in order. */
  readonly switches: MaintenanceSwitch[] = [];

  constructor(
    private readonly computerExists: (computerId: number) => boolean,
    private readonly now: () => number,
  ) {}

  /** The modes still running (a mode whose duration has passed has ended by itself). */
  rows(): MaintenanceModeRow[] {
    return [...this.#active.values()].filter((row) => Date.parse(row.TimeStart) + row.Duration * 60_000 > this.now());
  }

  start(req: SimRequest): SimResponse {
    const body = req.json<Record<string, unknown>>();
    const field = (name: string): unknown => (body && typeof body === 'object' ? Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] : undefined);
    const computerId = Number(field('ComputerID'));
    const duration = Number(field('Duration'));
    if (!Number.isInteger(computerId) || !this.computerExists(computerId)) return { status: 404, body: { Message: 'Computer not found.' } };
    if (!Number.isInteger(duration) || duration < 1) return { status: 400, body: { Message: 'Duration must be a positive number of minutes.' } };
    this.#active.set(computerId, { ComputerID: computerId, TimeStart: new Date(this.now()).toISOString(), Duration: duration, Mode: Number(field('Mode')) || 1, UserID: 42 });
    this.switches.push({ computerId, enabled: true });
    return { status: 204 };
  }

  end(computerId: number): SimResponse {
    if (!this.computerExists(computerId)) return { status: 404, body: { Message: 'Computer not found.' } };
    this.#active.delete(computerId);
    this.switches.push({ computerId, enabled: false });
    return { status: 204 };
  }
}
