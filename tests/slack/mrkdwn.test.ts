import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { esc, truncate } from '../../src/slack/views/mrkdwn.js';

/** How Slack reads an escaped text back: the three entities, &amp; last. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('esc: what Slack must show literally', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://evil|click>', '&lt;https://evil|click&gt;'],
    ['&amp;', '&amp;amp;'],
    ['Tom & Jerry <3 > all', 'Tom &amp; Jerry &lt;3 &gt; all'],
    ['*bold* _it_ `code`', '*bold* _it_ `code`'],
  ])('%s', (raw, shown) => {
    expect(esc(raw)).toBe(shown);
  });

  it('leaves no < or >, only the three entities, and Slack reads back exactly what was typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', ';', 'l', 't', 'g', 'm', 'p', '!', '@', ' ', '\u00e9') }), fc.string(), (tricky, any) => {
        for (const raw of [tricky, any]) {
          const out = esc(raw);
          expect(out).not.toMatch(/[<>]/);
          expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
          expect(unescape(out)).toBe(raw);
        }
      }),
      { seed: 20, numRuns: 300 },
    );
  });
});

describe('truncate', () => {
  it('keeps a text of exactly max characters, and cuts one longer to max with an ellipsis', () => {
    expect(truncate('abcde', 5)).toBe('abcde');
    expect(truncate('abcdef', 5)).toBe('abcd\u2026');
  });

  it('never returns more than max characters, and keeps all it can', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = truncate(text, max);
        if (text.length <= max) expect(out).toBe(text);
        else expect(out).toBe(`${text.slice(0, max - 1)}\u2026`);
      }),
      { seed: 20, numRuns: 300 },
    );
  });
});
