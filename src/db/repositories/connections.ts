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
        oauthClientId: row.oauthClientId,
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
        oauthClientId: input.oauthClientId,
        connectedBy: input.connectedBy,
        connectedAt: new Date(),
        lastError: null,
        reconnectNotifiedAt: null,
        ...sealTokens(input.clientId, input.tokens),
      };
      // The link is spent and the tokens replaced together: of two authorizations from one link,
      // only the first to finish is stored, and the old tokens go only when the new ones are written.
      return prisma.$transaction(async (tx) => {
        const spent = await tx.oAuthLink.updateMany({ where: { id: input.linkId, usedAt: null }, data: { usedAt: new Date() } });
        if (spent.count !== 1) return { saved: false } as const;
        const before = await tx.googleConnection.findUnique({ where: { clientId: input.clientId }, select: { refreshToken: true, googleEmail: true, oauthClientId: true } });
        await tx.googleConnection.upsert({
          where: { clientId: input.clientId },
          create: { clientId: input.clientId, teamId: input.teamId, ...data },
          update: data,
        });
        await tx.auditLog.create({ data: auditRow(audit) });
        const replaced = before
          ? { refreshToken: box.open(before.refreshToken, ctx('GoogleConnection', input.clientId, 'refreshToken')), googleEmail: before.googleEmail, oauthClientId: before.oauthClientId }
          : null;
        return { saved: true, replaced } as const;
      });
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
    async createState(state) {
      await prisma.oAuthState.create({
        data: { ...state, codeVerifier: box.seal(state.codeVerifier, ctx('OAuthState', state.id, 'codeVerifier')) },
      });
    },
    async consumeState(id, now) {
      // One transaction: a state whose link another authorization has spent is not consumed.
      const { consumed, row, linkUsed } = await prisma.$transaction(async (tx) => {
        const row = await tx.oAuthState.findUnique({ where: { id } });
        if (!row) return { consumed: false, row: null, linkUsed: false };
        const link = await tx.oAuthLink.findUnique({ where: { id: row.linkId }, select: { usedAt: true } });
        const linkUsed = !link || link.usedAt !== null;
        if (linkUsed) return { consumed: false, row, linkUsed };
        const { count } = await tx.oAuthState.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        return { consumed: count === 1, row, linkUsed };
      });
      if (!row) return { consumed: null, existing: null, linkUsed: false };
      if (!consumed) return { consumed: null, existing: { ...row, codeVerifier: '' }, linkUsed };
      const record = { ...row, usedAt: now, codeVerifier: box.open(row.codeVerifier, ctx('OAuthState', id, 'codeVerifier')) };
      return { consumed: record, existing: record, linkUsed };
    },
  };
}
