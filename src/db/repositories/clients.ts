import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../database.js';
import type { ClientStore } from '../../core/clients/ports.js';
import { LINK_PREVIEW_DETAILS, type Client, type LinkPreviewDetail } from '../../core/clients/types.js';
import { auditRow } from './audit.js';
import { type ReadSharing, unshared } from '../read-sharing.js';

const withManagers = {
  managers: { select: { userId: true }, orderBy: { userId: 'asc' } },
  google: { select: { status: true, googleEmail: true } },
} as const;
type Row = Prisma.ClientGetPayload<{ include: typeof withManagers }>;

const linkPreviewOf = (stored: string): LinkPreviewDetail =>
  (LINK_PREVIEW_DETAILS as readonly string[]).includes(stored) ? (stored as LinkPreviewDetail) : 'busy';

function toClient(row: Row): Client {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    slug: row.slug,
    email: row.email,
    timeZone: row.timeZone,
    notes: row.notes,
    managers: row.managers.map((m) => m.userId),
    linkPreview: linkPreviewOf(row.linkPreview),
    google: row.google
      ? { state: row.google.status === 'needs_reconnect' ? 'needs_reconnect' : 'connected', email: row.google.googleEmail }
      : { state: 'none' },
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Clients of one workspace; every query is scoped by teamId. The reads every command starts with
 * (a user's clients, one client) are shared until the next write (`shared`); each caller maps the rows
 * to clients of its own, so none sees another's changes to them.
 */
export function clientRepository(prisma: Db, shared: ReadSharing = unshared): ClientStore {
  return {
    async list(teamId, opts = {}) {
      const rows = await shared.read(JSON.stringify(['client.list', teamId, opts.managedBy ?? null]), () =>
        prisma.client.findMany({
          where: { teamId, ...(opts.managedBy ? { managers: { some: { userId: opts.managedBy } } } : {}) },
          include: withManagers,
          orderBy: { nameKey: 'asc' },
        }),
      );
      return rows.map(toClient);
    },
    async get(teamId, id) {
      const row = await shared.read(JSON.stringify(['client.get', teamId, id]), () => prisma.client.findFirst({ where: { teamId, id }, include: withManagers }));
      return row ? toClient(row) : null;
    },
    async findExact(teamId, ref) {
      const key = ref.trim().toLocaleLowerCase('en');
      // PostgreSQL text cannot hold NUL (the query itself fails), so no stored name or slug has one.
      if (key.includes('\0')) return null;
      const rows = await prisma.client.findMany({ where: { teamId, OR: [{ slug: key }, { nameKey: key }] }, include: withManagers, take: 2 });
      // A slug wins over another client's name.
      const row = rows.find((r) => r.slug === key) ?? rows[0];
      return row ? toClient(row) : null;
    },
    async nameTaken(teamId, nameKey, exceptId) {
      const row = await prisma.client.findFirst({
        where: { teamId, nameKey, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
        select: { id: true },
      });
      return row !== null;
    },
    async slugsLike(teamId, base) {
      const rows = await prisma.client.findMany({ where: { teamId, slug: { startsWith: base } }, select: { slug: true } });
      return rows.map((r) => r.slug);
    },
    async create(teamId, input, audit) {
      return prisma.$transaction(async (tx) => {
        // INSERT … ON CONFLICT DO NOTHING: two first clients of a new workspace created at once must not collide.
        await tx.workspace.createMany({ data: [{ teamId }], skipDuplicates: true });
        const row = await tx.client.create({
          data: {
            teamId,
            name: input.name,
            nameKey: input.nameKey,
            slug: input.slug,
            email: input.email,
            timeZone: input.timeZone,
            notes: input.notes,
            linkPreview: input.linkPreview,
            createdBy: input.createdBy,
            managers: { create: input.managers.map((userId) => ({ userId })) },
          },
          include: withManagers,
        });
        await tx.auditLog.create({ data: auditRow(audit, row.id) });
        return toClient(row);
      });
    },
    async update(teamId, id, input, audit) {
      return prisma.$transaction(async (tx) => {
        await tx.client.updateMany({
          where: { teamId, id },
          data: { name: input.name, nameKey: input.nameKey, slug: input.slug, email: input.email, timeZone: input.timeZone, notes: input.notes, linkPreview: input.linkPreview },
        });
        await tx.clientManager.deleteMany({ where: { clientId: id, userId: { notIn: input.managers } } });
        await tx.clientManager.createMany({ data: input.managers.map((userId) => ({ clientId: id, userId })), skipDuplicates: true });
        await tx.auditLog.create({ data: auditRow(audit, id) });
        const row = await tx.client.findFirstOrThrow({ where: { teamId, id }, include: withManagers });
        return toClient(row);
      });
    },
    async remove(teamId, id, audit) {
      await prisma.$transaction(async (tx) => {
        // Its managers, Google connection and own OAuth app go with it by cascade. Rows that name it
        // without a foreign key stay: pending revocations (the caller queued its grant before this, so
        // it is still revoked), links and states (a late callback finds no client and stores nothing),
        // deleted-event snapshots and bulk items (history of work done).
        await tx.client.deleteMany({ where: { teamId, id } });
        await tx.userSettings.updateMany({ where: { teamId, defaultClientId: id }, data: { defaultClientId: null } });
        await tx.auditLog.create({ data: auditRow(audit, id) });
      });
    },
    async audit(teamId, opts = {}) {
      const rows = await prisma.auditLog.findMany({
        where: { teamId, ...(opts.entityId ? { entityId: opts.entityId } : {}) },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }));
    },
  };
}
