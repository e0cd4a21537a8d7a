/**
 * Renders docs/reliability.md from the suites' result files: the load figures, the fault
 * matrix, crash safety, the inputs tried, secrets and isolation — each with the command that
 * produced it and when. Pure: data in, Markdown out.
 */

/** One suite's saved figures. */
export interface SuiteResult {
  suite: string;
  recordedAt: string;
  node: string;
  platform: string;
  durationMs: number;
  /** Tests of the suite that passed and that exist, when the suite counts them. */
  passed?: number;
  expected?: number;
  data: unknown;
}

type Row = Record<string, unknown>;

const cell = (value: unknown): string => String(value ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (headers: string[], rows: unknown[][]): string =>
  [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const incomplete = (r: SuiteResult): string =>
  r.expected !== undefined && (r.passed ?? 0) < r.expected ? `**⚠ Only ${r.passed ?? 0} of ${r.expected} tests of this suite passed (or ran) in the last run; the figures are partial.** ` : '';
const stamp = (r: SuiteResult): string => `${incomplete(r)}_Recorded ${r.recordedAt.slice(0, 16).replace('T', ' ')} UTC, Node ${r.node} on ${r.platform}, suite time ${seconds(r.durationMs)}._`;
const short = (text: unknown, max = 110): string => {
  const s = String(text ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

function faultSection(results: SuiteResult[]): string[] {
  const parts = results.filter((r) => r.suite.startsWith('faults-'));
  if (parts.length === 0) return ['## Fault matrix', '', '_Not run yet: `pnpm test:reliability`._'];
  const rows: Row[] = [];
  const na: Row[] = [];
  for (const part of parts) {
    const data = part.data as { rows: Row[]; notApplicable: Row[] };
    rows.push(...data.rows);
    na.push(...data.notApplicable);
  }
  const ok = (r: Row): boolean =>
    (r['lost'] as unknown[]).length === 0 &&
    r['dataMatchesBaseline'] === true &&
    r['recoveredAfterClear'] === true &&
    r['leaks'] === 0 &&
    (r['expected'] === 'recovers' ? r['outcome'] === 'recovered' : r['outcome'] === 'coded error');
  const survived = rows.filter(ok).length;
  const lost = rows.reduce((n, r) => n + (r['lost'] as unknown[]).length, 0);
  const out = [
    '## Fault matrix',
    '',
    `Each pair: a clean baseline sync of a 120-device fleet (sync, the MSP's manual link, sync), the fault armed on the simulator, a sync through the real host, engines and SQLite store, then the fault cleared and one more sync. **${survived} of ${rows.length} pairs behaved as required; ${lost} stored records were lost or marked gone.** ${na.length} pairs do not apply (listed below).`,
    '',
    table(
      ['RMM', 'fault', 'variant', 'expected', 'fault sync', 'error code', 'faults injected', 'lost', 'data = baseline', 'next sync clean', 'fault sync time'],
      rows.map((r) => [
        r['rmm'],
        r['fault'],
        r['variant'],
        r['expected'],
        r['outcome'] === 'recovered' ? 'completed' : `${String(r['status'])}`,
        r['code'] ?? '—',
        r['faultsInjected'],
        (r['lost'] as unknown[]).length,
        r['dataMatchesBaseline'] ? 'yes' : 'NO',
        r['recoveredAfterClear'] ? (r['recoveredIn'] === 'fresh-runtime' ? 'yes (next process¹)' : 'yes') : 'NO',
        seconds(Number(r['faultSyncMs'])),
      ]),
    ),
    '',
    '"faults injected" counts what the simulator\'s FaultInjector injected; the RMM switches (token expiry, restart, expired password, EULA, TOTP, error inside a 200) are flipped through the simulators\' control API and do not show there.',
    '',
    '¹ After refused credentials the token manager deliberately stays silent for a cool-down (5 min, doubling) so an account lock-out policy is never tripped; the suite checks that the same runtime kept the error without a login attempt, and that the next `rmm-hub sync` process is clean.',
    '',
    'Hints the errors carried (what an administrator reads):',
    '',
    ...rows.filter((r) => r['hint']).map((r) => `- ${String(r['rmm'])} · ${String(r['fault'])} (${String(r['variant'])}): \`${String(r['code'])}\` — ${short(r['hint'], 200)}`),
    '',
    'Not applicable:',
    '',
    ...na.map((r) => `- ${String(r['rmm'])} · ${String(r['fault'])} (${String(r['variant'])}): ${String(r['reason'])}`),
    '',
    ...parts.map(stamp),
  ];
  return out;
}

function section(result: SuiteResult | undefined, title: string, notRun: string, render: (data: never) => string[]): string[] {
  if (!result) return [`## ${title}`, '', `_${notRun}_`];
  return [`## ${title}`, '', ...render(result.data as never), '', stamp(result)];
}

/** The whole page. */
export function renderReliabilityReport(results: SuiteResult[]): string {
  const by = (suite: string): SuiteResult | undefined => results.find((r) => r.suite === suite);
  const lines = [
    '# Reliability and security figures',
    '',
    '<!-- Generated by the reliability suite (test/reliability); do not edit by hand. -->',
    '',
    'Every figure below comes from a test in `test/reliability/` that fails when the property does not hold; each test saves its figures to `test/reliability/results/*.json` and this page is rendered from those files.',
    '',
    '- `pnpm test:reliability`: everything except the load test, a few minutes on 2 cores; it rewrites this page (plain `npm test` runs the same tests and leaves the page alone).',
    `- \`${POSTGRES_RUN}\`: the crash and secrets suites again on the PostgreSQL store (their \`*.postgres.test.ts\` twins, on the server the postgres project starts).`,
    '- `RMM_LOAD=1 RMM_RELIABILITY_REPORT=1 npx vitest run --project reliability test/reliability/load`: the 100,000-device load test (its figures stay until the next load run).',
    '',
    ...summary(by),
    '',
    ...section(by('load'), 'Load: 100,000 devices across both RMMs', 'Not run yet: `RMM_LOAD=1 RMM_RELIABILITY_REPORT=1 npx vitest run --project reliability test/reliability/load`.', renderLoad),
    '',
    ...faultSection(results),
    '',
    ...section(by('crash'), 'Crash safety: kill -9 during sync', 'Not run yet.', renderCrash),
    '',
    ...section(by('crash-postgres'), 'Crash safety on PostgreSQL: kill -9 during sync', `Not run yet: \`${POSTGRES_RUN}\`.`, renderCrashPostgres),
    '',
    ...processesSection(by),
    '',
    '## Bad input',
    '',
    ...section(by('bad-input-config'), 'Config files and plugin manifests', 'Not run yet.', renderConfigFuzz).slice(0).map((l) => (l.startsWith('## ') ? `#${l}` : l)),
    '',
    ...section(by('bad-input-responses'), 'RMM responses', 'Not run yet.', renderResponseFuzz).map((l) => (l.startsWith('## ') ? `#${l}` : l)),
    '',
    ...section(by('secrets'), 'Secrets', 'Not run yet.', renderSecrets),
    '',
    ...section(by('secrets-postgres'), 'Secrets on PostgreSQL', `Not run yet: \`${POSTGRES_RUN}\`.`, renderChecks),
    '',
    ...section(by('tls'), 'TLS verification', 'Not run yet.', renderChecks),
    '',
    ...section(by('files'), 'Files and permissions', 'Not run yet.', renderChecks),
    '',
    ...section(by('response-size'), 'Response size limit', 'Not run yet.', renderResponseSize),
    '',
    ...section(by('watchdog'), 'A plugin that blocks the event loop', 'Not run yet.', renderChecks),
    '',
    ...section(by('isolation'), 'Isolation', 'Not run yet.', renderChecks),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function summary(by: (suite: string) => SuiteResult | undefined): string[] {
  const out = ['## In short', ''];
  const load = by('load')?.data as Row | undefined;
  if (load) {
    const full = (load['phases'] as Row[]).find((p) => String(p['phase']).startsWith('full'));
    out.push(
      `- **The load held:** ${Number(load['devices']).toLocaleString('en')} devices (${Number(load['storedAgents']).toLocaleString('en')} agents) synced in ${String(full?.['seconds'])} s at ${String(load['agentsPerSecond'])} agents/s with a peak RSS of ${String(full?.['peakRssMiB'])} MiB, through ${sum(full?.['answered429'])} answered 429s; every agent of every linked client stored, ${String(load['agentsMarkedGone'])} marked gone, and the re-sync wrote 0 rows.`,
    );
  }
  const faults = ['faults-ncentral', 'faults-automate', 'faults-automate-totp'].map(by).filter((r): r is SuiteResult => r !== undefined);
  if (faults.length > 0) {
    const rows = faults.flatMap((f) => (f.data as { rows: Row[] }).rows);
    const na = faults.flatMap((f) => (f.data as { notApplicable: Row[] }).notApplicable);
    const recovered = rows.filter((r) => r['outcome'] === 'recovered').length;
    const coded = rows.filter((r) => r['outcome'] === 'coded error').length;
    const lost = rows.reduce((n, r) => n + (r['lost'] as unknown[]).length, 0);
    out.push(`- **The faults were survived:** ${rows.length} plugin × fault pairs — ${recovered} completed with the baseline's data, ${coded} ended with a coded, hinted error, ${rows.filter((r) => r['recoveredAfterClear']).length} synced cleanly once the fault cleared; ${lost} stored records lost or marked gone (${na.length} pairs n/a).`);
  }
  const crash = by('crash')?.data as Row | undefined;
  if (crash) {
    const kills = crash['kills'] as Row[];
    out.push(`- **Crashes lose nothing:** ${kills.filter((k) => k['killed']).length} SIGKILLs during \`rmm-hub sync\` (seed ${String(crash['seed'])}); integrity_check ok and no foreign-key violation after every one; all ${(crash['rounds'] as Row[]).length} rounds converged to the uninterrupted run's state.`);
  }
  const crashPg = by('crash-postgres')?.data as Row | undefined;
  if (crashPg) {
    const kills = crashPg['kills'] as Row[];
    out.push(`- **On PostgreSQL too:** ${kills.filter((k) => k['killed']).length} SIGKILLs during \`rmm-hub sync\` on the PostgreSQL store (seed ${String(crashPg['seed'])}); every constraint validated and no row referencing a missing one after every kill; all ${(crashPg['rounds'] as Row[]).length} rounds converged to the uninterrupted run's state.`);
  }
  const config = by('bad-input-config')?.data as Row | undefined;
  const responses = by('bad-input-responses')?.data as Row | undefined;
  if (config || responses) {
    const c = config as Record<string, Row> | undefined;
    const plugins = (responses?.['plugins'] ?? {}) as Record<string, Row>;
    const responseRuns = Object.values(plugins).reduce((n, p) => n + Number(p['runs']), 0);
    const corrupted = Object.values(plugins).reduce((n, p) => n + Number(p['responsesCorrupted']), 0);
    out.push(
      `- **The inputs tried:** ${c ? `${Number(c['text']?.['runs'] ?? 0) + Number(c['mutations']?.['runs'] ?? 0)} fuzzed config files, ${Number(c['manifests']?.['runs'] ?? 0) + Number(c['packageKeys']?.['runs'] ?? 0)} fuzzed plugin manifests and package keys, ` : ''}${responseRuns} full syncs over ${corrupted} corrupted RMM responses — no crash, no record stored that fails its schema, every refusal coded and placed.`,
    );
  }
  const secrets = by('secrets')?.data as Row | undefined;
  if (secrets) out.push(`- **Secrets stayed secret:** ${String(secrets['canaries'])} canaries in ${(secrets['fields'] as string[]).join(', ')}; none found in logs, events, errors, CLI output or ${MiB(Number((secrets['scanned'] as Row)['database bytes']))} MiB of database and WAL bytes.`);
  const echo = secrets?.['echo'] as Row | undefined;
  if (echo) out.push(`- **Echoed passwords stay hidden:** a password with quotes, backslashes, spaces and non-ASCII, echoed back by a hostile server ${String(echo['echoed'])} times (${(echo['modes'] as string[]).join(', ')}): 0 found in ${String(echo['runs'])} CLI runs, logs, events or the database.`);
  const tls = by('tls')?.data as { checks?: { name: string }[] } | undefined;
  if (tls) {
    const plainHttp = tls.checks?.some((c) => c.name.startsWith('plain http')) ? '; plain http:// to a real server is refused at `check` with the https:// address as the fix' : '';
    out.push(`- **TLS stays on:** bypass settings are refused with their path; a self-signed server is refused before any request, even with NODE_TLS_REJECT_UNAUTHORIZED=0${plainHttp}.`);
  }
  const size = by('response-size')?.data as { limitMiB: number; bodies: Record<string, Row> } | undefined;
  const endless = size?.bodies['endless'];
  if (size && endless) out.push(`- **Hostile bodies stay bounded:** an endless chunked body was aborted at ${String(endless['abortedAtMiB'])} MiB (limit ${size.limitMiB} MiB) with a coded error, peak RSS ${String(endless['peakRssMiB'])} MiB; 100 MB bodies likewise.`);
  if (by('watchdog')) out.push('- **No plugin freezes the host:** a plugin spinning on the CPU ends `rmm-hub sync` with RMM_ERR_PLUGIN_BLOCKED naming it, after `loopWatchdogSeconds`, keeping what was committed; a plugin whose import never settles is refused by name.');
  if (by('files')) out.push('- **Files:** a `file:` secret that is a device or a FIFO is refused at once instead of hanging; one others may read is warned about as ssh does; the database is created 0600.');
  const processes = PROCESS_SUITES.map(([suite]) => by(suite)).filter((r): r is SuiteResult => r !== undefined);
  if (processes.length > 0) {
    const checks = processes.flatMap((r) => (r.data as { checks: unknown[] }).checks);
    out.push(`- **Processes share one store:** ${checks.length} multi-process checks with the built CLI — concurrent syncs of one integration, TOTP logins from many processes, \`sync --watch\`, a new database opened at once, a read-only database — all held (details below).`);
  }
  if (by('isolation')) out.push('- **Isolation:** throwing, hanging and flooding plugins leave a neighbouring integration\'s sync unchanged; scripts reach only agents of linked clients, and every run is audited.');
  return out;
}

const sum = (record: unknown): number => Object.values((record ?? {}) as Record<string, number>).reduce((n, v) => n + Number(v), 0);
const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** The multi-process suites (test/reliability/processes), one subsection each. */
const PROCESS_SUITES: readonly [suite: string, title: string][] = [
  ['processes-sync', 'Two syncs of one integration at once'],
  ['processes-totp', 'Automate TOTP logins from many processes'],
  ['processes-watch', '`sync --watch`'],
  ['processes-store', 'One database file, several processes'],
];

function processesSection(by: (suite: string) => SuiteResult | undefined): string[] {
  const out = [
    '## Processes sharing one store',
    '',
    'The built CLI in several child processes on one database, against the simulators: syncs of one integration never run twice at once (a second one waits for the process holding the sync, which the store records with its pid, host and heartbeat), Automate TOTP steps are claimed in the store so no process reuses one, write transactions take the write lock up front, and migrations read and write the schema version under that lock.',
  ];
  for (const [suite, title] of PROCESS_SUITES) {
    const result = by(suite);
    out.push('', `### ${title}`, '', ...(result ? [...renderChecks(result.data as { checks: { name: string; detail: string }[] }), '', stamp(result)] : ['_Not run yet: `pnpm test:reliability`._']));
  }
  return out;
}

function renderChecks(data: { checks: { name: string; detail: string }[] }): string[] {
  return data.checks.map((c) => `- **${c.name}** — ${c.detail}`);
}

function renderSecrets(data: { checks: { name: string; detail: string }[]; fields: string[]; canaries: number; scanned: Record<string, number> }): string[] {
  return [
    `Canary values (${data.canaries} strings: each secret whole and its distinctive parts) in every config field marked secret: ${data.fields.map((f) => `\`${f}\``).join(', ')}, given as \`file:\` references.`,
    '',
    ...renderChecks(data),
    '',
    `Scanned: ${Object.entries(data.scanned).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}.`,
  ];
}

function renderResponseSize(data: { checks: { name: string; detail: string }[]; limitMiB: number; bodies: Record<string, Row> }): string[] {
  return [
    `One GET through the real HTTP client, with its default limit of ${data.limitMiB} MiB, in a child process of its own (peak RSS from getrusage), against a loopback server writing as fast as the client reads.`,
    '',
    table(
      ['body', 'aborted at', 'peak RSS', 'RSS before the request', 'written by the server', 'time'],
      Object.entries(data.bodies).map(([body, f]) => [body, `${String(f['abortedAtMiB'])} MiB`, `${String(f['peakRssMiB'])} MiB`, `${String(f['rssBeforeMiB'])} MiB`, `${String(f['sentMiB'])} MiB`, `${String(f['ms'])} ms`]),
    ),
    '',
    ...renderChecks(data),
  ];
}

function renderLoad(data: Row): string[] {
  const phases = data['phases'] as Row[];
  const agents = data['fleetAgents'] as Record<string, number>;
  return [
    `${Number(data['devices']).toLocaleString('en')} devices: ${Number(agents['ncentral']).toLocaleString('en')} N-central devices and ${Number(agents['automate']).toLocaleString('en')} Automate computers, ${String(data['latencyMs'])} ms latency per request. Faults: ${String(data['faults'])}. The sync is the built CLI (\`rmm-hub sync --json\`) in a child process, its memory sampled every 50 ms.`,
    '',
    table(
      ['phase', 'time', 'agents', 'rows written', 'peak RSS', 'peak heap', 'CPU', 'requests N-central / Automate', '429s answered (retried) N-central / Automate', 'status'],
      phases.map((p) => {
        const requests = p['requests'] as Record<string, number>;
        const answered = p['answered429'] as Record<string, number>;
        return [p['phase'], `${String(p['seconds'])} s`, Number(p['agents']).toLocaleString('en'), Number(p['rowsWritten']).toLocaleString('en'), `${String(p['peakRssMiB'])} MiB`, `${String(p['peakHeapMiB'])} MiB`, `${String(p['cpuSeconds'])} s`, `${requests['ncentral']} / ${requests['automate']}`, `${answered['ncentral']} / ${answered['automate']}`, (p['statuses'] as string[]).join(', ')];
      }),
    ),
    '',
    `Throughput of the full sync: **${String(data['agentsPerSecond'])} agents/s**. Stored agents: ${Number(data['storedAgents']).toLocaleString('en')} of ${Number(data['expectedAgents']).toLocaleString('en')} expected (every agent of every linked client), ${String(data['agentsMarkedGone'])} marked gone; ${Number(data['computers']).toLocaleString('en')} computers identified.`,
  ];
}

/** A crash point of test/reliability/crash/crash-point.mjs in words. */
function crashPoint(point: string): string {
  const [kind = '', id = '', n = ''] = point.split(':');
  if (kind === 'started') return `${id}: run started, nothing listed yet`;
  if (kind === 'clients') return `${id}: clients stored`;
  if (kind === 'linking') return `${id}: linking written`;
  if (kind === 'agents') return `${id}: agent batch ${n} stored`;
  if (point === 'identification:before-commit') return "inside identification's write: every tenant written, before commit";
  if (kind === 'identification') return `inside identification's write: after ${id.replace('tenant-', 'tenant ')}`;
  return point;
}

function renderCrash(data: Row): string[] {
  const kills = data['kills'] as Row[];
  const rounds = data['rounds'] as Row[];
  const fleet = data['fleet'] as Row;
  const reference = data['reference'] as Row;
  return [
    `\`rmm-hub sync\` (the built CLI) in a child process against both simulators (${String(fleet['devices'])} devices: ${String(fleet['agents'])} agents, ${String(fleet['computers'])} computers, ${String(fleet['links'])} links once settled), SIGKILLed at seeded random points of the sync (seed ${String(data['seed'])}), ${kills.length / Math.max(1, rounds.length)} times in a row per round on the same database (the ${rounds.length} rounds side by side, each on its own copy), then synced until a run writes nothing. A point is a place in the sync, not a moment: something the sync reports (an integration's run started, its clients stored, linking written, agent batch k stored) or a place inside identification's single write transaction. The child stops there and is SIGKILLed there, so where a kill lands does not depend on the machine's speed. An uninterrupted run takes ${String(reference['msPerSync'])} ms per sync and settles in ${String(reference['syncsToSettle'])} syncs.`,
    '',
    table(
      ['round', 'killed at', 'killed', 'stored right after the kill (cumulative in a round)', 'integrity_check', 'FK violations', 'records lost'],
      kills.map((k) => [k['round'], crashPoint(String(k['at'])), k['killed'] ? 'yes' : 'finished first', `${String(k['agentsAtKill'])} agents, ${String(k['computersAtKill'])} computers`, k['integrity'], k['foreignKeyViolations'], k['lost']]),
    ),
    '',
    table(['round', 'syncs to settle', 'final state = uninterrupted run'], rounds.map((r) => [r['round'], r['syncsToSettle'], r['equalsReference'] ? 'yes' : 'NO'])),
    '',
    'Compared: every client, agent (all fields but the check-in time, which is presence rather than content), tenant link, and every computer with its agents.',
  ];
}

/** How the PostgreSQL twins of the suites record their figures. */
const POSTGRES_RUN = 'RMM_RELIABILITY_REPORT=1 npx vitest run --project postgres test/reliability';

function renderCrashPostgres(data: Row): string[] {
  return [
    'The same suite on the PostgreSQL store (`test/reliability/crash/kill-sync.postgres.test.ts`): each round on a database of its own, created from the prepared one as a template. There, "integrity_check" means every constraint of the schema validated, and "FK violations" counts, query by query, the rows whose referenced row is missing.',
    '',
    ...renderCrash(data),
  ];
}

function renderConfigFuzz(data: Record<string, Row>): string[] {
  const m = data['mutations'] ?? {};
  return [
    table(
      ['input', 'runs', 'outcome'],
      [
        ['arbitrary text as a config file', data['text']?.['runs'], `${String(data['text']?.['refused'])} refused with RMM_ERR_CONFIG and a hint, the rest parsed; no other error`],
        [`a valid config (${String(m['pathsInValidConfig'])} paths) with one value replaced, deleted or joined by an unknown key, then Host.start`, m['runs'], `${String(m['refusedAtLoad'])} refused at load, ${String(m['integrationRefused'])} integrations refused, ${String(m['accepted'])} accepted — every refusal at (or around) the broken path, never a crash`],
        ['a plugin definition with one field broken (definePlugin and the loader)', data['manifests']?.['runs'], `${String(data['manifests']?.['refusals'])} refusals, each RMM_ERR_PLUGIN_* naming the field; both gates always agree`],
        ['a package.json with a broken rmmHub key', data['packageKeys']?.['runs'], `${String(data['packageKeys']?.['refused'])} refused with RMM_ERR_PLUGIN_* before or at import`],
      ],
    ),
  ];
}

function renderResponseFuzz(data: { runsPerPlugin: number; plugins: Record<string, Row> }): string[] {
  return [
    'A loopback proxy in front of each simulator corrupts 1–3 of the first 13 list responses per run (values replaced with arbitrary JSON, keys deleted, values turned into strings); each run is two full syncs through the real host, engines and an in-memory store.',
    '',
    table(
      ['RMM', 'runs', 'responses corrupted', 'integration syncs', 'error codes', 'invalid records skipped', 'clients / agents stored (all valid)'],
      Object.entries(data.plugins).map(([rmm, p]) => [
        rmm,
        p['runs'],
        p['responsesCorrupted'],
        Object.entries(p['statuses'] as Record<string, number>).map(([k, v]) => `${v} ${k}`).join(', '),
        Object.entries(p['codes'] as Record<string, number>).map(([k, v]) => `${k} ×${v}`).join(', ') || '—',
        p['invalidRecordsSkipped'],
        `${String(p['clientsStored'])} / ${String(p['agentsStored'])}`,
      ]),
    ),
  ];
}
