import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors/index.js';
import { KnownBadRegistry, SHIPPED_CATALOGUE } from './known-bad-registry.js';

describe('KnownBadRegistry', () => {
  const registry = KnownBadRegistry.create();

  it('knows the catalogue values, normalised', () => {
    expect(registry.isKnownBad('uuid', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toBe(true);
    expect(registry.isKnownBad('serial', 'TO BE FILLED BY O.E.M.')).toBe(true);
    expect(registry.isKnownBad('serial', '0000000')).toBe(true); // all zeros
    expect(registry.isKnownBad('serial', '1.0.3')).toBe(true); // version-like
    expect(registry.isKnownBad('mac', '005056C00001')).toBe(true);
    expect(registry.isKnownBad('mac', '005056C000AB')).toBe(true); // VMware host prefix
    expect(registry.isKnownBad('mac', '02AABBCCDDEE')).toBe(true); // locally administered
    expect(registry.isKnownBad('serial', 'CZC1234ABC')).toBe(false);
    expect(registry.isKnownBad('uuid', '4C4C4544-0042-3510-8052-B4C04F4E4D31')).toBe(false);
  });

  it('is versioned, and a deployment override adds and removes values', () => {
    expect(registry.version).toBe(SHIPPED_CATALOGUE.version);
    const custom = KnownBadRegistry.create({ version: 'site-2', add: { serials: ['WHITEBOX'] }, remove: { serials: ['EVAL'] } });
    expect(custom.version).toBe(`${SHIPPED_CATALOGUE.version}+site-2`);
    expect(custom.isKnownBad('serial', 'WHITEBOX')).toBe(true);
    expect(custom.isKnownBad('serial', 'EVAL')).toBe(false);
  });

  it('loads an override file and rejects a bad one with a ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-known-bad-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ version: '1', add: { uuids: ['{12345678-1234-1234-1234-123456789abc}'] } }));
    expect(KnownBadRegistry.load({ overrideFile: good }).isKnownBad('uuid', '12345678-1234-1234-1234-123456789ABC')).toBe(true);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ add: { uuids: 'not a list' } }));
    expect(() => KnownBadRegistry.load({ overrideFile: bad })).toThrow(ConfigError);
    expect(() => KnownBadRegistry.load({ overrideFile: join(dir, 'missing.json') })).toThrow(ConfigError);
  });
});
