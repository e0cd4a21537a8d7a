/**
 * A capability token is a `Symbol.for('rmm.<Name>')` that also carries, at the type level, the
 * interface it stands for. `ctx.provide(ListClients, impl)` therefore only compiles when `impl`
 * really implements `ListClients`, and `host.call(id, ListClients, …)` is typed end to end.
 */
declare const capabilityType: unique symbol;

/** An injection token (`Symbol.for('rmm.<Name>')`) that carries the interface it stands for, so `resolve` and `provide` are typed. */
export type CapabilityToken<T> = symbol & { readonly [capabilityType]?: T };

/** The interface a token stands for. */
export type CapabilityOf<K> = K extends CapabilityToken<infer T> ? T : never;

/** Creates the typed token of capability `name` (`Symbol.for('rmm.' + name)`). */
export function capabilityToken<T>(name: string): CapabilityToken<T> {
  return Symbol.for(`rmm.${name}`) as CapabilityToken<T>;
}
