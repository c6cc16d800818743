import type { Db } from './database.js';
import type { SecretBox } from './crypto.js';
import { ctx } from './repositories/connections.js';
import { snapshotContext, syncTokenContext } from './repositories/feed.js';

/** Re-seals every secret not already under the current key; each row in its own small transaction. */
export async function rotateSecrets(prisma: Db, box: SecretBox): Promise<{ rotated: number; total: number }> {
  let rotated = 0;
  let total = 0;
  const reseal = (value: string, context: string) => {
    total++;
    if (!box.isStale(value)) return undefined;
    rotated++;
    return box.seal(box.open(value, context), context);
  };
  for (const row of await prisma.googleConnection.findMany()) {
    const accessToken = reseal(row.accessToken, ctx('GoogleConnection', row.clientId, 'accessToken'));
    const refreshToken = reseal(row.refreshToken, ctx('GoogleConnection', row.clientId, 'refreshToken'));
    if (accessToken || refreshToken) {
      await prisma.googleConnection.update({
        where: { clientId: row.clientId },
        data: { ...(accessToken ? { accessToken } : {}), ...(refreshToken ? { refreshToken } : {}) },
      });
    }
  }
  for (const row of await prisma.googleOAuthApp.findMany()) {
    const clientSecret = row.clientSecret ? reseal(row.clientSecret, ctx('GoogleOAuthApp', row.clientId, 'clientSecret')) : undefined;
    if (clientSecret) await prisma.googleOAuthApp.update({ where: { clientId: row.clientId }, data: { clientSecret } });
  }
  for (const row of await prisma.oAuthState.findMany({ where: { usedAt: null } })) {
    const codeVerifier = reseal(row.codeVerifier, ctx('OAuthState', row.id, 'codeVerifier'));
    if (codeVerifier) await prisma.oAuthState.update({ where: { id: row.id }, data: { codeVerifier } });
  }
  for (const row of await prisma.pendingRevocation.findMany({ where: { status: 'pending' } })) {
    const token = reseal(row.token, ctx('PendingRevocation', row.id, 'token'));
    if (token) await prisma.pendingRevocation.update({ where: { id: row.id }, data: { token } });
  }
  for (const row of await prisma.feedCalendar.findMany({ where: { syncToken: { not: null } } })) {
    const syncToken = row.syncToken ? reseal(row.syncToken, syncTokenContext(row.id)) : undefined;
    if (syncToken) await prisma.feedCalendar.update({ where: { id: row.id }, data: { syncToken } });
  }
  for (const row of await prisma.feedEventState.findMany()) {
    const snapshot = reseal(row.snapshot, snapshotContext(row.feedCalendarId, row.eventId));
    if (snapshot) await prisma.feedEventState.update({ where: { feedCalendarId_eventId: { feedCalendarId: row.feedCalendarId, eventId: row.eventId } }, data: { snapshot } });
  }
  return { rotated, total };
}
