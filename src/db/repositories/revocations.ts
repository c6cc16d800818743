import { randomUUID } from 'node:crypto';
import type { Db } from '../database.js';
import type { SecretBox } from '../crypto.js';
import type { RevocationStore } from '../../core/connections/ports.js';
import { ctx } from './connections.js';

const tokenCtx = (id: string) => ctx('PendingRevocation', id, 'token');

/** Revocations of Google grants: the token is sealed while pending and dropped once finished. */
export function revocationRepository(prisma: Db, box: SecretBox): RevocationStore {
  return {
    async add({ token, lastError, ...input }) {
      const id = randomUUID();
      await prisma.pendingRevocation.create({
        data: {
          id,
          ...input,
          token: input.status === 'pending' ? box.seal(token, tokenCtx(id)) : '',
          lastError: lastError?.slice(0, 500) ?? null,
          finishedAt: input.status === 'pending' ? null : new Date(),
        },
      });
    },
    async claimDue(now, leaseUntil, limit) {
      const due = await prisma.pendingRevocation.findMany({
        where: { status: 'pending', nextAttemptAt: { lte: now } },
        orderBy: { nextAttemptAt: 'asc' },
        take: limit,
      });
      const claimed = [];
      for (const row of due) {
        // Conditional: of several processes sharing the database, one claims each row.
        const { count } = await prisma.pendingRevocation.updateMany({
          where: { id: row.id, status: 'pending', nextAttemptAt: row.nextAttemptAt },
          data: { nextAttemptAt: leaseUntil },
        });
        if (count === 1) {
          claimed.push({ id: row.id, teamId: row.teamId, clientId: row.clientId, googleEmail: row.googleEmail, reason: row.reason, attempts: row.attempts, token: box.open(row.token, tokenCtx(row.id)) });
        }
      }
      return claimed;
    },
    async record(id, { status, attempts, nextAttemptAt, lastError }) {
      const finished = status !== 'pending';
      await prisma.pendingRevocation.update({
        where: { id },
        data: { status, attempts, nextAttemptAt, lastError: lastError?.slice(0, 500) ?? null, ...(finished ? { token: '', finishedAt: new Date() } : {}) },
      });
    },
  };
}
