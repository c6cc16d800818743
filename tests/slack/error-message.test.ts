import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyError } from '../../src/slack/reply-error.js';
import { errorMessage } from '../../src/slack/views/errors.js';
import { esc, escFit } from '../../src/slack/views/mrkdwn.js';

// Found by the 2,000-command burst: `block all <4,000 characters>` answered with an error quoting
// all of it, over a section's 3,000 characters; Slack refuses such a reply whole, so the user
// heard nothing.
describe('an error reply fits Slack\u2019s limits whatever the user typed', () => {
  it('cuts a message and a hint made of characters that escaping lengthens', () => {
    const reply = errorMessage(new ReplyError('<'.repeat(4000), '&'.repeat(4000)));
    const section = reply.blocks[0]!.text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toMatch(/^:warning: (&lt;)+\u2026\n(&amp;)+\u2026$/);
    expect(reply.text).toBe(section);
  });

  it('keeps a short message whole', () => {
    expect(errorMessage(new ReplyError('No <client> here.', 'Try again.')).text).toBe(':warning: No &lt;client&gt; here.\nTry again.');
  });

  it('escFit never exceeds its bound, splits no entity or character, and keeps the start of the text', () => {
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 2, max: 400 }), (text, max) => {
        const fitted = escFit(text, max);
        if (esc(text).length <= max) {
          expect(fitted).toBe(esc(text));
          return;
        }
        expect(fitted.length).toBeLessThanOrEqual(max);
        expect(fitted.endsWith('\u2026')).toBe(true);
        const kept = fitted.slice(0, -1);
        expect(esc(unescape(kept))).toBe(kept);
        expect(text.startsWith(unescape(kept))).toBe(true);
        expect(Array.from(unescape(kept)).join('')).toBe(Array.from(text).slice(0, Array.from(unescape(kept)).length).join(''));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
