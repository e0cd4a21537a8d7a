/**
 * A host application on rmm-hub, start to finish: open a hub, sync with progress, link the
 * MSP's own clients by hand (auto-linking waits for that first decision), sync again, list the
 * computers identified across both RMMs, and run a script on one of them.
 */
import { fileURLToPath } from 'node:url';

import { RmmHub } from '@rmm-hub/hub';

import { startSimulatedRmms } from './simulated-rmms.js';

/** What the example did, for its test and for the console. */
export interface HostAppSummary {
  integrations: { id: string; state: string }[];
  progressEvents: number;
  clients: number;
  links: number;
  computers: number;
  script: { computerId: string; computerName: string; integrationId: string; status: string; output: string } | undefined;
}

/** This example's own folder: its package.json lists the plugins the hub discovers. */
const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs the example against freshly started simulators, and stops them afterwards. */
export async function runHostApp(options: { devices?: number; log?: (line: string) => void } = {}): Promise<HostAppSummary> {
  const log = options.log ?? (() => undefined);
  const rmms = await startSimulatedRmms(options.devices ?? 40);
  const hub = await RmmHub.open({ config: rmms.config, baseDir: rmms.baseDir, appRoot: APP_ROOT });
  try {
    let progressEvents = 0;
    hub.on('sync:finished', (e) => log(`${e.integrationId}: sync ${e.status} in ${e.durationMs} ms`));
    await hub.sync({ onProgress: () => progressEvents++ });

    const msp = rmms.fleet.tenants.find((t) => t.isMsp);
    for (const client of await hub.clients()) {
      const rmm = client.integrationId === 'ncentral' ? 'ncentral' : 'automate';
      if (msp && rmms.fleet.truth.tenantOfClient(rmm, Number(client.id)) === msp.id && hub.links.config.linkableKinds.includes(client.kind)) {
        await hub.links.accept({ integrationId: client.integrationId, clientId: client.id, tenantId: msp.id, actor: 'host-app' });
      }
    }
    await hub.sync({ onProgress: () => progressEvents++ });

    const computers = await hub.computers.list();
    log(`${computers.length} computers identified`);
    let target: (typeof computers)[number] | undefined;
    for (const c of computers) {
      if ((await hub.scriptTargets(c.id)).some((a) => a.online)) {
        target = c;
        break;
      }
    }
    const outcome = target ? await hub.runScript(target.id, { language: 'powershell', body: 'Get-CimInstance Win32_ComputerSystem | Select-Object Name, Manufacturer, Model', timeoutMs: 60_000 }, { actor: 'host-app' }) : undefined;
    return {
      integrations: hub.integrations().map((i) => ({ id: i.id, state: i.state })),
      progressEvents,
      clients: (await hub.clients()).length,
      links: (await hub.links.view()).links.length,
      computers: computers.length,
      script: outcome && target && { computerId: outcome.computerId, computerName: target.name, integrationId: outcome.integrationId, status: outcome.result.status, output: outcome.result.output.trim() },
    };
  } finally {
    await hub.close();
    await rmms.stop();
  }
}
