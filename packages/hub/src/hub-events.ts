/**
 * The events a host application listens to: every host event (see HostEvents in
 * `@rmm-hub/core`) plus short names for the ones most applications want.
 */
import type { HostEventBus, HostEventName, HostEvents } from '@rmm-hub/core';

/** Every event a hub publishes, by name, with its payload. */
export interface HubEvents extends HostEvents {
  /** A sync's progress within a phase: the same payload as `sync:progress`. */
  progress: HostEvents['sync:progress'];
  /** Identification opened a conflict for a person to resolve: the same payload as `computer:conflict`. */
  'conflict:opened': HostEvents['computer:conflict'];
}

/** The name of an event a hub publishes. */
export type HubEventName = keyof HubEvents;

/** A listener for one hub event. */
export type HubListener<K extends HubEventName> = (payload: HubEvents[K]) => void;

const ALIASES: { readonly [K in Exclude<HubEventName, HostEventName>]: HostEventName } = {
  progress: 'sync:progress',
  'conflict:opened': 'computer:conflict',
};

/** Subscribes `listener` to `name` on the host's bus; returns the unsubscribe function. */
export function subscribe<K extends HubEventName>(bus: HostEventBus, name: K, listener: HubListener<K>): () => void {
  const hostName = (name in ALIASES ? ALIASES[name as keyof typeof ALIASES] : name) as HostEventName;
  const handler = listener as (payload: HostEvents[HostEventName]) => void;
  bus.on(hostName, handler);
  return () => {
    bus.off(hostName, handler);
  };
}
