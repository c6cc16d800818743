import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packLines } from '../../src/slack/views/blocks.js';

const textOf = (block: unknown) => (block as { text: { text: string } }).text.text;

/** The sections packLines must make: each as full as 2900 characters allow, lines never split (written the slow, obvious way). */
function expected(lines: readonly string[], maxBlocks = Infinity): { sections: string[]; shown: number } {
  const sections: string[][] = [];
  let shown = 0;
  for (const line of lines) {
    const last = sections.at(-1);
    if (last && [...last, line].join('\n').length <= 2900) last.push(line);
    else if (sections.length < maxBlocks) sections.push([line]);
    else break;
    shown++;
  }
  return { sections: sections.map((s) => s.join('\n')), shown };
}

describe('packLines: lines in as few sections as Slack\u2019s limit allows', () => {
  it('fills each section as far as 2900 characters go, keeps every line whole and in order, and counts what it leaves out', () => {
    const line = fc.string({ maxLength: 400 }).filter((s) => !s.includes('\n'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (lines, maxBlocks) => {
        const blocks = packLines(lines, { ...(maxBlocks ? { maxBlocks } : {}), more: (left) => `+${left}` });
        const want = expected(lines, maxBlocks);
        const left = lines.length - want.shown;
        if (left) want.sections[want.sections.length - 1] += `\n+${left}`;
        expect(blocks.map(textOf)).toEqual(want.sections);
      }),
      { seed: 18, numRuns: 400 },
    );
  });

  it('keeps a line that brings a section to exactly 2900 characters, and starts a new one a character later', () => {
    const a = 'a'.repeat(1000);
    const fits = 'b'.repeat(2900 - 1000 - 1);
    expect(packLines([a, fits, 'c']).map(textOf)).toEqual([`${a}\n${fits}`, 'c']);
    const over = `${fits}b`;
    expect(packLines([a, over, 'c']).map(textOf)).toEqual([a, `${over}\nc`]);
  });
});
