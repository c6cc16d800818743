import type { Db } from '../database.js';
import type { ConnectionState } from '../../core/metrics.js';

/** Change-feed push channels ending within a day of `now`, over every workspace (for the operator's metrics). */
export function feedChannelsExpiring(prisma: Db, now: Date): Promise<number> {
  return prisma.feedCalendar.count({ where: { channelExpiresAt: { lt: new Date(now.getTime() + 86_400_000) } } });
}

/** Clients by Google connection state over every workspace (for the operator's metrics): two counts. */
export async function connectionStates(prisma: Db): Promise<Record<ConnectionState, number>> {
  const [clients, byStatus] = await Promise.all([
    prisma.client.count(),
    prisma.googleConnection.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  const count = (status: string) => byStatus.find((s) => s.status === status)?._count._all ?? 0;
  const connected = count('connected');
  const needsReconnect = count('needs_reconnect');
  return { connected, needs_reconnect: needsReconnect, not_connected: Math.max(0, clients - connected - needsReconnect) };
}
