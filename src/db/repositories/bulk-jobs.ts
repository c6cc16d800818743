import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../database.js';
import { type ReadSharing, unshared } from '../read-sharing.js';
import type { BulkJobStore } from '../../core/bulk/ports.js';
import type { BulkItemRecord, BulkItemStatus, BulkJobRecord } from '../../core/bulk/types.js';
import type { EventInput } from '../../core/calendars/ports.js';

type JobRow = Prisma.BulkJobGetPayload<{ include: { items: true } }>;

/** The order jobs are offered in: the newest first, ties by id. */
const NEWEST_FIRST: Prisma.BulkJobOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'asc' }];

const STATUSES = new Set<BulkItemStatus>(['pending', 'done', 'failed']);

function toRecord(row: JobRow): BulkJobRecord {
  return {
    id: row.id,
    teamId: row.teamId,
    userId: row.userId,
    text: row.text,
    input: row.input as unknown as EventInput,
    cancelledAt: row.cancelledAt,
    movedAt: row.movedAt,
    channel: row.channel,
    ts: row.ts,
    createdAt: row.createdAt,
    items: row.items.map(
      (i): BulkItemRecord => ({
        clientId: i.clientId,
        calendarId: i.calendarId,
        status: STATUSES.has(i.status as BulkItemStatus) ? (i.status as BulkItemStatus) : 'failed',
        error: i.error,
        eventId: i.eventId,
        updatedAt: i.updatedAt,
      }),
    ),
  };
}

/**
 * Bulk jobs and their items; items are reached only through a job of the same team. The lookup
 * every agenda ends with (its user's jobs on its events) is shared until the next write (`shared`).
 */
export function bulkJobRepository(prisma: Db, shared: ReadSharing = unshared): BulkJobStore {
  const find = (teamId: string, id: string) => prisma.bulkJob.findFirst({ where: { id, teamId }, include: { items: true } });
  return {
    async create(job) {
      const row = await prisma.bulkJob.create({
        data: {
          teamId: job.teamId,
          userId: job.userId,
          text: job.text,
          input: job.input as unknown as Prisma.InputJsonValue,
          items: { create: job.clientIds.map((clientId) => ({ clientId, status: 'pending' })) },
        },
        include: { items: true },
      });
      return toRecord(row);
    },
    async get(teamId, id) {
      const row = await find(teamId, id);
      return row ? toRecord(row) : null;
    },
    async setMessage(teamId, id, { channel, ts }) {
      await prisma.bulkJob.updateMany({ where: { id, teamId }, data: { channel, ts } });
    },
    async markCancelled(teamId, id, at) {
      await prisma.$transaction([
        prisma.bulkJob.updateMany({ where: { id, teamId, cancelledAt: null }, data: { cancelledAt: at } }),
        prisma.bulkItem.updateMany({ where: { jobId: id, job: { teamId } }, data: { status: 'pending', error: null } }),
      ]);
    },
    async startMove(teamId, id, input, at) {
      await prisma.$transaction([
        prisma.bulkJob.updateMany({ where: { id, teamId, cancelledAt: null }, data: { input: input as unknown as Prisma.InputJsonValue, movedAt: at } }),
        prisma.bulkItem.updateMany({
          where: { jobId: id, eventId: { not: null }, job: { teamId, cancelledAt: null } },
          data: { status: 'pending', error: null },
        }),
      ]);
    },
    async findByEvents(teamId, userId, eventIds, limit) {
      const ids = [...new Set(eventIds)];
      if (!ids.length || limit <= 0) return [];
      const rows = await shared.read(JSON.stringify(['bulkJob.findByEvents', teamId, userId, ids, limit]), async () => {
        // The agenda's event ids go as one array parameter: Prisma's `in` sent one parameter per
        // id, and a 200-client agenda's 600 took 8-23 ms on the embedded database (measured
        // alone) against ~3 ms for this. Most agendas find no job: then nothing more is read.
        const hits = await prisma.$queryRaw<{ id: string }[]>`
          SELECT j."id" FROM "BulkJob" j
          WHERE j."teamId" = ${teamId} AND j."userId" = ${userId}
            AND EXISTS (SELECT 1 FROM "BulkItem" i WHERE i."jobId" = j."id" AND i."eventId" = ANY(${ids}::text[]))
          ORDER BY j."createdAt" DESC, j."id" ASC LIMIT ${limit}`;
        if (!hits.length) return [];
        return prisma.bulkJob.findMany({ where: { teamId, id: { in: hits.map((h) => h.id) } }, include: { items: true }, orderBy: NEWEST_FIRST });
      });
      return rows.map(toRecord);
    },
    async reset(teamId, id, clientIds) {
      await prisma.bulkItem.updateMany({
        where: { jobId: id, clientId: { in: clientIds }, job: { teamId } },
        data: { status: 'pending', error: null },
      });
    },
    async saveItem(teamId, jobId, clientId, patch) {
      await prisma.bulkItem.updateMany({
        where: { jobId, clientId, job: { teamId } },
        data: {
          ...(patch.calendarId !== undefined ? { calendarId: patch.calendarId } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.error !== undefined ? { error: patch.error } : {}),
          ...(patch.eventId !== undefined ? { eventId: patch.eventId } : {}),
        },
      });
    },
  };
}
