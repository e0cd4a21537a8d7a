/**
 * The CLI as administrators expect it (issue #26): honest exit codes, refusals in the sync
 * report, no config means an error, coded usage errors, logs on stderr, conventions (version,
 * completion, examples), and nothing from an upstream server reaching the terminal raw.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { fixturePlugin } from './support/fixture-plugins.js';
import { runCliCaptured } from './support/run-cli.js';

const KEY = { FX_KEY: 'fixture-key-123' };

function configDir(body: Record<string, unknown>): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-ux-'));
  const file = join(dir, 'rmm-hub.json');
  writeFileSync(file, JSON.stringify({ discovery: { fromDependencies: false }, plugins: [fixturePlugin('good')], store: { path: './hub.db' }, ...body }));
  return { dir, file };
}

/** Syncs clients, links each listed one to its own tenant by hand, and syncs again (agents of linked clients only). */
async function syncLinked(file: string, integrationId: string, clientIds: string[]): Promise<void> {
  expect((await runCliCaptured(['--config', file, 'sync'], KEY)).code).toBe(0);
  for (const id of clientIds) expect((await runCliCaptured(['--config', file, 'links', 'accept', integrationId, id, `t${id}`], KEY)).code).toBe(0);
  expect((await runCliCaptured(['--config', file, 'sync'], KEY)).code).toBe(0);
}

const tenants = [{ id: 'msp', name: 'MSP', isMsp: true }, { id: 't0', name: 'Tenant Zero' }, { id: 't1', name: 'Tenant One' }];

const integration = (id: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  plugin: 'fixture-good',
  config: { apiKey: 'env:FX_KEY', ...config },
  ...extra,
});

describe('sync reports every configured integration', () => {
  const body = { integrations: [integration('fx-good'), { id: 'fx-typo', plugin: 'fixture-goood', config: {} }, integration('fx-off', {}, { enabled: false })] };

  it('lists a refused integration in --json with its code and hint, and exits 1', async () => {
    const { file } = configDir(body);
    const { code, stdout } = await runCliCaptured(['--config', file, 'sync', '--json'], KEY);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { schemaVersion: number; integrations: { integrationId: string; status: string; error?: { code: string; hint?: string } }[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.integrations.map((i) => [i.integrationId, i.status])).toEqual([
      ['fx-good', 'succeeded'],
      ['fx-typo', 'refused'],
      ['fx-off', 'disabled'],
    ]);
    expect(report.integrations[1]?.error).toMatchObject({ code: 'RMM_ERR_PLUGIN_NOT_FOUND', hint: expect.stringMatching(/rmm-hub plugins/) });
  });

  it('shows it in the table with its hint', async () => {
    const { file } = configDir(body);
    const { code, stdout } = await runCliCaptured(['--config', file, 'sync'], KEY);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^fx-typo\s+refused/m);
    expect(stdout).toMatch(/fx-typo: refused \[RMM_ERR_PLUGIN_NOT_FOUND\][^\n]*\n {2}hint: /);
  });

  it('exits 0 when only a disabled integration did not run', async () => {
    const { file } = configDir({ integrations: [integration('fx-good'), integration('fx-off', {}, { enabled: false })] });
    expect((await runCliCaptured(['--config', file, 'sync', '--json'], KEY)).code).toBe(0);
  });
});

describe('the config file', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
  });
  afterEach(() => process.chdir(cwd));

  it('is required: without one a command fails with exit 2 and points at `rmm-hub init`, creating nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rmm-cli-none-'));
    process.chdir(empty);
    const { code, stdout, stderr } = await runCliCaptured(['status']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/error \[RMM_ERR_CONFIG\]: no config file/);
    expect(stderr).toMatch(/hint: .*rmm-hub init/);
    expect(existsSync(join(empty, 'rmm-hub.db'))).toBe(false);
  });

  it('is named by RMM_HUB_CONFIG', async () => {
    const { file } = configDir({ integrations: [integration('fx-env')] });
    const { code, stdout } = await runCliCaptured(['status', '--json'], { ...KEY, RMM_HUB_CONFIG: file });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ integrations: [{ id: 'fx-env' }] });
  });

  it('read-only commands never create the database', async () => {
    const { dir, file } = configDir({ integrations: [integration('fx-ro')] });
    for (const argv of [['status'], ['links'], ['computers'], ['agents']]) {
      expect((await runCliCaptured(['--config', file, ...argv], KEY)).code).toBe(0);
    }
    expect(existsSync(join(dir, 'hub.db'))).toBe(false);
  });
});

describe('usage errors and conventions', () => {
  it('an unknown option is RMM_ERR_USAGE with exit 2 and a --help hint, in text and JSON', async () => {
    const text = await runCliCaptured(['sync', '--frobnicate']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^error \[RMM_ERR_USAGE\]: unknown option '--frobnicate'\nhint: See `rmm-hub sync --help`\.\n$/);
    const json = await runCliCaptured(['sync', '--json', '--frobnicate']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, error: { code: 'RMM_ERR_USAGE' } });
  });

  it('an unknown integration for sync -i is a usage error naming the configured ones', async () => {
    const { file } = configDir({ integrations: [integration('fx-one')] });
    const { code, stderr } = await runCliCaptured(['--config', file, 'sync', '-i', 'fx-two'], KEY);
    expect(code).toBe(2);
    expect(stderr).toMatch(/RMM_ERR_USAGE.*fx-two[\s\S]*Configured: fx-one/);
  });

  it('--version prints the version', async () => {
    const { code, stdout } = await runCliCaptured(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--help ends with examples', async () => {
    for (const argv of [['--help'], ['sync', '--help'], ['agents', '--help']]) {
      const { code, stdout } = await runCliCaptured(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/\nExamples:\n {2}\$ rmm-hub /);
    }
  });

  it('bash completion completes commands, subcommands and options', async () => {
    const { stdout: script } = await runCliCaptured(['completion', 'bash']);
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _rmm_hub; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
    };
    expect(complete('rmm-hub sy')).toEqual(['sync']);
    expect(complete('rmm-hub links ac')).toEqual(['accept']);
    expect(complete('rmm-hub sync --js')).toEqual(['--json']);
    expect(complete('rmm-hub --config x.yaml ag')).toEqual(['agents']);
  });

  it('zsh and fish completion scripts name every command', async () => {
    const zsh = (await runCliCaptured(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/bashcompinit/);
    const fish = (await runCliCaptured(['completion', 'fish'])).stdout;
    expect(fish).toMatch(/complete -c rmm-hub -n 'not __fish_seen_subcommand_from [^']*' -a agents/);
    expect(fish).toMatch(/__fish_seen_subcommand_from links; and not __fish_seen_subcommand_from [^']*' -a accept/);
    const unknown = await runCliCaptured(['completion', 'tcsh']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/RMM_ERR_USAGE/);
  });

  it('check marks with ASCII when the locale is not UTF-8', async () => {
    const { file } = configDir({ integrations: [integration('fx-ascii')] });
    const ascii = await runCliCaptured(['--config', file, 'check'], { ...KEY, LC_ALL: 'C', LANG: 'C' });
    expect(ascii.code).toBe(0);
    expect(ascii.stdout).toMatch(/^ok fx-ascii: healthy$/m);
    expect(ascii.stdout).not.toMatch(/[^ -~\n]/);
    const unicode = await runCliCaptured(['--config', file, 'check'], { ...KEY, LC_ALL: 'en_US.UTF-8' });
    expect(unicode.stdout).toMatch(/^✓ fx-ascii: healthy$/m);
  });
});

describe('logs', () => {
  const body = { integrations: [integration('fx-log'), { id: 'fx-missing', plugin: 'nope', config: {} }] };

  it('go to stderr at the configured level (warnings by default)', async () => {
    const { file } = configDir(body);
    const { stdout, stderr } = await runCliCaptured(['--config', file, 'status', '--json'], KEY);
    expect(stderr).toMatch(/warn {2}integration refused {2}integrationId=fx-missing/);
    expect(stderr).not.toMatch(/integration started/);
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
  });

  it('honour log.level', async () => {
    const { file } = configDir({ ...body, log: { level: 'error' } });
    expect((await runCliCaptured(['--config', file, 'status'], KEY)).stderr).not.toMatch(/integration refused/);
  });

  it('-v adds debug records; --log-format json writes one JSON object per line', async () => {
    const { file } = configDir(body);
    const { stderr } = await runCliCaptured(['--config', file, '-v', '--log-format', 'json', 'status', '--json'], KEY);
    const records = stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(records).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'integration started' }));
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'integration refused' }));
  });
});

describe('status', () => {
  it('shows the health of the last check, with its age, even when that check failed', async () => {
    const healthy = configDir({ integrations: [integration('fx-h')] });
    expect((await runCliCaptured(['--config', healthy.file, 'sync'], KEY)).code).toBe(0);
    writeFileSync(healthy.file, JSON.stringify({ discovery: { fromDependencies: false }, plugins: [fixturePlugin('good')], store: { path: './hub.db' }, integrations: [integration('fx-h', { misbehave: 'bad-credentials' })] }));
    expect((await runCliCaptured(['--config', healthy.file, 'check'], KEY)).code).toBe(1);
    const { stdout } = await runCliCaptured(['--config', healthy.file, 'status', '--json'], KEY);
    const status = JSON.parse(stdout) as { integrations: { health: { status: string; ageSeconds: number; stale: boolean; problems: string[] } }[] };
    expect(status.integrations[0]?.health).toMatchObject({ status: 'unhealthy', stale: false, problems: [expect.stringMatching(/API key was rejected/)] });
    const text = await runCliCaptured(['--config', healthy.file, 'status'], KEY);
    expect(text.stdout).toMatch(/unhealthy \(\d+ s ago\)/);
  });
});

describe('agents', () => {
  it('lists every agent with its RMM id, client, online state, last seen and computer, filtered by integration and client', async () => {
    const { file } = configDir({
      tenants,
      integrations: [integration('fx-a', { clients: 2, agentsPerClient: 2, withIdentity: true })],
    });
    await syncLinked(file, 'fx-a', ['0', '1']);
    const all = JSON.parse((await runCliCaptured(['--config', file, 'agents', '--json'], KEY)).stdout) as { schemaVersion: number; agents: Record<string, unknown>[] };
    expect(all.schemaVersion).toBe(1);
    expect(all.agents).toHaveLength(4);
    expect(all.agents[0]).toEqual({ integrationId: 'fx-a', agentId: '0-0', clientId: '0', clientName: 'Client 0', hostname: 'PC-0-0', online: true, lastSeen: null, computerId: expect.stringMatching(/^c_/) as unknown });
    const one = JSON.parse((await runCliCaptured(['--config', file, 'agents', '--integration', 'fx-a', '--client', '1', '--json'], KEY)).stdout) as { agents: { agentId: string }[] };
    expect(one.agents.map((a) => a.agentId)).toEqual(['1-0', '1-1']);
    const text = await runCliCaptured(['--config', file, 'agents'], KEY);
    expect(text.stdout).toMatch(/^fx-a\s+1-1\s+Client 1 \(1\)\s+PC-1-1\s+yes\s+-\s+c_\w+$/m);
  });
});

describe('upstream text never drives the terminal', () => {
  // Clear screen, an OSC 52 clipboard write, a cursor move and a carriage return.
  const hostile = '\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u001b[1A\rEvil';

  it('client names and hostnames are printed with their control characters escaped', async () => {
    const { file } = configDir({
      tenants,
      integrations: [integration('fx-evil', { clients: 1, agentsPerClient: 1, withIdentity: true, hostnamePrefix: hostile, clientName: hostile })],
    });
    await syncLinked(file, 'fx-evil', ['0']);
    const runs = [['sync'], ['links'], ['agents'], ['computers'], ['status']];
    for (const argv of runs) {
      const { stdout, stderr } = await runCliCaptured(['--config', file, ...argv], KEY);
      // eslint-disable-next-line no-control-regex
      expect(stdout + stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    const agents = await runCliCaptured(['--config', file, 'agents'], KEY);
    expect(agents.stdout).toContain('\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x1b[1A\\x0dEvil');
    const json = await runCliCaptured(['--config', file, 'agents', '--json'], KEY);
    expect((JSON.parse(json.stdout) as { agents: { hostname: string }[] }).agents[0]?.hostname).toBe(`${hostile}-0-0`);
  });
});

describe("an integration's config block", () => {
  it('refuses an unknown key with a "did you mean" and its YAML line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-strict-'));
    const file = join(dir, 'rmm-hub.yaml');
    writeFileSync(
      file,
      [
        'discovery: { fromDependencies: false }',
        `plugins: [${JSON.stringify(fixturePlugin('good'))}]`,
        'integrations:',
        '  - id: fx-typo',
        '    plugin: fixture-good',
        '    config:',
        '      apiKey: env:FX_KEY',
        '      client: 2',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await runCliCaptured(['--config', file, 'check'], KEY);
    expect(code).toBe(1);
    expect(stdout).toContain(`refused [RMM_ERR_CONFIG] integrations[0].config.client: unknown setting "client" (${file}:8:7)`);
    expect(stdout).toContain('hint: Did you mean "clients" (not "client")?');
    const json = JSON.parse((await runCliCaptured(['--config', file, 'check', '--json'], KEY)).stdout) as { ok: boolean; integrations: { state: string; error: { path: string } }[] };
    expect(json.ok).toBe(false);
    expect(json.integrations[0]).toMatchObject({ state: 'refused', error: { path: 'integrations[0].config.client' } });
  });

  it('host settings report their line and column too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-strict-'));
    const file = join(dir, 'rmm-hub.yaml');
    writeFileSync(file, 'store:\n  path: ./x.db\nintegratons: []\n');
    const { code, stderr } = await runCliCaptured(['--config', file, 'check']);
    expect(code).toBe(2);
    expect(stderr).toContain(`integratons: unknown setting "integratons" (${file}:3:1)`);
    expect(stderr).toContain('hint: Did you mean "integrations" (not "integratons")?');
  });
});

