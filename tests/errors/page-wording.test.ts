import { describe, expect, it } from 'vitest';
import { CoreError, OAUTH_FLOW_CODES } from '../../src/core/errors.js';
import { pageWording } from '../../src/http/oauth-wording.js';
import { everyError } from './samples.js';

// The OAuth pages are read by the client who opened the link, who may never use Slack.
describe('the OAuth page wording of every code the browser flow throws', () => {
  const flow = everyError('Acme').filter((e) => (OAUTH_FLOW_CODES as readonly string[]).includes(e.code));

  it('words each one as plain text for the client: no Slack command, no markdown, an HTTP error status', () => {
    expect(new Set(flow.map((e) => e.code))).toEqual(new Set(OAUTH_FLOW_CODES));
    for (const err of flow) {
      const page = pageWording(err);
      expect(page, err.code).not.toBeNull();
      for (const text of [page!.message, page!.hint]) {
        expect(text.length, err.code).toBeGreaterThan(0);
        expect(text, err.code).not.toMatch(/\/calstack|`|\*|\bin Slack\b/);
      }
      expect(page!.status, err.code).toBeGreaterThanOrEqual(400);
      expect(page!.status, err.code).toBeLessThan(500);
    }
  });

  it('sends the client back to the person who sent the link when only that person can help', () => {
    const hint = (code: string) => pageWording(flow.find((e) => e.code === code))!.hint;
    for (const code of ['link_invalid', 'link_expired']) expect(hint(code)).toBe('Ask the person who sent you this link for a new one.');
    const refused = new CoreError('authorization_refused', { clientName: 'Acme', clientSlug: 'acme', refusal: 'invalid_client' });
    expect(pageWording(refused)!.hint).toContain('the person who sent you this link');
  });

  it('leaves anything else to the generic page (our fault)', () => {
    expect(pageWording(new Error('boom'))).toBeNull();
    expect(pageWording(everyError('Acme').find((e) => e.code === 'not_connected'))).toBeNull();
  });
});
