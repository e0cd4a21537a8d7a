/**
 * DeleteAgent and MoveAgent (optional capabilities). DeleteAgent retires a computer with
 * `DELETE computers/{id}` (needs Computers.Delete) and reports the Retired Assets row it
 * leaves; MoveAgent moves it to a location with a
 * JSON-Patch `PATCH computers/{id}` (needs Computers.Edit) — the client follows the location.
 * Both are off until enabled in `features`; the host previews DeleteAgent (`dryRun`) first.
 */
import { NotFoundError, ProtocolError, UnsupportedError, isRmmError, type DeleteAgent, type DeleteAgentResult, type MoveAgent } from '@rmm-hub/core/plugin';

import type { AutomateApi, Row } from './automate-api.js';
import type { AutomateConfig } from './config.js';
import { resolveLocation } from './location-target.js';
import { field, parseDate, parseId, text } from './parse-values.js';

/** The move paths to try, best guess first (the real one is not documented, reference §8.1). */
const MOVE_PATCHES = (locationId: number): unknown[][] => [
  [{ op: 'replace', path: '/Location/Id', value: locationId }],
  [{ op: 'replace', path: 'Location', value: { Id: locationId } }],
  [{ op: 'replace', path: '/LocationId', value: locationId }],
];

function computerIdOf(agentId: string): string {
  const id = parseId(agentId);
  if (!id) throw new NotFoundError(`cw-automate: "${agentId}" is not an Automate computer id`, { hint: 'Automate computer ids are positive integers.' });
  return id;
}

export class AutomateAgentAdmin implements DeleteAgent, MoveAgent {
  constructor(
    private readonly api: AutomateApi,
    private readonly features: AutomateConfig['features'],
  ) {}

  /** The computer's row, or undefined when Automate no longer has it. */
  private async computer(computerId: string, signal?: AbortSignal): Promise<Row | undefined> {
    const s = signal ? { signal } : {};
    try {
      return (await this.api.get<Row>('/computers/{computerId}', { params: { computerId }, ...s })).body;
    } catch (error) {
      if (!(isRmmError(error) && error.code === 'RMM_ERR_NOT_FOUND')) throw error;
    }
    // Older servers lack the single-item route; the list with `ids` always works.
    const { body } = await this.api.get<Row[]>('/computers', { query: { ids: computerId, pageSize: 1, page: 1 }, ...s });
    return Array.isArray(body) ? body.find((row) => parseId(field(row, 'Id')) === computerId) : undefined;
  }

  async deleteAgent(agentId: string, options: { dryRun: boolean; signal?: AbortSignal }): Promise<DeleteAgentResult> {
    const computerId = computerIdOf(agentId);
    const row = await this.computer(computerId, options.signal);
    if (!row) throw new NotFoundError(`cw-automate: computer ${computerId} does not exist (any more)`, { hint: 'It may already be retired; refresh the computer list.' });
    const description = `computer ${computerId} "${text(field(row, 'ComputerName')) ?? '?'}" of client "${text(field(field(row, 'Client'), 'Name')) ?? '?'}" (last contact ${parseDate(field(row, 'RemoteAgentLastContact')) ?? 'unknown'})`;
    if (options.dryRun) return { agentId: computerId, applied: false, message: `Would retire ${description} in Automate (it moves to Retired Assets).` };
    if (!this.features.deleteAgent) {
      throw new UnsupportedError('cw-automate: retiring computers is turned off for this integration', {
        hint: 'Set features.deleteAgent: true in the integration config (the Automate user also needs Computers.Delete).',
      });
    }
    try {
      await this.api.http.request({ method: 'DELETE', path: '/computers/{computerId}', params: { computerId }, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      // A DELETE repeated after a lost response finds nothing to delete: that is success.
      if (!(isRmmError(error) && error.code === 'RMM_ERR_NOT_FOUND') || (await this.computer(computerId, options.signal))) throw error;
    }
    return { agentId: computerId, applied: true, message: `Retired ${description}; ${await this.retiredAssetNote(computerId, options.signal)}.` };
  }

  /**
   * Where the retired computer went: its Retired Assets row, or none when the server deleted
   * it outright (which of the two DELETE does is unconfirmed, reference §8.2). The deletion is
   * done either way, so a failed read only says so.
   */
  private async retiredAssetNote(computerId: string, signal?: AbortSignal): Promise<string> {
    try {
      const { body } = await this.api.get<Row[]>('/RetiredAssets', { query: { condition: `ComputerId = ${Number(computerId)}`, pageSize: 1, page: 1 }, ...(signal ? { signal } : {}) });
      const assetId = Array.isArray(body) ? parseId(field(body[0], 'Id')) : undefined;
      return assetId ? `it is Retired Assets row ${assetId}` : 'the server left no Retired Assets row (deleted outright)';
    } catch (error) {
      return `its Retired Assets row could not be read (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  async moveAgent(agentId: string, targetClientId: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.features.moveAgent) {
      throw new UnsupportedError('cw-automate: moving computers is turned off for this integration', {
        hint: 'Set features.moveAgent: true in the integration config (the Automate user also needs Computers.Edit).',
      });
    }
    const computerId = computerIdOf(agentId);
    const locationId = Number(await resolveLocation(this.api, targetClientId, options.signal));
    let lastError: unknown;
    for (const patch of MOVE_PATCHES(locationId)) {
      try {
        const res = await this.api.http.request<Row>({
          method: 'PATCH',
          path: '/computers/{computerId}',
          params: { computerId },
          json: patch,
          // Setting a location is idempotent, so repeating it after a lost response is safe.
          idempotent: true,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const now = parseId(field(field(res.body, 'Location'), 'Id'));
        if (now === undefined || Number(now) === locationId) return;
        lastError = new ProtocolError(`cw-automate: Automate accepted the move of computer ${computerId} but it is still in location ${now}`);
      } catch (error) {
        // 400: this server does not know that patch path; try the next spelling.
        if (!(isRmmError(error) && error.code === 'RMM_ERR_PROTOCOL' && error.context['status'] === 400)) throw error;
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new ProtocolError(`cw-automate: could not move computer ${computerId}`);
  }
}
