/**
 * ListComputers: the devices of each asked-for customer, streamed page by page. The API has one
 * device list per customer, so the clients are walked one after the other.
 */
import { paginate, type HttpClient, type ListComputers, type ListComputersQuery, type RmmAgentInput } from '@rmm-hub/core/plugin';

import type { ExamplePage } from './example-api.js';
import type { ExampleDevice } from './fake-server/example-data.js';

export class ExampleListComputers implements ListComputers {
  constructor(
    private readonly http: HttpClient,
    private readonly pageSize: number,
  ) {}

  async *listComputers(query: ListComputersQuery, options?: { signal?: AbortSignal }): AsyncIterable<RmmAgentInput> {
    const signal = options?.signal;
    for (const customerId of query.clientIds) {
      const devices = paginate.pageNumber<ExampleDevice>({
        pageSize: this.pageSize,
        ...(signal ? { signal } : {}),
        fetchPage: async (page, limit) => {
          const { body } = await this.http.request<ExamplePage<ExampleDevice>>({
            method: 'GET',
            path: '/api/v1/customers/{customerId}/devices',
            params: { customerId },
            query: { page, limit },
            ...(signal ? { signal } : {}),
          });
          return { items: body.data, totalItems: body.total };
        },
      });
      for await (const device of devices) yield toAgent(device);
    }
  }
}

/** The Example RMM's device record in the core's shape. */
export function toAgent(device: ExampleDevice): RmmAgentInput {
  return {
    id: device.id,
    clientId: device.customerId,
    hostname: device.hostname,
    os: device.os,
    online: device.status === 'online',
    lastSeen: device.lastContact,
    canRunScripts: device.scripting,
    identity: {
      smbiosUuid: device.hardware.uuid,
      serialNumber: device.hardware.serial,
      manufacturer: device.hardware.vendor,
      model: device.hardware.model,
      macAddresses: device.hardware.macs,
    },
  };
}
