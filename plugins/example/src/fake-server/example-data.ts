/**
 * The Example RMM's data: customers and their devices, generated deterministically from a count,
 * so a test knows exactly what a complete listing holds.
 */

/** A customer as the Example RMM API returns it. */
export interface ExampleCustomer {
  id: number;
  name: string;
  /** The customer's e-mail domain, when set. */
  domain: string | null;
}

/** A device as the Example RMM API returns it. */
export interface ExampleDevice {
  id: number;
  customerId: number;
  hostname: string;
  os: string;
  status: 'online' | 'offline';
  /** Last check-in, ISO 8601 with offset. */
  lastContact: string;
  hardware: { uuid: string | null; serial: string | null; vendor: string | null; model: string | null; macs: string[] };
  /** False for network probes and appliances that cannot run scripts. */
  scripting: boolean;
}

/** Builds `customers` customers; customer n (1-based) has `devicesFor(n)` devices. */
export function exampleData(customers: number, devicesFor: (customer: number) => number): { customers: ExampleCustomer[]; devices: ExampleDevice[] } {
  const list: ExampleCustomer[] = [];
  const devices: ExampleDevice[] = [];
  for (let c = 1; c <= customers; c++) {
    list.push({ id: 500 + c, name: `Customer ${c} ${c % 3 === 0 ? 'Ltd' : 'GmbH'}`, domain: c % 2 === 0 ? `customer${c}.example` : null });
    for (let d = 1; d <= devicesFor(c); d++) {
      const id = 70_000 + c * 1000 + d;
      const hex = id.toString(16).padStart(8, '0');
      devices.push({
        id,
        customerId: 500 + c,
        hostname: `C${c}-PC${String(d).padStart(3, '0')}`,
        os: d % 4 === 0 ? 'Ubuntu 24.04' : 'Windows 11 Pro',
        status: d % 3 === 0 ? 'offline' : 'online',
        lastContact: new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + id * 1000).toISOString(),
        hardware: {
          uuid: `${hex}-1111-4222-8333-${hex}0000`,
          serial: `SN${id}`,
          vendor: 'Example Computers',
          model: 'EC-1',
          macs: [`02:00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`],
        },
        scripting: d % 7 !== 0,
      });
    }
  }
  return { customers: list, devices };
}
