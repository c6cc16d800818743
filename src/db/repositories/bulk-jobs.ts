import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../database.js';
import { type ReadSharing, unshared } from '../read-sharing.js';
import type { BulkJobStore } from '../../core/bulk/ports.js';
import type { BulkItemRecord, BulkItemStatus, BulkJobRecord } from '../../core/bulk/types.js';
import type { EventInput } from '../../core/calendars/ports.js';

type JobRow = Prisma.BulkJobGetPayload<{ include: { items: true } }>;

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
 * every agenda ends with (its user's jobs on its events) is shared while in flight (`shared`).
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
      const rows = await shared.read(JSON.stringify(['bulkJob.findByEvents', teamId, userId, ids, limit]), () =>
        prisma.bulkJob.findMany({
          where: { teamId, userId, items: { some: { eventId: { in: ids } } } },
          include: { items: true },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: limit,
        }),
      );
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
