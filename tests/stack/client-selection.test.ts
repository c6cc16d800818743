// The Book button's choice of clients (src/slack/forms/client-selection.ts) comes back from Slack in a
// payload anyone can forge: whatever it holds, decoding returns the exact set or nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSelection, encodeSelection } from '../../src/slack/forms/client-selection.js';

const ids = fc.uniqueArray(fc.stringMatching(/^c[a-z0-9]{24}$/), { minLength: 1, maxLength: 300 });
const SEED = 20_261_201;

describe('a Book button\u2019s choice of clients', () => {
  it('round-trips any non-empty subset of the visible clients, in a value far under 2,000 characters', () => {
    fc.assert(
      fc.property(ids, fc.infiniteStream(fc.boolean()), (visible, picks) => {
        const taken = picks.take(visible.length);
        const chosen = visible.filter(() => taken.next().value === true);
        fc.pre(chosen.length > 0);
        const token = encodeSelection(chosen, visible);
        expect(token.length).toBeLessThanOrEqual(Math.ceil(visible.length / 6) + 20);
        expect(decodeSelection(token, [...visible].reverse())?.sort()).toEqual([...chosen].sort());
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses a selection once the visible clients changed, rather than naming others', () => {
    fc.assert(
      fc.property(ids, fc.stringMatching(/^c[a-z0-9]{24}$/), (visible, newcomer) => {
        fc.pre(!visible.includes(newcomer));
        const token = encodeSelection(visible, visible);
        const withNewcomer = [...visible, newcomer];
        const decoded = decodeSelection(token, withNewcomer);
        // Either exactly the old set (the newcomer sorted last) or nothing: never a different set.
        if (decoded !== undefined) expect(decoded.sort()).toEqual([...visible].sort());
        expect(decodeSelection(token, visible.slice(1))).toBeUndefined();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws on arbitrary text, and returns only visible clients when it returns any', () => {
    fc.assert(
      fc.property(ids, fc.string({ unit: 'binary', maxLength: 2000 }), (visible, token) => {
        const decoded = decodeSelection(token, visible);
        if (decoded !== undefined) expect(decoded.every((id) => visible.includes(id))).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
