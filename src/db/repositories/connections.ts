import type { Db } from '../database.js';
import type { SecretBox } from '../crypto.js';
import type { ConnectionStore } from '../../core/connections/ports.js';
import type { AccessLevel, Tokens } from '../../core/connections/types.js';
import { auditRow } from './audit.js';

// Each secret is bound to its table, row and column: copied elsewhere, it fails to decrypt.
export const ctx = (table: string, id: string, column: string) => `${table}:${id}:${column}`;

/** Google connections, own OAuth apps, links and states. Secrets go in and out through the SecretBox only. */
export function connectionRepository(prisma: Db, box: SecretBox): ConnectionStore {
  const sealTokens = (clientId: string, t: Tokens) => ({
    accessToken: box.seal(t.accessToken, ctx('GoogleConnection', clientId, 'accessToken')),
    refreshToken: box.seal(t.refreshToken, ctx('GoogleConnection', clientId, 'refreshToken')),
    expiresAt: t.expiresAt,
    scopes: t.scopes.join(' '),
  });

  return {
    async get(teamId, clientId) {
      const row = await prisma.googleConnection.findFirst({ where: { teamId, clientId } });
      if (!row) return null;
      return {
        teamId,
        clientId,
        status: row.status === 'needs_reconnect' ? 'needs_reconnect' : 'connected',
        googleEmail: row.googleEmail,
        accessToken: box.open(row.accessToken, ctx('GoogleConnection', clientId, 'accessToken')),
        refreshToken: box.open(row.refreshToken, ctx('GoogleConnection', clientId, 'refreshToken')),
        expiresAt: row.expiresAt,
        scopes: row.scopes.split(' ').filter(Boolean),
      };
    },
    async save(input, audit) {
      const data = {
        status: 'connected',
        googleEmail: input.googleEmail,
        connectedBy: input.connectedBy,
        connectedAt: new Date(),
        lastError: null,
        reconnectNotifiedAt: null,
        ...sealTokens(input.clientId, input.tokens),
      };
      // One upsert: the old tokens are replaced only when the new ones are written.
      await prisma.$transaction([
        prisma.googleConnection.upsert({
          where: { clientId: input.clientId },
          create: { clientId: input.clientId, teamId: input.teamId, ...data },
          update: data,
        }),
        prisma.auditLog.create({ data: auditRow(audit) }),
      ]);
    },
    async updateTokens(teamId, clientId, tokens) {
      await prisma.googleConnection.updateMany({ where: { teamId, clientId }, data: sealTokens(clientId, tokens) });
    },
    async markNeedsReconnect(teamId, clientId, reason) {
      const { count } = await prisma.googleConnection.updateMany({
        where: { teamId, clientId, status: 'connected' },
        data: { status: 'needs_reconnect', lastError: reason.slice(0, 500), reconnectNotifiedAt: new Date() },
      });
      return count === 1;
    },
    async delete(teamId, clientId, audit) {
      await prisma.$transaction([
        prisma.googleConnection.deleteMany({ where: { teamId, clientId } }),
        prisma.auditLog.create({ data: auditRow(audit) }),
      ]);
    },

    async getOwnApp(teamId, clientId) {
      const row = await prisma.googleOAuthApp.findFirst({ where: { teamId, clientId } });
      if (!row) return null;
      return {
        googleClientId: row.googleClientId,
        clientSecret: box.open(row.clientSecret, ctx('GoogleOAuthApp', clientId, 'clientSecret')),
        accessLevel: row.accessLevel as AccessLevel,
      };
    },
    async saveOwnApp(teamId, clientId, settings, audit) {
      const secret = settings.clientSecret
        ? { clientSecret: box.seal(settings.clientSecret, ctx('GoogleOAuthApp', clientId, 'clientSecret')) }
        : {};
      await prisma.$transaction([
        prisma.googleOAuthApp.upsert({
          where: { clientId },
          create: { clientId, teamId, googleClientId: settings.googleClientId, accessLevel: settings.accessLevel, updatedBy: audit.actorId, clientSecret: secret.clientSecret ?? '' },
          update: { googleClientId: settings.googleClientId, accessLevel: settings.accessLevel, updatedBy: audit.actorId, ...secret },
        }),
        prisma.auditLog.create({ data: auditRow(audit) }),
      ]);
    },
    async deleteOwnApp(teamId, clientId, audit) {
      await prisma.$transaction([
        prisma.googleOAuthApp.deleteMany({ where: { teamId, clientId } }),
        prisma.auditLog.create({ data: auditRow(audit) }),
      ]);
    },

    async createLink(link) {
      await prisma.oAuthLink.create({ data: link });
    },
    async findLink(id) {
      return prisma.oAuthLink.findUnique({ where: { id } });
    },
    async markLinkUsed(id) {
      await prisma.oAuthLink.updateMany({ where: { id }, data: { usedAt: new Date() } });
    },
    async createState(state) {
      await prisma.oAuthState.create({
        data: { ...state, codeVerifier: box.seal(state.codeVerifier, ctx('OAuthState', state.id, 'codeVerifier')) },
      });
    },
    async consumeState(id, now) {
      const { count } = await prisma.oAuthState.updateMany({
        where: { id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      const row = await prisma.oAuthState.findUnique({ where: { id } });
      if (!row) return { consumed: null, existing: null };
      const record = { ...row, codeVerifier: box.open(row.codeVerifier, ctx('OAuthState', id, 'codeVerifier')) };
      return count === 1 ? { consumed: record, existing: record } : { consumed: null, existing: { ...record, codeVerifier: '' } };
    },
  };
}
