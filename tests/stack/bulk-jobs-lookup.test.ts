// The lookup every agenda ends with: this user's bulk jobs that made any of the agenda's events,
// on the database the suite runs against (embedded, or PostgreSQL in CI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';
import { bulkJobRepository } from '../../src/db/repositories/bulk-jobs.js';
import type { BulkJobStore } from '../../src/core/bulk/ports.js';
import type { EventInput } from '../../src/core/calendars/ports.js';

const TEAM = 'T0LOOKUP';
/** When the jobs were made: only their order matters, so a fixed instant, whatever day the suite runs. */
const MADE = Date.parse('2026-12-01T12:00:00Z');
const input = { title: 'Offsite', start: '2026-12-10T09:00:00Z', end: '2026-12-10T10:00:00Z' } as unknown as EventInput;

describe('bulk jobs by the events they made', () => {
  let t: TestApp;
  let store: BulkJobStore;
  /** A job of `userId` whose clients' events got these ids, made `minutesAgo` before now. */
  const job = async (userId: string, eventIds: string[], minutesAgo: number, teamId = TEAM) => {
    const made = await store.create({ teamId, userId, text: 'offsite', input, clientIds: eventIds.map((_, i) => `C${i}`) });
    for (const [i, eventId] of eventIds.entries()) await store.saveItem(teamId, made.id, `C${i}`, { status: 'done', eventId });
    await t.app.db.prisma.bulkJob.update({ where: { id: made.id }, data: { createdAt: new Date(MADE - minutesAgo * 60_000) } });
    return made.id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    store = bulkJobRepository(t.app.db.prisma);
  });
  afterAll(async () => t?.close());

  it('finds the user\u2019s jobs among thousands of event ids, newest first, within the limit, with their items', async () => {
    const older = await job('U0OWNER', ['ev-a1', 'ev-a2'], 30);
    const newer = await job('U0OWNER', ['ev-b1'], 10);
    const unrelated = await job('U0OWNER', ['ev-z1'], 5);
    await job('U0OTHER', ['ev-a1'], 1);
    await job('U0OWNER', ['ev-a1'], 1, 'T0ELSEWHERE');
    const ids = [...Array.from({ length: 3000 }, (_, i) => `ev-noise-${i}`), 'ev-a2', 'ev-b1', 'ev-a2'];

    const found = await store.findByEvents(TEAM, 'U0OWNER', ids, 5);
    expect(found.map((j) => j.id)).toEqual([newer, older]);
    expect(found.map((j) => j.id)).not.toContain(unrelated);
    expect(found[1]?.items.map((i) => i.eventId).sort()).toEqual(['ev-a1', 'ev-a2']);
    expect(found.every((j) => j.teamId === TEAM && j.userId === 'U0OWNER')).toBe(true);

    expect((await store.findByEvents(TEAM, 'U0OWNER', ids, 1)).map((j) => j.id)).toEqual([newer]);
    expect(await store.findByEvents(TEAM, 'U0OWNER', ['ev-none'], 5)).toEqual([]);
    expect(await store.findByEvents(TEAM, 'U0OWNER', [], 5)).toEqual([]);
  });
});
