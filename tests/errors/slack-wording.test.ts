import fc from 'fast-check';
import { CoreError } from '../../src/core/errors.js';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/slack/views/errors.js';
import { wordingOf } from '../../src/slack/views/error-text.js';
import { ALL_CODES, everyError } from './samples.js';

// Core errors carry a code and data; Slack words each code in src/slack/views/error-text.ts.
describe('the Slack wording of every core error code', () => {
  it('covers every code with a message, and a hint wherever there is something to do', () => {
    for (const err of everyError('Acme')) {
      const worded = wordingOf(err);
      expect(worded, err.code).not.toBeNull();
      expect(worded!.message.length, err.code).toBeGreaterThan(0);
    }
    expect(ALL_CODES.length).toBeGreaterThan(30);
  });

  it('escapes what the user typed, wherever a code carries it, in the reply Slack shows', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).map((s) => `<!channel> ${s} <@U1|x> & <https://evil.example|y>`), (typed) => {
        for (const err of everyError(typed)) {
          const { text } = errorMessage(err);
          // Only escaped entities remain: no mention, link or broadcast can be built from user text.
          expect(text.replace(/&(amp|lt|gt);/g, ''), err.code).not.toMatch(/[<>&]/);
          expect(text.length, err.code).toBeLessThanOrEqual(3000);
        }
      }),
      { seed: 20261201, numRuns: 40 },
    );
  });

  it('keeps today\u2019s wording where people rely on it, with the client\u2019s own slug in the command', () => {
    const [notConnected] = everyError('Acme').filter((e) => e.code === 'not_connected');
    expect(errorMessage(notConnected).text).toBe(':warning: Acme isn\u2019t connected to Google yet.\nConnect it with `/calstack connect acme`.');
    const refused = new CoreError('authorization_refused', { clientName: 'Acme', clientSlug: 'acme', refusal: 'invalid_client' });
    expect(wordingOf(refused)!.hint).toContain('`/calstack client google acme`');
  });
});
