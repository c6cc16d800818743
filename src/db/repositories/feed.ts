import type { Db } from '../database.js';
import type { SecretBox } from '../crypto.js';
import type { Feed, FeedStore, WatchedCalendar } from '../../core/feed/ports.js';
import type { EventSnapshot, FeedDestination } from '../../core/feed/types.js';
import type { FeedCalendar, FeedSubscription } from '../../generated/prisma/client.js';
import { ctx } from './connections.js';

/** The row an event's snapshot is sealed to. */
export const snapshotContext = (feedCalendarId: string, eventId: string) => ctx('FeedEventState', `${feedCalendarId}/${eventId}`, 'snapshot');
export const syncTokenContext = (feedCalendarId: string) => ctx('FeedCalendar', feedCalendarId, 'syncToken');

/** Feeds, their calendars and snapshots. Sync tokens and snapshots go in and out through the SecretBox only. */
export function feedRepository(prisma: Db, box: SecretBox): FeedStore {
  const watchedOf = (row: FeedCalendar): WatchedCalendar => ({
    id: row.id,
    teamId: row.teamId,
    clientId: row.clientId,
    calendarId: row.calendarId,
    calendarName: row.calendarName,
    syncToken: row.syncToken ? box.open(row.syncToken, syncTokenContext(row.id)) : null,
    version: row.version,
    lastSyncAt: row.lastSyncAt,
    channel: row.channelId && row.channelResourceId && row.channelExpiresAt ? { id: row.channelId, resourceId: row.channelResourceId, expiresAt: row.channelExpiresAt } : null,
  });
  const feedOf = (row: FeedSubscription & { calendars: FeedCalendar[] }): Feed => ({
    teamId: row.teamId,
    clientId: row.clientId,
    enabled: row.enabled,
    destination: row.channelId ? { kind: 'channel', channelId: row.channelId } : { kind: 'managers' },
    calendars: row.calendars.map(watchedOf).sort((a, b) => a.calendarName.localeCompare(b.calendarName)),
  });
  const withCalendars = { calendars: true } as const;
  const saveSnapshot = async (db: Pick<Db, 'feedEventState'>, teamId: string, feedCalendarId: string, eventId: string, snapshot: EventSnapshot) => {
    const sealed = box.seal(JSON.stringify(snapshot), snapshotContext(feedCalendarId, eventId));
    await db.feedEventState.upsert({
      where: { feedCalendarId_eventId: { feedCalendarId, eventId } },
      create: { feedCalendarId, eventId, teamId, snapshot: sealed },
      update: { snapshot: sealed },
    });
  };

  return {
    async feed(teamId, clientId) {
      const row = await prisma.feedSubscription.findFirst({ where: { teamId, clientId }, include: withCalendars });
      return row && feedOf(row);
    },
    async feeds(teamId) {
      return (await prisma.feedSubscription.findMany({ where: { teamId }, include: withCalendars })).map(feedOf);
    },
    async enable(teamId, clientId, destination: FeedDestination, by, calendars) {
      const channelId = destination.kind === 'channel' ? destination.channelId : null;
      return prisma.$transaction(async (tx) => {
        await tx.feedSubscription.upsert({
          where: { clientId },
          create: { clientId, teamId, enabled: true, channelId, createdBy: by },
          update: { enabled: true, channelId },
        });
        // Calendars already watched keep what they know; new ones start with a first read.
        for (const c of calendars) {
          await tx.feedCalendar.upsert({
            where: { clientId_calendarId: { clientId, calendarId: c.calendarId } },
            create: { teamId, clientId, calendarId: c.calendarId, calendarName: c.name },
            update: { calendarName: c.name },
          });
        }
        return feedOf(await tx.feedSubscription.findUniqueOrThrow({ where: { clientId }, include: withCalendars }));
      });
    },
    async disable(teamId, clientId) {
      return prisma.$transaction(async (tx) => {
        const rows = await tx.feedCalendar.findMany({ where: { teamId, clientId } });
        await tx.feedSubscription.updateMany({ where: { teamId, clientId }, data: { enabled: false } });
        // Off forgets what it saw: turned on again, it starts with a quiet first read.
        await tx.feedCalendar.deleteMany({ where: { teamId, clientId } });
        return rows.map(watchedOf);
      });
    },
    async watched(teamId, id) {
      const row = await prisma.feedCalendar.findFirst({ where: { teamId, id }, include: { feed: { include: withCalendars } } });
      return row && { feed: feedOf(row.feed), calendar: watchedOf(row) };
    },
    async snapshots(teamId, feedCalendarId, eventIds) {
      const rows = await prisma.feedEventState.findMany({ where: { teamId, feedCalendarId, ...(eventIds ? { eventId: { in: [...eventIds] } } : {}) } });
      return new Map(rows.map((r) => [r.eventId, JSON.parse(box.open(r.snapshot, snapshotContext(feedCalendarId, r.eventId))) as EventSnapshot]));
    },
    async commit(teamId, feedCalendarId, version, commit, at) {
      return prisma.$transaction(async (tx) => {
        // The claim: exactly one sync moves the version on; any other finds it moved and stores nothing.
        const { count } = await tx.feedCalendar.updateMany({
          where: { teamId, id: feedCalendarId, version },
          data: { version: version + 1, syncToken: box.seal(commit.syncToken, syncTokenContext(feedCalendarId)), lastSyncAt: at },
        });
        if (count !== 1) return false;
        if (commit.replaceAll) await tx.feedEventState.deleteMany({ where: { teamId, feedCalendarId } });
        else if (commit.removals.size) await tx.feedEventState.deleteMany({ where: { teamId, feedCalendarId, eventId: { in: [...commit.removals] } } });
        for (const [eventId, snapshot] of commit.upserts) await saveSnapshot(tx, teamId, feedCalendarId, eventId, snapshot);
        return true;
      });
    },
    async dropToken(teamId, feedCalendarId) {
      await prisma.feedCalendar.updateMany({ where: { teamId, id: feedCalendarId }, data: { syncToken: null } });
    },
    async channel(channelId) {
      const row = await prisma.feedCalendar.findUnique({ where: { channelId } });
      return row?.channelTokenHash && row.channelResourceId ? { teamId: row.teamId, feedCalendarId: row.id, tokenHash: row.channelTokenHash, resourceId: row.channelResourceId } : null;
    },
    async setChannel(teamId, feedCalendarId, channel) {
      await prisma.feedCalendar.updateMany({
        where: { teamId, id: feedCalendarId },
        data: { channelId: channel?.id ?? null, channelResourceId: channel?.resourceId ?? null, channelTokenHash: channel?.tokenHash ?? null, channelExpiresAt: channel?.expiresAt ?? null },
      });
    },
    async needingChannel(before) {
      const rows = await prisma.feedCalendar.findMany({ where: { feed: { enabled: true }, OR: [{ channelExpiresAt: null }, { channelExpiresAt: { lt: before } }] } });
      return rows.map(watchedOf);
    },
    async recordOwn(teamId, clientId, calendarId, eventId, snapshot) {
      const watched = await prisma.feedCalendar.findFirst({ where: { teamId, clientId, calendarId, feed: { enabled: true } }, select: { id: true } });
      if (!watched) return;
      const feedCalendarId = watched.id;
      if (!snapshot) {
        await prisma.feedEventState.deleteMany({ where: { teamId, feedCalendarId, eventId } });
        return;
      }
      await saveSnapshot(prisma, teamId, feedCalendarId, eventId, snapshot);
    },
    async owner(feedCalendarId) {
      const row = await prisma.feedCalendar.findUnique({ where: { id: feedCalendarId }, select: { teamId: true, clientId: true } });
      return row;
    },
    async allWatched() {
      return prisma.feedCalendar.findMany({ where: { feed: { enabled: true } }, select: { teamId: true, id: true } });
    },
  };
}
