/** Every failure answers a coded problem: catalogued errors keep code and hint (secrets masked); anything else says nothing of itself. */
import { AuthError, IntegrationError, NotFoundError, SecretRedactor, UsageError } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { problemOf } from './server-errors.js';

describe('problemOf', () => {
  const redactor = new SecretRedactor();
  redactor.add('s3cret-canary-value');

  it('maps catalogued errors to their status with code, message and hint, secrets masked', () => {
    expect(problemOf(new AuthError('no token'), redactor).status).toBe(401);
    expect(problemOf(new NotFoundError('no computer'), redactor).status).toBe(404);
    const { status, problem } = problemOf(new UsageError('bad value s3cret-canary-value', { hint: 'not s3cret-canary-value', context: { issues: [{ path: 'body.x', message: 'no' }] } }), redactor);
    expect(status).toBe(400);
    expect(problem).toEqual({ code: 'RMM_ERR_USAGE', message: 'bad value [REDACTED]', hint: 'not [REDACTED]', issues: [{ path: 'body.x', message: 'no' }] });
  });

  it("answers an RMM's failure as a bad gateway with the RMM's code, so its refused credentials never read as the caller's", () => {
    const rmmRefused = new IntegrationError({ integrationId: 'nc', pluginId: 'ncentral', capability: 'RunScript' }, new AuthError('JWT rejected'));
    expect(problemOf(rmmRefused, redactor)).toMatchObject({ status: 502, problem: { code: 'RMM_ERR_AUTH' } });
  });

  it('answers anything uncatalogued as an internal error that repeats nothing of it', () => {
    const { status, problem } = problemOf(new Error('ENOENT /etc/secret s3cret-canary-value'), redactor);
    expect(status).toBe(500);
    expect(problem.code).toBe('RMM_ERR_HTTP_INTERNAL');
    expect(JSON.stringify(problem)).not.toMatch(/ENOENT|canary|at /);
  });
});
