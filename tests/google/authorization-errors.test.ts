import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { refusalOf } from '../../src/core/connections/authorization-errors.js';
import { REFUSALS } from '../errors/samples.js';

const DOCUMENTED = [
  'access_denied', 'invalid_scope', 'admin_policy_enforced', 'org_internal', 'disallowed_useragent', 'unauthorized_client',
  'invalid_client', 'deleted_client', 'redirect_uri_mismatch', 'invalid_request', 'unsupported_response_type', 'server_error',
  'temporarily_unavailable',
];

describe('the error Google sends back', () => {
  it('is always one of our own refusals, whatever the query string says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 2048 }), fc.constantFrom(...DOCUMENTED, '__proto__', 'constructor', 'toString', 'hasOwnProperty')), (error) => {
        expect(REFUSALS).toContain(refusalOf(error));
      }),
      { seed: 10, numRuns: 500 },
    );
  });

  it('has a refusal of its own for each documented code, and `other` for look-alikes', () => {
    for (const code of DOCUMENTED) expect(refusalOf(code), code).not.toBe('other');
    for (const lookAlike of ['ACCESS_DENIED', 'access_denied ', ' access_denied', 'access_denied\u0000', '__proto__']) {
      expect(refusalOf(lookAlike), lookAlike).toBe('other');
    }
  });
});
