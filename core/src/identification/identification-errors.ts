/** Errors the identification service raises on purpose; callers branch on `code`. */
import { RmmError, type RmmErrorOptions } from '../errors/index.js';

export const IdentificationErrorCodes = {
  conflictNotFound: 'RMM_ERR_IDENTIFICATION_CONFLICT_NOT_FOUND',
  conflictNotOpen: 'RMM_ERR_IDENTIFICATION_CONFLICT_NOT_OPEN',
  crossTenantMerge: 'RMM_ERR_IDENTIFICATION_CROSS_TENANT_MERGE',
  opNotFound: 'RMM_ERR_IDENTIFICATION_OP_NOT_FOUND',
  alreadyUndone: 'RMM_ERR_IDENTIFICATION_ALREADY_UNDONE',
  undoStale: 'RMM_ERR_IDENTIFICATION_UNDO_STALE',
  noScriptRunner: 'RMM_ERR_IDENTIFICATION_NO_SCRIPT_RUNNER',
} as const;
export type IdentificationErrorCode = (typeof IdentificationErrorCodes)[keyof typeof IdentificationErrorCodes];

/** A refused identification request (unknown conflict, cross-tenant merge, undo of a changed state…). */
export class IdentificationError extends RmmError {
  constructor(code: IdentificationErrorCode, message: string, options: RmmErrorOptions = {}) {
    super(code, message, options);
  }
}
