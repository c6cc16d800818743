import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../database.js';
import type { ImportFailure, ImportRunPatch, ImportRunRecord, ImportRunStatus, ImportRunStore } from '../../core/imports/run-types.js';
import type { DuplicatePolicy, ImportFormat } from '../../core/imports/types.js';

type Row = Prisma.ImportRunGetPayload<object>;

function toRecord(row: Row): ImportRunRecord {
  return {
    id: row.id,
    teamId: row.teamId,
    userId: row.userId,
    clientId: row.clientId,
    calendarId: row.calendarId,
    fileId: row.fileId,
    fileName: row.fileName,
    format: row.format as ImportFormat,
    duplicates: row.duplicates as DuplicatePolicy,
    status: row.status as ImportRunStatus,
    skipProblems: row.skipProblems,
    total: row.total,
    cursor: row.cursor,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped as Record<string, number>,
    failures: row.failures as unknown as ImportFailure[],
    retrying: row.retrying as number[] | null,
    error: row.error,
    channel: row.channel,
    ts: row.ts,
    createdAt: row.createdAt,
  };
}

/** The columns a patch writes; JSON ones as Prisma takes them (a null `retrying` clears it). */
function dataOf(patch: ImportRunPatch): Prisma.ImportRunUpdateManyMutationInput {
  const { skipped, failures, retrying, ...rest } = patch;
  return {
    ...rest,
    ...(skipped !== undefined ? { skipped: skipped } : {}),
    ...(failures !== undefined ? { failures: failures as unknown as Prisma.InputJsonValue } : {}),
    ...(retrying !== undefined ? { retrying: retrying === null ? Prisma.DbNull : (retrying) } : {}),
  };
}

/** Import runs, each reached only with its team. */
export function importRunRepository(prisma: Db): ImportRunStore {
  return {
    async create(run) {
      return toRecord(await prisma.importRun.create({ data: run }));
    },
    async get(teamId, id) {
      const row = await prisma.importRun.findFirst({ where: { id, teamId } });
      return row ? toRecord(row) : null;
    },
    async update(teamId, id, patch) {
      await prisma.importRun.updateMany({ where: { id, teamId }, data: dataOf(patch) });
    },
    async updateIf(teamId, id, from, patch) {
      const { count } = await prisma.importRun.updateMany({ where: { id, teamId, status: { in: [...from] } }, data: dataOf(patch) });
      return count > 0;
    },
  };
}
