/**
 * Progress bars for long work, drawn on stderr from the host's sync events: one line per
 * integration with its phase and counts. On a terminal the lines redraw in place; elsewhere
 * (CI logs, pipes) a line is printed per phase change, so logs stay readable.
 */
import type { Host, HostEvents, SyncPhase } from '@rmm-hub/core';

interface Line {
  phase: SyncPhase | 'done' | 'failed';
  clients: number;
  agents: number;
  batches: string;
  identified: string;
  status: string;
}

const PHASES: SyncPhase[] = ['health', 'clients', 'linking', 'agents', 'identification'];

export function attachProgress(host: Host, stream: NodeJS.WriteStream = process.stderr): () => void {
  const tty = Boolean(stream.isTTY);
  const lines = new Map<string, Line>();
  let drawn = 0;
  let lastDraw = 0;

  const bar = (line: Line): string => {
    const index = line.phase === 'done' || line.phase === 'failed' ? PHASES.length : PHASES.indexOf(line.phase);
    const filled = Math.round((index / PHASES.length) * 20);
    return `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
  };
  const render = (id: string, line: Line): string =>
    `${id.padEnd(18)} ${bar(line)} ${String(line.phase).padEnd(14)} clients ${String(line.clients).padStart(6)}  agents ${String(line.agents).padStart(7)}${line.batches ? ` (${line.batches})` : ''}${line.identified ? `  identification ${line.identified}` : ''}${line.status ? `  ${line.status}` : ''}`;

  const draw = (force = false): void => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const [id, line] of lines) stream.write(`\x1b[2K${render(id, line)}\n`);
    drawn = lines.size;
  };
  const update = (id: string, patch: Partial<Line>, announce = false): void => {
    const line = lines.get(id) ?? { phase: 'health', clients: 0, agents: 0, batches: '', identified: '', status: '' };
    const phaseChanged = patch.phase !== undefined && patch.phase !== line.phase;
    Object.assign(line, patch);
    lines.set(id, line);
    if (tty) draw(announce);
    else if (phaseChanged || announce) stream.write(`${render(id, line)}\n`);
  };

  const onStarted = (e: HostEvents['sync:started']): void => update(e.integrationId, { phase: 'health' }, true);
  const onProgress = (e: HostEvents['sync:progress']): void => {
    const patch: Partial<Line> = { phase: e.phase };
    if (e.phase === 'clients') patch.clients = e.done;
    if (e.phase === 'agents') {
      patch.agents = e.done;
      patch.batches = e.detail ?? '';
    }
    if (e.phase === 'identification') patch.identified = e.total ? `${e.done}/${e.total}` : String(e.done);
    update(e.integrationId, patch);
  };
  const onFinished = (e: HostEvents['sync:finished']): void =>
    update(e.integrationId, { phase: e.status === 'succeeded' ? 'done' : 'failed', status: `${e.status} in ${(e.durationMs / 1000).toFixed(1)} s` }, true);

  host.events.on('sync:started', onStarted);
  host.events.on('sync:progress', onProgress);
  host.events.on('sync:finished', onFinished);
  return () => {
    draw(true);
    host.events.off('sync:started', onStarted);
    host.events.off('sync:progress', onProgress);
    host.events.off('sync:finished', onFinished);
  };
}
