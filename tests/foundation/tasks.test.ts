// Work nobody awaits (TaskTracker.detach) has an owner: its failure is logged
// with the Slack request it belongs to and never reaches the process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../harness/logs.js';
import { TaskTracker } from '../../src/shared/tasks.js';
import { inRequest } from '../../src/shared/request-scope.js';
import { CoreError } from '../../src/core/errors.js';


describe('fire-and-forget work', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('logs a detached task that fails, with the request id it was started in, and shutdown still drains', async () => {
    const { lines, log } = captureLogs();
    const tasks = new TaskTracker();
    inRequest('req-detached-1', () => {
      tasks.detach('refreshing the Home tab', (async () => {
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('views.publish refused');
      })(), log);
    });
    expect(tasks.size).toBe(1);
    expect(await tasks.drain(1000)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, reqId: 'req-detached-1', msg: 'refreshing the Home tab failed', err: { message: 'views.publish refused' } });
    expect(lines[0]!.err!.stack).toContain('views.publish refused');
    expect(unhandled).toEqual([]);
  });

  it("logs a user's mistake in detached work at info, without a stack", async () => {
    const { lines, log } = captureLogs();
    const tasks = new TaskTracker();
    inRequest('req-detached-2', () => tasks.detach('sending the link', Promise.reject(new CoreError('not_connected', { clientName: 'Acme', clientSlug: 'acme' })), log));
    await tasks.drain(1000);
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([expect.objectContaining({ level: 30, reqId: 'req-detached-2', code: 'not_connected', reason: 'Acme isn\u2019t connected to Google yet.' })]);
    expect(lines[0]).not.toHaveProperty('err');
    expect(unhandled).toEqual([]);
  });
});
