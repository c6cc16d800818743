// The bound on Google calls in flight (createLimiter): how many run at once, in what order, and
// how many start in one turn of the event loop, so that a fan-out's first requests leave while
// the rest are still being prepared.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/shared/limit.js';

/** A task that records when it started and ends when told. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('createLimiter', () => {
  it('runs at most `concurrency` tasks at once, the others in the order asked', async () => {
    const run = createLimiter(2);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const all = gates.map((g, i) =>
      run(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await nextTurn();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await nextTurn();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts at most `startsPerTurn` tasks in one turn of the event loop, the next ones in the following turns', async () => {
    const run = createLimiter(100, 3);
    const turnOf: number[] = [];
    let turn = 0;
    const ticking = (async () => {
      for (; turn < 10; turn++) await nextTurn();
    })();
    const all = Array.from({ length: 8 }, (_, i) =>
      run(async () => {
        turnOf[i] = turn;
        return i;
      }),
    );
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await ticking;
    // Three in the first turn, three in the next, two in the one after: in order.
    expect(turnOf).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });

  it('a task that fails frees its place and fails its caller alone', async () => {
    const run = createLimiter(1, 1);
    const failed = run(() => Promise.reject(new Error('Google said no')));
    const next = run(() => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('Google said no');
    expect(await next).toBe('next');
  });
});
