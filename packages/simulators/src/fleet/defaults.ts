import type { MessRates } from './fleet.types.js';

/**
 * Default mess rates: roughly what an MSP with two RMMs after a few years of churn sees.
 * Every rate is a share of physical machines unless its doc in {@link MessRates} says
 * otherwise (placeholders and missing inventory are shares of agents; orphan clients and
 * name variants shares of RMM clients; PSA ids a share of tenants).
 */
export const DEFAULT_MESS_RATES: Readonly<MessRates> = Object.freeze({
  inBothRmms: 0.4,
  placeholderSerial: 0.03,
  placeholderUuid: 0.02,
  vmCloneUuid: 0.02,
  reinstalledAgent: 0.04,
  wipedMachine: 0.02,
  sharedUsbNic: 0.01,
  crossTenantDisagreement: 0.01,
  renamedHost: 0.03,
  missingInventory: 0.02,
  missingSystemRow: 0.03,
  psaCompanyId: 0.7,
  orphanClient: 0.05,
  nameVariant: 0.6,
});

/** The instant the fleet's timestamps are relative to, unless `FleetOptions.epoch` says otherwise. */
export const DEFAULT_FLEET_EPOCH = '2025-06-01T00:00:00.000Z';

/** Default share of tenants whose N-central customer has sites. */
export const DEFAULT_SITE_SHARE = 0.25;

/** Smallest and largest fleet the generator supports. */
export const FLEET_DEVICE_LIMITS = Object.freeze({ min: 10, max: 200_000 });
