/**
 * Errors of the linking service. Codes are stable (`RMM_ERR_LINK_*`); every error says what
 * to do next in its `hint`.
 */
import { RmmError, type RmmErrorOptions } from '../errors/rmm-error.js';

export const LinkingErrorCodes = {
  /** `accept`/`reject` without a tenant, and the client has no suggestion to take it from. */
  noSuggestion: 'RMM_ERR_LINK_NO_SUGGESTION',
  /** `unlink` of a client that has no link. */
  notLinked: 'RMM_ERR_LINK_NOT_LINKED',
  /** `revoke` of a decision that is already revoked. */
  alreadyRevoked: 'RMM_ERR_LINK_ALREADY_REVOKED',
  /** Bulk tenant creation before the MSP's own tenant is linked by hand. */
  mspUnlinked: 'RMM_ERR_LINK_MSP_UNLINKED',
  /** A decision that makes no sense for the client (e.g. linking a client kept separate without revoking). */
  invalidDecision: 'RMM_ERR_LINK_INVALID_DECISION',
  /** A site or location named for a client that has no such site or location (or several by that name). */
  groupNotFound: 'RMM_ERR_LINK_GROUP_NOT_FOUND',
} as const;
export type LinkingErrorCode = (typeof LinkingErrorCodes)[keyof typeof LinkingErrorCodes];

/** A linking request that cannot be carried out as asked. */
export class LinkingError extends RmmError {
  constructor(code: LinkingErrorCode, message: string, options: RmmErrorOptions = {}) {
    super(code, message, options);
  }
}
