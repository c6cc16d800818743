// A bulk run with in-memory ports: which client gets what, and what a retry, a move and a cancel
// send to Google. tests/stack/bulk.test.ts and bulk-move.test.ts drive the same through Slack.
import { describe, expect, it } from 'vitest';
import { NotFoundError, UserFacingError } from '../../../src/core/errors.js';
import { operator, useCaseWorld } from './world.js';
import { busy, timed } from './fixtures.js';

const OOO = timed('OOO', '2026-12-24T09:00:00Z', '2026-12-24T17:00:00Z');

async function world() {
  const w = useCaseWorld();
  const clients = [await w.addClient('Acme'), await w.addClient('Globex'), await w.addClient('Initech')];
  const live = (i: number) => w.google.events(clients[i]!).filter((e) => e.status !== 'cancelled');
  /** The final state of a change that must have run. */
  const change = async (...args: Parameters<typeof w.bulkChange>) => {
    const final = await w.bulkChange(...args);
    if (!final) throw new Error('the change did not run');
    return final;
  };
  return { ...w, clients, live, change };
}

describe('a bulk run', () => {
  it('makes the event in each client\u2019s primary calendar; one client\u2019s failure is its own, with the adapter\u2019s words', async () => {
    const w = await world();
    w.google.failFor(w.clients[2]!, { status: 503 });
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: w.clients.map((c) => c.id) });

    const final = await w.change(operator, { jobId: job.id, action: 'run' });

    expect([final.total, final.done, final.failed, final.pending, final.final]).toEqual([3, 2, 1, 0, true]);
    expect(final.items.map((i) => [i.clientName, i.status, i.error])).toEqual([
      ['Acme', 'done', null],
      ['Globex', 'done', null],
      ['Initech', 'failed', busy('Initech')],
    ]);
    expect([0, 1, 2].map((i) => w.live(i).map((e) => e.title))).toEqual([['OOO'], ['OOO'], []]);
    expect(w.reports.at(-1)).toEqual(final);
    expect(w.unexpected).toEqual([]);
  });

  it('retries only what failed, and a retry lands on the same events (nothing made twice)', async () => {
    const w = await world();
    w.google.failFor(w.clients[1]!, { status: 429, reason: 'rateLimitExceeded' });
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: w.clients.map((c) => c.id) });
    await w.change(operator, { jobId: job.id, action: 'run' });
    w.google.failFor(w.clients[1]!, null);

    const final = await w.change(operator, { jobId: job.id, action: 'retry' });

    expect([final.done, final.failed]).toEqual([3, 0]);
    expect(w.google.writes.filter((x) => x.op === 'insert').map((x) => x.clientId).sort()).toEqual(w.clients.map((c) => c.id).sort());
    // The retry's first report shows the failed client pending again, from the run's start.
    expect(w.reports.find((r) => !r.final && r.pending === 1)?.items.find((i) => i.clientName === 'Globex')?.status).toBe('pending');
    expect(await w.change(operator, { jobId: job.id, action: 'run' })).toMatchObject({ done: 3 });
    expect(w.google.writes.filter((x) => x.op === 'insert')).toHaveLength(3);
  });

  it('moves every event it made to the new time, and a cancel removes them all', async () => {
    const w = await world();
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: [w.clients[0]!.id, w.clients[1]!.id] });
    await w.change(operator, { jobId: job.id, action: 'run' });

    const moved = await w.change(operator, { jobId: job.id, action: 'move', time: { start: { dateTime: '2026-12-28T09:00:00Z' }, end: { dateTime: '2026-12-28T17:00:00Z' }, timeZone: 'UTC' } });
    expect(moved).toMatchObject({ mode: 'move', done: 2, failed: 0 });
    expect([0, 1].map((i) => w.live(i).map((e) => e.start.dateTime))).toEqual([['2026-12-28T09:00:00Z'], ['2026-12-28T09:00:00Z']]);
    // Only the time is sent: whatever else the event has at Google stays as it is.
    expect(w.google.writes.filter((x) => x.op === 'patch').map((x) => Object.keys(x.changes ?? {}).sort())).toEqual([
      ['end', 'start', 'timeZone'],
      ['end', 'start', 'timeZone'],
    ]);

    const cancelled = await w.change(operator, { jobId: job.id, action: 'cancel' });
    expect(cancelled).toMatchObject({ mode: 'cancel', done: 2 });
    expect([0, 1].map((i) => w.live(i))).toEqual([[], []]);
    await expect(w.bulk.moveTarget(operator, job.id)).rejects.toBeInstanceOf(UserFacingError);
  });

  it('is its owner\u2019s alone: another user\u2019s retry finds no such job', async () => {
    const w = await world();
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: [w.clients[0]!.id] });
    await expect(w.bulk.request({ ...operator, userId: 'U0OTHER' }, { jobId: job.id, action: 'retry' })).rejects.toBeInstanceOf(NotFoundError);
    expect(w.google.writes).toEqual([]);
  });

  it('a run handed to another process (its signal aborted) takes no more clients and leaves the final report to that process', async () => {
    const w = await world();
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: w.clients.map((c) => c.id) });
    const handedBack = new AbortController();
    handedBack.abort();

    const left = await w.bulk.perform({ ...operator, jobId: job.id, action: 'run' }, handedBack.signal);

    expect(left).toMatchObject({ pending: 3, final: false });
    expect(w.google.writes).toEqual([]);
    expect(w.reports.filter((r) => r.final)).toEqual([]);
    // Whoever takes it over runs every client.
    expect(await w.bulk.perform({ ...operator, jobId: job.id, action: 'run' })).toMatchObject({ done: 3, final: true });
  });

  it('a change queued for a job that is gone since is left alone', async () => {
    const w = await world();
    expect(await w.bulk.perform({ ...operator, jobId: 'gone', action: 'cancel' })).toBeNull();
    expect(w.reports).toEqual([]);
  });

  it('a change waiting its turn is previewed as it will start: retry and cancel set items pending, a move shows its new time', async () => {
    const w = await world();
    w.google.failFor(w.clients[2]!, { status: 503 });
    const job = await w.bulk.start(operator, { text: 'OOO', input: OOO, clientIds: w.clients.map((c) => c.id) });
    await w.change(operator, { jobId: job.id, action: 'run' });
    const time = { start: { dateTime: '2026-12-28T09:00:00Z' }, end: { dateTime: '2026-12-28T17:00:00Z' }, timeZone: 'UTC' };

    expect(await w.bulk.preview(operator, { jobId: job.id, action: 'run' })).toMatchObject({ mode: 'create', done: 2, failed: 1, final: false });
    expect(await w.bulk.preview(operator, { jobId: job.id, action: 'retry' })).toMatchObject({ mode: 'create', done: 2, pending: 1, failed: 0 });
    expect(await w.bulk.preview(operator, { jobId: job.id, action: 'cancel' })).toMatchObject({ mode: 'cancel', pending: 3 });
    const move = await w.bulk.preview(operator, { jobId: job.id, action: 'move', time });
    // Only the clients that have the event move; the one that failed keeps its failure.
    expect(move).toMatchObject({ mode: 'move', pending: 2, failed: 1, job: { input: { start: time.start, end: time.end } } });
    // Previews change nothing (the job could still be moved); the move, once run, first shows what its preview showed.
    expect(w.google.writes.filter((x) => x.op === 'patch')).toEqual([]);
    const before = w.reports.length;
    await w.bulkChange(operator, { jobId: job.id, action: 'move', time });
    expect(w.reports[before]).toMatchObject({ mode: move.mode, pending: move.pending, failed: move.failed, job: { input: move.job.input } });
    expect(w.google.writes.filter((x) => x.op === 'patch')).toHaveLength(2);
  });
});
