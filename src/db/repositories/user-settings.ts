import type { Db } from '../database.js';
import type { UserSettingsStore } from '../../core/clients/ports.js';

export function userSettingsRepository(prisma: Db): UserSettingsStore {
  return {
    async get(teamId, userId) {
      const row = await prisma.userSettings.findUnique({ where: { teamId_userId: { teamId, userId } } });
      return { defaultClientId: row?.defaultClientId ?? null };
    },
    async setDefaultClient(teamId, userId, clientId) {
      await prisma.userSettings.upsert({
        where: { teamId_userId: { teamId, userId } },
        create: { teamId, userId, defaultClientId: clientId },
        update: { defaultClientId: clientId },
      });
    },
  };
}
