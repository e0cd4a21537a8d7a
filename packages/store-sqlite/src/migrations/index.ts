/**
 * Every migration, in order. Append only: a released migration is never edited, because
 * databases in the field have already applied it.
 */
import { foundation } from './001-foundation.js';
import { linking } from './002-linking.js';
import { identification } from './003-identification.js';
import { rowTables } from './004-row-tables.js';
import { agentIdentifiers } from './005-agent-identifiers.js';
import { processCoordination } from './006-process-coordination.js';
import { httpApi } from './007-http-api.js';
import { identityChecks } from './008-identity-checks.js';
import { siteLinks } from './009-site-links.js';
import { identificationMemo } from './010-identification-memo.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [foundation, linking, identification, rowTables, agentIdentifiers, processCoordination, httpApi, identityChecks, siteLinks, identificationMemo];
export type { Migration } from './migration.js';
