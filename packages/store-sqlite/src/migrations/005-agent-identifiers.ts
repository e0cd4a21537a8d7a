import type Database from 'better-sqlite3';

import type { AgentIdentifiers, AgentIdentity } from '@rmm-hub/core';

import { parseJson } from '../json-column.js';
import type { Migration } from './migration.js';

/**
 * Every agent's identifiers, normalised, beside the RMM's raw report (`identity`): see core's
 * `AgentIdentifiers`. An identification run reads them for every agent twice — once to survey
 * the fleet, once per tenant — and columns make that a plain read: no JSON to parse, nothing to
 * normalise, and no copy of the fleet held between the two reads.
 *
 * `id_macs` is the MACs joined by commas (`''` for none): a normalised MAC is 12 hex digits.
 * The agent repository writes these columns with every agent it inserts or changes; the
 * backfill computes them for the agents already stored, with the spelling of this version
 * written out here rather than core's normalisers called: a migration is what the data became
 * at its version, and a normaliser that changes later needs a migration of its own anyway.
 */
export const agentIdentifiers: Migration = {
  version: 5,
  name: 'agent-identifiers',
  sql: `
    ALTER TABLE agents ADD COLUMN id_host TEXT NOT NULL DEFAULT '';
    ALTER TABLE agents ADD COLUMN id_uuid TEXT;
    ALTER TABLE agents ADD COLUMN id_serial TEXT;
    ALTER TABLE agents ADD COLUMN id_board TEXT;
    ALTER TABLE agents ADD COLUMN id_manufacturer TEXT;
    ALTER TABLE agents ADD COLUMN id_macs TEXT NOT NULL DEFAULT '';
    ALTER TABLE agents ADD COLUMN id_os_install_date TEXT;
  `,
  backfill: (db: Database.Database) => {
    const update = db.prepare(`UPDATE agents SET ${IDENTIFIER_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`);
    // In rowid-ordered chunks: a statement cannot write while another reads, and reading every
    // agent at once would hold the whole fleet's reports in memory.
    const chunk = db.prepare('SELECT rowid, hostname, identity FROM agents WHERE rowid > ? ORDER BY rowid LIMIT 2000').raw();
    for (let last = 0; ; ) {
      const rows = chunk.all(last) as [number, string, string][];
      if (rows.length === 0) break;
      for (const [rowid, hostname, identity] of rows) update.run(...identifierColumns(spelledAtVersion5(hostname, parseJson<AgentIdentity>(identity, { macAddresses: [] }))), rowid);
      last = (rows.at(-1) as [number, string, string])[0];
    }
  },
};

/** The identifier columns, in the order {@link identifierColumns} gives their values. */
export const IDENTIFIER_COLUMNS = ['id_host', 'id_uuid', 'id_serial', 'id_board', 'id_manufacturer', 'id_macs', 'id_os_install_date'] as const;

export type IdentifierValues = [host: string, uuid: string | null, serial: string | null, board: string | null, manufacturer: string | null, macs: string, osInstallDate: string | null];

/** An agent's identifiers as the values of {@link IDENTIFIER_COLUMNS}, as SQLite parameters. */
export function identifierColumns(ids: AgentIdentifiers): IdentifierValues {
  return [ids.host, ids.uuid ?? null, ids.serial ?? null, ids.board ?? null, ids.manufacturer ?? null, ids.macs.join(','), ids.osInstallDate ?? null];
}

/** What core's `identifiersOf` returned when this migration was written. */
function spelledAtVersion5(hostname: string, identity: AgentIdentity): AgentIdentifiers {
  const host = hostname.trim().split('.')[0]?.toUpperCase() ?? '';
  const macs = new Set<string>();
  for (const raw of identity.macAddresses ?? []) {
    const hex = raw.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
    if (/^[0-9A-F]{12}$/.test(hex)) macs.add(hex);
  }
  return {
    host,
    uuid: uuidAtVersion5(identity.smbiosUuid),
    serial: serialAtVersion5(identity.serialNumber),
    board: serialAtVersion5(identity.boardSerial),
    manufacturer: identity.manufacturer,
    macs: [...macs].sort(),
    osInstallDate: identity.osInstallDate,
  };
}

function uuidAtVersion5(value: string | undefined): string | undefined {
  const hex = value?.replace(/[{}\s-]/g, '').toUpperCase();
  if (hex === undefined || !/^[0-9A-F]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function serialAtVersion5(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/\s+/g, ' ').toUpperCase();
  return text === '' ? undefined : text;
}
