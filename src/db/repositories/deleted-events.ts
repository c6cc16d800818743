import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../database.js';
import type { DeletedEventStore } from '../../core/events/service.js';
import type { EventInput } from '../../core/calendars/ports.js';

export function deletedEventRepository(prisma: Db): DeletedEventStore {
  return {
    async save(record) {
      const row = await prisma.deletedEvent.create({
        data: { ...record, snapshot: record.snapshot as unknown as Prisma.InputJsonValue },
      });
      return row.id;
    },
    async get(teamId, id) {
      const row = await prisma.deletedEvent.findFirst({ where: { teamId, id } });
      return row ? { ...row, snapshot: row.snapshot as unknown as EventInput } : null;
    },
    async markRestored(id) {
      await prisma.deletedEvent.updateMany({ where: { id }, data: { restoredAt: new Date() } });
    },
  };
}
