import type { ClientStore, Directory, UserSettingsStore } from '../../../src/core/clients/ports.js';
import type { AuditEntry, Client, UserProfile } from '../../../src/core/clients/types.js';
import type { BulkJobStore } from '../../../src/core/bulk/ports.js';
import type { BulkJobRecord } from '../../../src/core/bulk/types.js';
import type { DeletedEventRecord, DeletedEventStore } from '../../../src/core/events/service.js';

/**
 * The stores core's use cases run on, in memory, each scoped by team as the repositories are.
 * Only what the contract in the port says: no behaviour of Prisma is imitated beyond it.
 */
export function memoryClientStore() {
  const clients: Client[] = [];
  const audits: (AuditEntry & { createdAt: Date })[] = [];
  let next = 1;
  const inTeam = (teamId: string) => clients.filter((c) => c.teamId === teamId);
  const store: ClientStore = {
    async list(teamId, opts = {}) {
      return inTeam(teamId)
        .filter((c) => !opts.managedBy || c.managers.includes(opts.managedBy))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(teamId, id) {
      return inTeam(teamId).find((c) => c.id === id) ?? null;
    },
    async findExact(teamId, ref) {
      return inTeam(teamId).find((c) => c.slug === ref || c.name.toLowerCase() === ref.toLowerCase()) ?? null;
    },
    async nameTaken(teamId, nameKey, exceptId) {
      return inTeam(teamId).some((c) => c.id !== exceptId && (c.name.toLowerCase() === nameKey || c.slug === nameKey));
    },
    async slugsLike(teamId, base) {
      return inTeam(teamId).map((c) => c.slug).filter((s) => s === base || s.startsWith(`${base}-`));
    },
    async create(teamId, input, audit) {
      const now = new Date();
      const { nameKey: _nameKey, ...rest } = input;
      const client: Client = { ...rest, id: `c${next++}`, teamId, google: { state: 'none' }, createdAt: now, updatedAt: now };
      clients.push(client);
      audits.push({ ...audit, entityId: client.id, createdAt: now });
      return client;
    },
    async update(teamId, id, input, audit) {
      const client = inTeam(teamId).find((c) => c.id === id);
      if (!client) throw new Error('no such client');
      const { nameKey: _nameKey, ...rest } = input;
      Object.assign(client, rest, { updatedAt: new Date() });
      audits.push({ ...audit, createdAt: new Date() });
      return client;
    },
    async remove(teamId, id, audit) {
      const at = clients.findIndex((c) => c.teamId === teamId && c.id === id);
      if (at >= 0) clients.splice(at, 1);
      audits.push({ ...audit, createdAt: new Date() });
    },
    async audit(teamId, opts = {}) {
      return audits.filter((a) => a.teamId === teamId && (!opts.entityId || a.entityId === opts.entityId));
    },
  };
  /** Marks a client connected (as an OAuth flow would), so its calendar can be read. */
  const connect = (client: Client, email = `${client.slug}@example.com`) => Object.assign(client, { google: { state: 'connected', email } });
  return { store, connect };
}

export function memorySettings(): UserSettingsStore {
  const defaults = new Map<string, string | null>();
  return {
    async get(teamId, userId) {
      return { defaultClientId: defaults.get(`${teamId}:${userId}`) ?? null };
    },
    async setDefaultClient(teamId, userId, clientId) {
      defaults.set(`${teamId}:${userId}`, clientId);
    },
  };
}

/** People of the workspace; someone not added is an ordinary member without a zone. */
export function memoryDirectory(people: Partial<UserProfile>[] = []): Directory {
  return {
    async profile(_teamId, userId) {
      const found = people.find((p) => p.id === userId);
      return { id: userId, timeZone: null, isAdmin: false, email: null, ...found };
    },
  };
}

export function memoryBulkJobs(): BulkJobStore & { failNextFind?: Error } {
  const jobs: BulkJobRecord[] = [];
  let next = 1;
  const find = (teamId: string, id: string) => jobs.find((j) => j.teamId === teamId && j.id === id);
  const store: BulkJobStore & { failNextFind?: Error } = {
    async create(job) {
      const now = new Date();
      const record: BulkJobRecord = {
        id: `job${next++}`,
        teamId: job.teamId,
        userId: job.userId,
        text: job.text,
        input: structuredClone(job.input),
        cancelledAt: null,
        movedAt: null,
        channel: null,
        ts: null,
        createdAt: new Date(now.getTime() + next),
        items: job.clientIds.map((clientId) => ({ clientId, calendarId: null, status: 'pending', error: null, eventId: null, updatedAt: now })),
      };
      jobs.push(record);
      return structuredClone(record);
    },
    async get(teamId, id) {
      const job = find(teamId, id);
      return job ? structuredClone(job) : null;
    },
    async setMessage(teamId, id, message) {
      Object.assign(find(teamId, id) ?? {}, message);
    },
    async markCancelled(teamId, id, at) {
      const job = find(teamId, id);
      if (!job) return;
      job.cancelledAt ??= at;
      for (const item of job.items) Object.assign(item, { status: 'pending', error: null });
    },
    async startMove(teamId, id, input, at) {
      const job = find(teamId, id);
      if (!job || job.cancelledAt) return;
      Object.assign(job, { input: structuredClone(input), movedAt: at });
      for (const item of job.items) if (item.eventId) Object.assign(item, { status: 'pending', error: null });
    },
    async findByEvents(teamId, userId, eventIds, limit) {
      if (store.failNextFind) {
        const err = store.failNextFind;
        delete store.failNextFind;
        throw err;
      }
      return jobs
        .filter((j) => j.teamId === teamId && j.userId === userId && j.items.some((i) => i.eventId && eventIds.includes(i.eventId)))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit)
        .map((j) => structuredClone(j));
    },
    async reset(teamId, id, clientIds) {
      for (const item of find(teamId, id)?.items ?? []) if (clientIds.includes(item.clientId)) Object.assign(item, { status: 'pending', error: null });
    },
    async saveItem(teamId, jobId, clientId, patch) {
      const item = find(teamId, jobId)?.items.find((i) => i.clientId === clientId);
      if (item) Object.assign(item, patch, { updatedAt: new Date() });
    },
  };
  return store;
}

export function memoryDeletedEvents(): DeletedEventStore {
  const records: DeletedEventRecord[] = [];
  return {
    async save(record) {
      const { deletedBy: _by, ...rest } = record;
      const id = `undo${records.length + 1}`;
      records.push({ ...structuredClone(rest), id, restoredAt: null });
      return id;
    },
    async get(teamId, id) {
      return structuredClone(records.find((r) => r.teamId === teamId && r.id === id) ?? null);
    },
    async markRestored(id) {
      const record = records.find((r) => r.id === id);
      if (record) record.restoredAt = new Date();
    },
  };
}
