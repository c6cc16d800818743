import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { authorizationErrorWording } from '../../src/core/connections/authorization-errors.js';

const DOCUMENTED = [
  'access_denied', 'invalid_scope', 'admin_policy_enforced', 'org_internal', 'disallowed_useragent', 'unauthorized_client',
  'invalid_client', 'deleted_client', 'redirect_uri_mismatch', 'invalid_request', 'unsupported_response_type', 'server_error',
  'temporarily_unavailable',
];

describe('wording of the error Google sends back', () => {
  const fixed = new Set([...DOCUMENTED, 'anything else'].map((code) => JSON.stringify(authorizationErrorWording(code, 'Acme'))));

  it('is always one of our own texts, whatever the query string says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 2048 }), fc.constantFrom(...DOCUMENTED, '__proto__', 'constructor', 'toString', 'hasOwnProperty')), (error) => {
        expect(fixed.has(JSON.stringify(authorizationErrorWording(error, 'Acme')))).toBe(true);
      }),
      { seed: 10, numRuns: 500 },
    );
  });

  it('has a text of its own for each documented code, and the generic one for look-alikes', () => {
    const generic = authorizationErrorWording('made_up', 'Acme');
    for (const code of DOCUMENTED) expect(authorizationErrorWording(code, 'Acme'), code).not.toEqual(generic);
    for (const lookAlike of ['ACCESS_DENIED', 'access_denied ', ' access_denied', 'access_denied\u0000', '__proto__']) {
      expect(authorizationErrorWording(lookAlike, 'Acme'), lookAlike).toEqual(generic);
    }
  });
});
