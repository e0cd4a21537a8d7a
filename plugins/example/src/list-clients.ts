/**
 * ListClients: Example RMM customers, page by page. `paginate.pageNumber` asks for the next page
 * only when the host has taken every record of the current one, so memory stays flat.
 */
import { paginate, type HttpClient, type ListClients, type RmmClientInput } from '@rmm-hub/core/plugin';

import type { ExamplePage } from './example-api.js';
import type { ExampleCustomer } from './fake-server/example-data.js';

export class ExampleListClients implements ListClients {
  constructor(
    private readonly http: HttpClient,
    private readonly pageSize: number,
  ) {}

  async *listClients(options?: { signal?: AbortSignal }): AsyncIterable<RmmClientInput> {
    const signal = options?.signal;
    const customers = paginate.pageNumber<ExampleCustomer>({
      pageSize: this.pageSize,
      ...(signal ? { signal } : {}),
      fetchPage: async (page, limit) => {
        const { body } = await this.http.request<ExamplePage<ExampleCustomer>>({ method: 'GET', path: '/api/v1/customers', query: { page, limit }, ...(signal ? { signal } : {}) });
        return { items: body.data, totalItems: body.total };
      },
    });
    for await (const customer of customers) {
      yield {
        id: customer.id,
        name: customer.name,
        kind: 'customer',
        hints: { domains: customer.domain ? [customer.domain.toLowerCase()] : [] },
      };
    }
  }
}
