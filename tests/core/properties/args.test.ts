import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextArg, OPENING_QUOTES, splitArgs } from '../../../src/core/text/args.js';
import { quickly, runs, userText } from './arbitraries.js';

describe('splitArgs', () => {
  it('skips every kind of whitespace between words, as the words themselves end at it', () => {
    // Each of these looped for ever (pushing empty words) until the array overflowed.
    for (const space of ['\v', '\f', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff']) {
      expect(quickly(() => splitArgs(`edit${space}${space}acme corp`))).toEqual(['edit', 'acme', 'corp']);
    }
    expect(splitArgs('use\r\n"Acme Corp"\u00a0now')).toEqual(['use', 'Acme Corp', 'now']);
  });

  it('returns non-empty words of the text, whitespace only inside quotes, fewer than the characters, for any text', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const words = quickly(() => splitArgs(text));
        expect(words.length).toBeLessThanOrEqual(text.length);
        for (const word of words) {
          expect(word).not.toBe('');
          expect(text).toContain(word);
          // Only a quoted phrase may hold whitespace (that is what quotes are for).
          if (/\s/.test(word)) expect(OPENING_QUOTES.some((q) => text.includes(q + word))).toBe(true);
        }
      }),
      runs(400),
    );
  });

  it('reads the same words as nextArg walking the text, which block uses to keep the rest verbatim', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const walked: string[] = [];
        let steps = 0;
        for (let w = nextArg(text, 0); w; w = nextArg(text, w.end)) {
          expect(++steps).toBeLessThanOrEqual(text.length);
          if (w.word) walked.push(w.word);
        }
        expect(walked).toEqual(splitArgs(text));
      }),
      runs(300),
    );
  });
});
