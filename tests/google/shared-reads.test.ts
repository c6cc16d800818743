// The events cache's own rules, on its own clock: what is kept, for how long, and what a write drops.
import { describe, expect, it } from 'vitest';
import { sharedReads } from '../../src/google/shared-reads.js';

/** A read whose answer the test gives when it chooses; counts how often Google would be asked. */
function google() {
  let calls = 0;
  const pending: ((value: string) => void)[] = [];
  return {
    get calls() {
      return calls;
    },
    load: () => {
      calls++;
      return new Promise<string>((resolve) => pending.push(resolve));
    },
    answer: (value: string) => pending.shift()!(value),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('shared reads', () => {
  it('keeps an answer ttl after Google gave it, then asks again', async () => {
    let now = 0;
    const reads = sharedReads<string>({ ttlMs: 5000, maxEntries: 10, now: () => now });
    const g = google();
    const first = reads.read('cal', 'k', g.load);
    now = 10_000; // a slow answer: the ttl starts when it comes, not when it was asked
    g.answer('v1');
    expect(await first).toBe('v1');
    now = 14_999;
    expect(await reads.read('cal', 'k', g.load)).toBe('v1');
    now = 15_000;
    const expired = reads.read('cal', 'k', g.load);
    g.answer('v2');
    expect(await expired).toBe('v2');
    expect(g.calls).toBe(2);
  });

  it('a read in flight when its calendar is written is neither joined nor kept', async () => {
    const reads = sharedReads<string>({ ttlMs: 60_000, maxEntries: 10 });
    const g = google();
    const before = reads.read('cal', 'k', g.load);
    reads.invalidate('cal');
    const after = reads.read('cal', 'k', g.load);
    g.answer('before the write');
    g.answer('after the write');
    expect(await before).toBe('before the write');
    expect(await after).toBe('after the write');
    await settle();
    expect(await reads.read('cal', 'k', g.load)).toBe('after the write');
    expect(g.calls).toBe(2);
  });

  it('a write drops only its own calendar\u2019s reads', async () => {
    const reads = sharedReads<string>({ ttlMs: 60_000, maxEntries: 10 });
    const g = google();
    const a = reads.read('cal-a', 'a', g.load);
    const b = reads.read('cal-b', 'b', g.load);
    g.answer('a');
    g.answer('b');
    await Promise.all([a, b]);
    reads.invalidate('cal-a');
    void reads.read('cal-a', 'a', g.load);
    expect(await reads.read('cal-b', 'b', g.load)).toBe('b');
    expect(g.calls).toBe(3);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const reads = sharedReads<number>({ ttlMs: 60_000, maxEntries: 2 });
    let calls = 0;
    const load = () => Promise.resolve(++calls);
    await reads.read('s', 'one', load);
    await reads.read('s', 'two', load);
    await reads.read('s', 'one', load); // used again: "two" is now the oldest
    await reads.read('s', 'three', load);
    expect(calls).toBe(3);
    await reads.read('s', 'one', load);
    expect(calls).toBe(3);
    await reads.read('s', 'two', load);
    expect(calls).toBe(4);
  });

  it('with ttl 0 only callers of the same moment share an answer', async () => {
    const reads = sharedReads<string>({ ttlMs: 0, maxEntries: 10 });
    const g = google();
    const one = reads.read('cal', 'k', g.load);
    const two = reads.read('cal', 'k', g.load);
    g.answer('shared');
    expect([await one, await two]).toEqual(['shared', 'shared']);
    await settle();
    const three = reads.read('cal', 'k', g.load);
    g.answer('fresh');
    expect(await three).toBe('fresh');
    expect(g.calls).toBe(2);
  });

  it('a failed read is shared by its callers, then never served again', async () => {
    const reads = sharedReads<string>({ ttlMs: 60_000, maxEntries: 10 });
    let calls = 0;
    const failing = () => (++calls === 1 ? Promise.reject(new Error('503')) : Promise.resolve('ok'));
    const [one, two] = await Promise.allSettled([reads.read('cal', 'k', failing), reads.read('cal', 'k', failing)]);
    expect([one.status, two.status]).toEqual(['rejected', 'rejected']);
    await settle();
    expect(await reads.read('cal', 'k', failing)).toBe('ok');
    expect(calls).toBe(2);
  });
});
