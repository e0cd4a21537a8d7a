/**
 * Canary secrets: every secret the run configured (each literal the kit turned into an `env:`
 * reference, the bad credentials' too) and every value `options.secrets` names, searched for in
 * every error (with its cause chain), event, log line and capability result of the whole run, in
 * literal, URL-encoded, JSON-escaped, hex and base64 form. The check first runs a battery of its
 * own, so it means something even when run alone.
 */
import { describeLeaks, findLeaks } from '../../canary.js';
import { ConformanceFailure, listSome } from '../conformance-failure.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'secrets';

/** Fails when any canary secret appears in anything the run produced. */
export async function checkSecrets(session: ConformanceSession<unknown>): Promise<void> {
  await session.withHost(session.goodConfig, 'secrets battery (good config)', async (host) => {
    await session.call(host, 'HealthCheck', 'secrets battery');
    const clients = await session.list(host, 'ListClients', 'secrets battery');
    await session.list(host, 'ListComputers', 'secrets battery', { clientIds: clients.records.slice(0, 3).map((c) => c.id) });
  });
  await session.withHost(session.options.badCredentials(session.goodConfig, session.server), 'secrets battery (bad credentials)', async (host) => {
    await session.call(host, 'HealthCheck', 'secrets battery, bad credentials');
    await session.list(host, 'ListClients', 'secrets battery, bad credentials');
  });
  const canaries = session.canaries();
  if (canaries.length === 0) {
    throw new ConformanceFailure(CHECK, 'no canary secrets: mark the credential fields with secret() in configSchema (or pass options.secrets)');
  }
  const found: string[] = [];
  for (const artefact of session.artefacts()) {
    const leaks = findLeaks(artefact.value, canaries, artefact.kind);
    if (leaks.length > 0) found.push(`${artefact.source}: ${describeLeaks(leaks, 3)}`);
  }
  if (found.length > 0) {
    throw new ConformanceFailure(CHECK, `secret values leaked in ${found.length} place(s): ${listSome([...new Set(found)], 5)}. Keep secrets out of messages, hints, context and error causes.`);
  }
}
