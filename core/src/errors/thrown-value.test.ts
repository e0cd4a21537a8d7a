import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { IntegrationError } from './catalogue.js';
import { describeThrown, thrownMessage } from './thrown-value.js';

const site = { integrationId: 'ex', pluginId: 'example', capability: 'ListClients' };

describe('text for a thrown value', () => {
  it('reads errors by name and message, from this realm or another', () => {
    expect(describeThrown(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    const foreign: unknown = runInNewContext('new RangeError("out of range")');
    expect(foreign instanceof Error).toBe(false);
    expect(describeThrown(foreign)).toBe('RangeError: out of range');
    expect(thrownMessage(foreign)).toBe('out of range');
  });

  it('never throws on a value String() cannot convert', () => {
    const record = Object.assign(Object.create(null) as object, { status: 401 });
    expect(() => String(record)).toThrow(/Cannot convert object to primitive value/);
    expect(thrownMessage(record)).toBe('{"status":401}');
    expect(describeThrown(record)).toBe('an object {"status":401}');
    const circular = Object.create(null) as Record<string, unknown>;
    circular['self'] = circular;
    expect(thrownMessage(circular)).toBe('[object Object]');
    expect(describeThrown('failed')).toBe('the string "failed"');
    expect(describeThrown(42)).toBe('the number 42');
    expect(thrownMessage(undefined)).toBe('undefined');
  });

  it('lets the host wrap whatever a plugin threw', () => {
    const wrapped = new IntegrationError(site, Object.assign(Object.create(null) as object, { status: 401 }));
    expect(wrapped).toMatchObject({ code: 'RMM_ERR_PLUGIN_CRASH', message: '[ex] ListClients: {"status":401}' });
  });
});
