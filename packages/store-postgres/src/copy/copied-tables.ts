/**
 * The tables `rmm-hub db copy` moves from a SQLite store into this one, in an order that
 * satisfies their foreign keys, each column with the kind of value it holds. The PostgreSQL
 * schema mirrors the SQLite store's table by table and column by column (see the migrations);
 * only the encodings differ, and the kinds say how: SQLite keeps booleans as 0/1, instants as
 * ISO-8601 text, documents as JSON text and lists as JSON arrays (MAC addresses as a comma
 * list), where PostgreSQL has boolean, timestamptz, jsonb and text[].
 *
 * A row read from either store is turned into the same canonical values (see `canonicalRow`),
 * so both sides' digests are computed by one function over the same values.
 *
 * `process_locks` is not copied: its rows are held by processes running on the SQLite store,
 * and mean nothing to processes that will run on this one.
 */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'instant' | 'json' | 'list' | 'comma-list';

export interface CopiedColumn {
  name: string;
  kind: ColumnKind;
  /** The SQLite expression giving the column, when it is not the column of the same name. */
  sqlite?: string;
}

export interface CopiedTable {
  name: string;
  columns: readonly CopiedColumn[];
  /** The order rows are read in on both sides: a key, so both stores list them alike. */
  order: readonly string[];
  /** An identity column whose values are copied, its sequence moved past them afterwards. */
  identity?: string;
}

const text = (name: string): CopiedColumn => ({ name, kind: 'text' });
const instant = (name: string): CopiedColumn => ({ name, kind: 'instant' });
const json = (name: string): CopiedColumn => ({ name, kind: 'json' });
const number = (name: string): CopiedColumn => ({ name, kind: 'number' });
const boolean = (name: string): CopiedColumn => ({ name, kind: 'boolean' });

/**
 * The SQLite store gives its sync and script runs no sequence number (its rowid orders them);
 * PostgreSQL's `seq` takes the rowid, so runs that started at the same instant keep their order.
 */
const rowidSeq: CopiedColumn = { name: 'seq', kind: 'number', sqlite: 'rowid' };

export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'integrations',
    columns: [text('id'), text('plugin_id'), text('display_name'), boolean('enabled'), json('last_health'), instant('last_sync_at')],
    order: ['id'],
  },
  {
    name: 'tenants',
    columns: [text('id'), text('name'), text('psa_company_id'), { name: 'domains', kind: 'list' }, boolean('is_msp'), instant('created_at')],
    order: ['id'],
  },
  {
    name: 'rmm_clients',
    columns: [text('integration_id'), text('client_id'), text('name'), text('kind'), text('parent_id'), json('hints'), text('content_hash'), instant('first_seen_at'), instant('gone_at')],
    order: ['integration_id', 'client_id'],
  },
  {
    name: 'agents',
    columns: [
      text('integration_id'), text('agent_id'), text('client_id'), text('site_id'), text('hostname'), text('os'), boolean('online'), instant('last_seen'),
      json('identity'), boolean('can_run_scripts'), text('id_host'), text('id_uuid'), text('id_serial'), text('id_board'), text('id_manufacturer'),
      { name: 'id_macs', kind: 'comma-list' }, text('id_os_install_date'), text('content_hash'), instant('first_seen_at'), instant('gone_at'),
      instant('identity_checked_at'), text('identity_basis'),
    ],
    order: ['integration_id', 'agent_id'],
  },
  {
    name: 'sync_runs',
    columns: [text('id'), rowidSeq, text('integration_id'), instant('started_at'), instant('finished_at'), text('status'), json('counts'), json('error'), number('pid'), text('host')],
    order: ['seq'],
    identity: 'seq',
  },
  {
    name: 'script_runs',
    columns: [
      text('id'), rowidSeq, text('actor'), text('computer_id'), text('integration_id'), text('agent_id'), text('language'), text('script_sha256'), text('status'),
      number('exit_code'), text('output'), text('error_code'), instant('started_at'), instant('finished_at'),
    ],
    order: ['seq'],
    identity: 'seq',
  },
  {
    name: 'audit_log',
    columns: [number('seq'), instant('at'), text('actor'), text('action'), text('subject'), text('reason'), json('details')],
    order: ['seq'],
    identity: 'seq',
  },
  { name: 'integration_state', columns: [text('integration_id'), text('key'), text('value'), instant('updated_at')], order: ['integration_id', 'key'] },
  {
    name: 'tenant_links',
    columns: [text('integration_id'), text('client_id'), text('tenant_id'), text('source'), number('score'), json('reasons'), instant('created_at')],
    order: ['integration_id', 'client_id'],
  },
  {
    name: 'link_decisions',
    columns: [
      text('id'), text('integration_id'), text('client_id'), text('kind'), text('tenant_id'), text('actor'), text('reason'), instant('decided_at'),
      instant('revoked_at'), text('revoked_by'), text('revoke_reason'),
    ],
    order: ['id'],
  },
  {
    name: 'link_suggestions',
    columns: [text('integration_id'), text('client_id'), text('tenant_id'), number('score'), number('rank'), json('reasons')],
    order: ['integration_id', 'client_id', 'tenant_id'],
  },
  {
    name: 'computers',
    columns: [text('id'), text('tenant_id'), text('name'), instant('created_at'), text('os_install_date'), text('wiped_install_date'), instant('retired_at')],
    order: ['id'],
  },
  {
    name: 'agent_links',
    columns: [text('integration_id'), text('agent_id'), text('computer_id'), text('evidence'), number('flags'), instant('linked_at')],
    order: ['integration_id', 'agent_id'],
  },
  {
    name: 'identification_pins',
    columns: [text('integration_id'), text('agent_id'), text('computer_id'), text('op_id'), instant('at')],
    order: ['integration_id', 'agent_id'],
  },
  {
    name: 'identification_ops',
    columns: [text('id'), text('kind'), text('actor'), instant('at'), text('summary'), instant('undone_at'), text('undone_by')],
    order: ['id'],
  },
  {
    name: 'identification_changes',
    columns: [text('op_id'), number('seq'), text('entity'), text('key'), text('before'), text('after')],
    order: ['op_id', 'seq'],
  },
  {
    name: 'computer_timeline',
    columns: [number('seq'), text('computer_id'), instant('at'), text('kind'), text('op_id'), text('summary'), json('details')],
    order: ['seq'],
    identity: 'seq',
  },
  {
    name: 'identification_conflicts',
    columns: [
      text('id'), text('kind'), { name: 'tenant_ids', kind: 'list' }, text('key'), { name: 'computer_ids', kind: 'list' }, json('ambiguous_agents'), text('detail'),
      text('status'), text('resolution'), text('resolved_by'), instant('resolved_at'), instant('first_seen_at'), instant('updated_at'),
    ],
    order: ['id'],
  },
  {
    name: 'identification_memo',
    columns: [number('id'), text('fingerprint'), text('outcome'), instant('at')],
    order: ['id'],
  },
  {
    name: 'identity_reports',
    columns: [text('integration_id'), text('agent_id'), text('status'), text('identity'), number('attempts'), text('last_error'), instant('next_attempt_at'), instant('at')],
    order: ['integration_id', 'agent_id'],
  },
  {
    name: 'api_tokens',
    columns: [text('id'), text('name'), text('role'), text('secret_hash'), instant('created_at'), instant('last_used_at'), instant('revoked_at')],
    order: ['id'],
  },
];

/** The tables of the store that `db copy` leaves out, and why (see the module comment). */
export const NOT_COPIED = ['process_locks'] as const;
