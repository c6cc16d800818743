import type { Prisma } from '../../generated/prisma/client.js';
import type { AuditEntry } from '../../core/clients/types.js';

/**
 * An audit entry as the AuditLog row written with the change it records. `entityId` stands in for
 * the entry's own when the entity's id is known only once it is written (a new client).
 */
export function auditRow(entry: AuditEntry, entityId = entry.entityId): Prisma.AuditLogCreateManyInput {
  return {
    teamId: entry.teamId,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId,
    details: (entry.details ?? {}) as Prisma.InputJsonValue,
  };
}
