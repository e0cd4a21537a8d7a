/**
 * Sync progress on stderr, from the host's sync events: one line per integration with its
 * phase and counts. On a terminal the lines redraw in place (log-update); elsewhere (CI logs,
 * pipes) a line is printed per phase change, so logs stay readable. Detaching leaves the final
 * state on screen, so whatever is printed next (the sync summary) comes below it, never under it.
 */
import { createLogUpdate } from 'log-update';

import type { HostEvents, SyncPhase } from '@rmm-hub/core';
import type { RmmHub } from '@rmm-hub/hub';

import { setLiveRegion, writeStderr } from './stderr-lines.js';
import { terminalSafe } from './output.js';

interface Line {
  phase: SyncPhase | 'done' | 'failed';
  clients: number;
  agents: number;
  batches: string;
  identified: string;
  status: string;
}

const PHASES: SyncPhase[] = ['health', 'clients', 'linking', 'agents', 'identification'];
/** Redraws at most this often: a 100,000-agent listing emits far more events than a screen shows. */
const FRAME_MS = 100;

function bar(line: Line): string {
  const index = line.phase === 'done' || line.phase === 'failed' ? PHASES.length : PHASES.indexOf(line.phase);
  const filled = Math.round((index / PHASES.length) * 20);
  return `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
}

function render(id: string, line: Line): string {
  return terminalSafe(
    `${id.padEnd(18)} ${bar(line)} ${String(line.phase).padEnd(14)} clients ${String(line.clients).padStart(6)}  agents ${String(line.agents).padStart(7)}${line.batches ? ` (${line.batches})` : ''}${line.identified ? `  identification ${line.identified}` : ''}${line.status ? `  ${line.status}` : ''}`,
  );
}

export function attachProgress(hub: Pick<RmmHub, 'on'>, stream: NodeJS.WriteStream = process.stderr): () => void {
  const tty = Boolean(stream.isTTY);
  const lines = new Map<string, Line>();
  const frame = (): string => [...lines].map(([id, line]) => render(id, line)).join('\n');
  const screen = tty ? createLogUpdate(stream) : undefined;
  let pending: NodeJS.Timeout | undefined;
  const draw = (): void => {
    pending = undefined;
    if (lines.size > 0) screen?.(frame());
  };
  const release = screen
    ? setLiveRegion({
        clear: () => screen.clear(),
        redraw: draw,
      })
    : () => undefined;

  const update = (id: string, patch: Partial<Line>, announce = false): void => {
    const line = lines.get(id) ?? { phase: 'health', clients: 0, agents: 0, batches: '', identified: '', status: '' };
    const phaseChanged = patch.phase !== undefined && patch.phase !== line.phase;
    Object.assign(line, patch);
    lines.set(id, line);
    if (!screen) {
      if (phaseChanged || announce) writeStderr(`${render(id, line)}\n`);
    } else if (announce) {
      if (pending) clearTimeout(pending);
      draw();
    } else {
      pending ??= setTimeout(draw, FRAME_MS);
    }
  };

  const onStarted = (e: HostEvents['sync:started']): void => update(e.integrationId, { phase: 'health' }, true);
  const onProgress = (e: HostEvents['sync:progress']): void => {
    // Identification runs once for the whole sync, after the integrations have finished: it
    // updates their counters but does not take a finished line back to a running phase.
    const finished = lines.get(e.integrationId)?.phase === 'done' || lines.get(e.integrationId)?.phase === 'failed';
    const patch: Partial<Line> = finished ? {} : { phase: e.phase };
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

  const unsubscribe = [hub.on('sync:started', onStarted), hub.on('progress', onProgress), hub.on('sync:finished', onFinished)];
  let detached = false;
  return () => {
    if (detached) return;
    detached = true;
    for (const stop of unsubscribe) stop();
    if (pending) clearTimeout(pending);
    release();
    if (screen) {
      draw();
      screen.done();
    }
  };
}
