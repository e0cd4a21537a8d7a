import { describe, expect, it } from 'vitest';

import { CancelledError, ConfigError, ErrorCodes, TimeoutError, TransientError } from '../errors/index.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import { errorForNetwork, scrub, scrubberFor, sensitiveValues, upstreamMessage } from './error-mapping.js';

const label = { client: 'nc', method: 'GET', urlTemplate: '/api/devices/{deviceId}' };
const facts = { attempts: 1, timeoutMs: 1000, aborted: false };

describe('upstreamMessage', () => {
  it.each([
    [{ status: 403, message: 'FORBIDDEN: no' }, 'FORBIDDEN: no'],
    [{ Message: 'Authorization has been denied' }, 'Authorization has been denied'],
    [{ 'error message': 'Field not found: X' }, 'Field not found: X'],
    [{ error: { message: 'nested' } }, 'nested'],
    [{ errors: [{ field: 'a', message: 'bad a' }] }, 'bad a'],
    ['{"message":"from text"}', 'from text'],
    ['plain words', 'plain words'],
    ['<html><body>502</body></html>', undefined],
    ['', undefined],
    [{ nothing: true }, undefined],
  ])('%j → %j', (body, expected) => {
    expect(upstreamMessage(body)).toBe(expected);
  });

  it('clips long messages', () => {
    expect(upstreamMessage({ message: 'x'.repeat(1000) })?.length).toBe(300);
  });
});

describe('scrubbing', () => {
  it('removes registered secrets, request values and credential-shaped strings', () => {
    const redactor = new SecretRedactor();
    redactor.add('registered-secret');
    const text = 'a registered-secret b Bearer abc.def-123 c eyJhbGciOi.eyJzdWIiOi.sig d apikey-value-1';
    const out = scrub(text, redactor, ['apikey-value-1']);
    expect(out).toBe('a [REDACTED] b Bearer [REDACTED] c [REDACTED] d [REDACTED]');
  });

  it('treats values of sensitive-looking query parameters and headers as secret', () => {
    const values = sensitiveValues({ pageSize: 500, api_key: 'k-123456', access_token: 'tok en/1' }, { authorization: 'Basic dXNlcjpwdw==', accept: 'application/json' });
    expect(values).toEqual(expect.arrayContaining(['k-123456', 'tok en/1', encodeURIComponent('tok en/1'), 'Basic dXNlcjpwdw==', 'dXNlcjpwdw==']));
    expect(values).not.toContain('500');
    expect(values).not.toContain('application/json');
    expect(scrubberFor(undefined, values)('echo /x?access_token=tok%20en%2F1')).toBe('echo /x?access_token=[REDACTED]');
  });
});

describe('errorForNetwork', () => {
  it('classifies timeouts, cancellation, TLS and connection failures', () => {
    expect(errorForNetwork(label, { name: 'TimeoutError', code: 'ETIMEDOUT', message: 't' }, facts).error).toBeInstanceOf(TimeoutError);
    expect(errorForNetwork(label, { name: 'AbortError', code: 'ERR_ABORTED' }, facts).error).toBeInstanceOf(CancelledError);
    const tls = errorForNetwork(label, { name: 'RequestError', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'x' }, facts);
    expect(tls.error).toBeInstanceOf(ConfigError);
    expect(tls.retryable).toBe(false);
    const reset = errorForNetwork(label, { name: 'RequestError', code: 'ECONNRESET', message: 'socket hang up' }, facts);
    expect(reset.error).toBeInstanceOf(TransientError);
    expect(reset.retryable).toBe(true);
    const dns = errorForNetwork(label, { name: 'RequestError', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nc' }, facts);
    expect(dns.retryable).toBe(false);
    expect(dns.error.code).toBe(ErrorCodes.transient);
    expect(dns.error.message).toMatch(/does not resolve/);
    expect(dns.error.hint).toMatch(/host name/);
    const refused = errorForNetwork(label, { name: 'RequestError', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, { ...facts, host: 'nc.example.com:443' });
    expect(refused).toMatchObject({ retryable: true, unreachable: true });
    expect(refused.error.message).toContain('nothing answers at nc.example.com:443');
  });

  it('keeps a sanitised cause, never the transport error with its headers', () => {
    const transport = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', options: { headers: { authorization: 'Bearer live-token-123' } } });
    const { error } = errorForNetwork(label, transport, facts);
    expect(error.cause).not.toBe(transport);
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain('live-token-123');
  });
});
