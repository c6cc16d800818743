import type { Db } from '../database.js';
import type { DigestStore, DigestSubscription } from '../../core/digest/service.js';
import type { UserSettings } from '../../generated/prisma/client.js';

const SUBSCRIBED = { digestEnabled: true, digestTime: { not: null }, digestTimeZone: { not: null } } as const;

function subscriptionOf(r: UserSettings): DigestSubscription[] {
  return r.digestTime && r.digestTimeZone ? [{ teamId: r.teamId, userId: r.userId, time: r.digestTime, timeZone: r.digestTimeZone, lastSentOn: r.lastDigestOn }] : [];
}

export function digestRepository(prisma: Db): DigestStore {
  return {
    async subscriptions() {
      return (await prisma.userSettings.findMany({ where: SUBSCRIBED })).flatMap(subscriptionOf);
    },
    async subscription(teamId, userId) {
      const row = await prisma.userSettings.findFirst({ where: { teamId, userId, ...SUBSCRIBED } });
      return (row && subscriptionOf(row)[0]) ?? null;
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
