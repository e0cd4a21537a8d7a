/**
 * Every migration, in order. Append only: a released migration is never edited, because
 * databases in the field have already applied it.
 */
import { foundation } from './001-foundation.js';
import { linking } from './002-linking.js';
import { identification } from './003-identification.js';
import { httpApiAndIdentityChecks } from './004-http-api-and-identity-checks.js';
import { siteLinks } from './005-site-links.js';
import { identificationMemo } from './006-identification-memo.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [foundation, linking, identification, httpApiAndIdentityChecks, siteLinks, identificationMemo];
export type { Migration } from './migration.js';
