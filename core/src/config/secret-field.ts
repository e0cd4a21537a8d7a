/**
 * Marking config fields as secret. A plugin wraps a field's schema in {@link secret}; the host
 * then insists the field is given as a reference (`env:NAME` or `file:PATH`), resolves it,
 * registers the value with the integration's redactor, and never prints it.
 */
import { z } from 'zod';

const SECRET_MARK = 'x-rmm-secret';

/**
 * Marks a config field as secret.
 * @example
 * const configSchema = z.object({ serverUrl: z.string().url(), jwt: secret(z.string().min(20)) });
 */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [SECRET_MARK]: true, writeOnly: true }) as T;
}

export function isSecretSchema(schema: z.ZodType): boolean {
  return z.globalRegistry.get(schema)?.[SECRET_MARK] === true;
}

interface ZodInternals {
  _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; shape?: Record<string, z.ZodType> } };
}

/**
 * Paths of every secret field in a config schema, as dotted keys; `*` stands for an array index
 * or an arbitrary record key. Looks through optional, default, nullable, pipes, arrays and unions.
 * @example secretPaths(z.object({ auth: z.object({ password: secret(z.string()) }) })) // ['auth.password']
 */
export function secretPaths(schema: z.ZodType): string[] {
  const paths = new Set<string>();
  const walk = (node: z.ZodType, path: string[], depth: number): void => {
    if (depth > 20) return;
    if (isSecretSchema(node)) {
      paths.add(path.join('.'));
      return;
    }
    const def = (node as unknown as ZodInternals)._zod.def;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? (node as unknown as z.ZodObject).shape)) walk(child, [...path, key], depth + 1);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        if (def.innerType) walk(def.innerType, path, depth + 1);
        return;
      case 'pipe':
        if (def.in) walk(def.in, path, depth + 1);
        return;
      case 'array':
        if (def.element) walk(def.element, [...path, '*'], depth + 1);
        return;
      case 'union':
        for (const option of def.options ?? []) walk(option, path, depth + 1);
        return;
      default:
        return;
    }
  };
  walk(schema, [], 0);
  return [...paths];
}
