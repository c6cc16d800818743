import type { Db } from '../database.js';
import type { DigestStore } from '../../core/digest/service.js';

export function digestRepository(prisma: Db): DigestStore {
  return {
    async subscriptions() {
      const rows = await prisma.userSettings.findMany({ where: { digestEnabled: true, digestTime: { not: null }, digestTimeZone: { not: null } } });
      return rows.flatMap((r) =>
        r.digestTime && r.digestTimeZone ? [{ teamId: r.teamId, userId: r.userId, time: r.digestTime, timeZone: r.digestTimeZone, lastSentOn: r.lastDigestOn }] : [],
      );
    },
    async claim(teamId, userId, localDate) {
      // One conditional UPDATE: the database lets exactly one process flip it.
      const { count } = await prisma.userSettings.updateMany({
        where: { teamId, userId, digestEnabled: true, OR: [{ lastDigestOn: null }, { lastDigestOn: { not: localDate } }] },
        data: { lastDigestOn: localDate },
      });
      return count === 1;
    },
    async release(teamId, userId, localDate, previous) {
      await prisma.userSettings.updateMany({ where: { teamId, userId, lastDigestOn: localDate }, data: { lastDigestOn: previous } });
    },
    async save(teamId, userId, settings) {
      const data = { digestEnabled: settings.enabled, digestTime: settings.time, digestTimeZone: settings.timeZone };
      await prisma.userSettings.upsert({ where: { teamId_userId: { teamId, userId } }, create: { teamId, userId, ...data }, update: data });
    },
    async get(teamId, userId) {
      const row = await prisma.userSettings.findUnique({ where: { teamId_userId: { teamId, userId } } });
      return { enabled: row?.digestEnabled ?? false, time: row?.digestTime ?? null, timeZone: row?.digestTimeZone ?? null };
    },
  };
}
