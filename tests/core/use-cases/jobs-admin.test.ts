// The admin's view of the background jobs, over an in-memory jobs port: who may see what, and
// what Retry moves. tests/jobs/dead-letter.test.ts drives the same through Slack and pg-boss.
import { describe, expect, it } from 'vitest';
import { createJobsAdmin } from '../../../src/core/jobs/admin.js';
import type { DeadLetter, JobsAdminPort, QueueCounts } from '../../../src/core/jobs/ports.js';
import { CoreError } from '../../../src/core/errors.js';

const ADMIN = { teamId: 'T1', userId: 'UADMIN' };
const OTHER_ADMIN = { teamId: 'T2', userId: 'UOTHER' };
const MEMBER = { teamId: 'T1', userId: 'UMEMBER' };

const dead = (id: string, queue: string, teamId: string | null): DeadLetter => ({
  id, queue, teamId, userId: teamId ? 'UREADER' : null, deadLetteredAt: new Date('2026-12-02T09:00:00Z'), attempts: 6, lastError: 'boom',
});

function world(counts: QueueCounts[], letters: DeadLetter[]) {
  const queue = [...letters];
  const moved: string[] = [];
  const port: JobsAdminPort = {
    counts: async () => counts,
    deadLetters: async () => [...queue],
    redrive: async (ids) => {
      const found = ids.filter((id) => queue.some((d) => d.id === id));
      for (const id of found) queue.splice(queue.findIndex((d) => d.id === id), 1);
      moved.push(...found);
      return found.length;
    },
  };
  const admin = createJobsAdmin({ port, isAdmin: async (actor) => actor.userId !== MEMBER.userId });
  return { admin, moved };
}

const code = (promise: Promise<unknown>) => promise.then(() => 'resolved', (err: unknown) => (err instanceof CoreError ? err.code : String(err)));

describe('the jobs admin use case', () => {
  it('counts dead-lettered jobs per queue for the deployment, lists only the admin\u2019s workspace\u2019s and the deployment-wide ones', async () => {
    const { admin } = world(
      [{ queue: 'daily-digest', queued: 3, active: 1, failed: 4 }],
      [dead('a', 'daily-digest', 'T1'), dead('b', 'daily-digest', 'T2'), dead('c', 'revocation-retry', null), dead('d', 'gone-queue', 'T1')],
    );
    const overview = await admin.overview(ADMIN);
    expect(overview.queues).toEqual([
      { queue: 'daily-digest', queued: 3, active: 1, failed: 4, deadLettered: 2 },
      // A queue the engine no longer has still shows while jobs of it wait.
      { queue: 'gone-queue', queued: 0, active: 0, failed: 0, deadLettered: 1 },
      { queue: 'revocation-retry', queued: 0, active: 0, failed: 0, deadLettered: 1 },
    ]);
    expect(overview.deadLetters.map((d) => d.id)).toEqual(['a', 'c', 'd']);
    expect((await admin.overview(OTHER_ADMIN)).deadLetters.map((d) => d.id)).toEqual(['b', 'c']);
  });

  it('refuses anyone but an admin, for the list and for Retry', async () => {
    const { admin, moved } = world([], [dead('a', 'daily-digest', 'T1')]);
    expect(await code(admin.overview(MEMBER))).toBe('admin_only');
    expect(await code(admin.retry(MEMBER, 'a'))).toBe('admin_only');
    expect(await code(admin.retryAll(MEMBER))).toBe('admin_only');
    expect(moved).toEqual([]);
  });

  it('Retry moves a job the admin may see, once; another workspace\u2019s reads as gone', async () => {
    const { admin, moved } = world([], [dead('a', 'daily-digest', 'T1'), dead('b', 'daily-digest', 'T2')]);
    expect(await code(admin.retry(ADMIN, 'b'))).toBe('dead_letter_gone');
    expect((await admin.retry(ADMIN, 'a')).queue).toBe('daily-digest');
    expect(await code(admin.retry(ADMIN, 'a'))).toBe('dead_letter_gone');
    expect(moved).toEqual(['a']);
  });

  it('Retry all moves every job the admin may see, and no other', async () => {
    const { admin, moved } = world([], [dead('a', 'daily-digest', 'T1'), dead('b', 'daily-digest', 'T2'), dead('c', 'revocation-retry', null)]);
    expect(await admin.retryAll(ADMIN)).toBe(2);
    expect(moved).toEqual(['a', 'c']);
  });
});
