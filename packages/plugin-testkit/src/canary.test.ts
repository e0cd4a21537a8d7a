import { fc, test } from '@fast-check/vitest';
import { AuthError } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { canaryForms, findLeaks } from './canary.js';

const canary = { label: 'config.password', value: 'S3cret/Passw0rd!' };

describe('canary secrets', () => {
  test.prop([fc.string({ minLength: 8, maxLength: 40 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })])(
    'finds a secret of 8+ characters inside base64 of any surrounding text, at any alignment',
    (secret, before, after) => {
      const encoded = Buffer.from(`${before}${secret}${after}`, 'utf8').toString('base64');
      const forms = canaryForms(secret).filter((f) => f.form === 'base64');
      expect(forms.some((f) => encoded.includes(f.text))).toBe(true);
    },
  );

  it('finds a secret in an error cause chain, a Basic header, a log record and a Map, and names the place', () => {
    const error = new AuthError('refused', { cause: new Error(`sent ${JSON.stringify({ password: canary.value })}`) });
    const basic = `Basic ${Buffer.from(`api:${canary.value}`).toString('base64')}`;
    const leaks = findLeaks({ error, log: { msg: 'x', header: basic }, map: new Map([['k', encodeURIComponent(canary.value)]]) }, [canary]);
    expect(leaks.map((l) => `${l.path} ${l.form}`).sort()).toEqual(
      ['$.error.cause.message literal', '$.error.cause.stack literal', '$.log.header base64', '$.map.get(k) url-encoded'].sort(),
    );
  });

  it('finds nothing in clean data, and survives cycles', () => {
    const a: Record<string, unknown> = { name: 'client', text: 'S3cret/Passw0r' };
    a['self'] = a;
    expect(findLeaks(a, [canary])).toEqual([]);
  });
});
