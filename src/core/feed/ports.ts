import type { Client } from '../clients/types.js';
import type { CalendarEvent } from '../events/types.js';
import type { ChannelRef } from './command.js';
import type { EventSnapshot, FeedDestination, FeedNotice } from './types.js';

/** A watched calendar as stored. */
export interface WatchedCalendar {
  id: string;
  teamId: string;
  clientId: string;
  calendarId: string;
  calendarName: string;
  /** Decrypted; null until the first full read, and after Google refused it. */
  syncToken: string | null;
  version: number;
  lastSyncAt: Date | null;
  channel: { id: string; resourceId: string; expiresAt: Date } | null;
}

export interface Feed {
  teamId: string;
  clientId: string;
  enabled: boolean;
  destination: FeedDestination;
  calendars: WatchedCalendar[];
}

/** What a sync stores, only if the calendar is still at `version` (else another sync won). */
export interface SyncCommit {
  syncToken: string;
  upserts: ReadonlyMap<string, EventSnapshot>;
  removals: ReadonlySet<string>;
  /** A full read replaces every snapshot. */
  replaceAll: boolean;
}

export interface FeedStore {
  feed(teamId: string, clientId: string): Promise<Feed | null>;
  feeds(teamId: string): Promise<Feed[]>;
  /** Turns the feed on (keeping what its calendars already know) with these calendars watched. */
  enable(teamId: string, clientId: string, destination: FeedDestination, by: string, calendars: { calendarId: string; name: string }[]): Promise<Feed>;
  /** Turns it off and forgets its tokens and snapshots; returns the calendars as they were (their channels to stop). */
  disable(teamId: string, clientId: string): Promise<WatchedCalendar[]>;
  watched(teamId: string, id: string): Promise<{ feed: Feed; calendar: WatchedCalendar } | null>;
  snapshots(teamId: string, feedCalendarId: string, eventIds?: readonly string[]): Promise<Map<string, EventSnapshot>>;
  /**
   * Stores a sync's outcome in one transaction, conditional on `version`: true for the one sync
   * that advanced it, which alone announces the changes.
   */
  commit(teamId: string, feedCalendarId: string, version: number, commit: SyncCommit, at: Date): Promise<boolean>;
  /** Forgets the token (Google refused it): the next sync reads everything again. */
  dropToken(teamId: string, feedCalendarId: string): Promise<void>;
  /** The stored channel of this id, with the SHA-256 of its token. */
  channel(channelId: string): Promise<{ teamId: string; feedCalendarId: string; tokenHash: string; resourceId: string } | null>;
  setChannel(teamId: string, feedCalendarId: string, channel: { id: string; resourceId: string; tokenHash: string; expiresAt: Date } | null): Promise<void>;
  /** Enabled calendars whose channel is missing or ends before `before`. */
  needingChannel(before: Date): Promise<WatchedCalendar[]>;
  /**
   * The app itself wrote this event (null: deleted it): its snapshot becomes what was written, when
   * the calendar is watched, so the next sync does not tell it as news.
   */
  recordOwn(teamId: string, clientId: string, calendarId: string, eventId: string, snapshot: EventSnapshot | null): Promise<void>;
  /** Whose calendar this is, whatever its state (a channel we lost track of names it). */
  owner(feedCalendarId: string): Promise<{ teamId: string; clientId: string } | null>;
  /** Every watched calendar of every enabled feed (polling resumes them at start). */
  allWatched(): Promise<{ teamId: string; id: string }[]>;
}

/** Google, for one client's feed: the adapter keeps the token, the quota and the retries. */
export interface FeedCalendarAccess {
  /** null when Google refused the token (410): read everything again. */
  sync(calendarId: string, syncToken: string | null): Promise<{ events: CalendarEvent[]; nextSyncToken: string } | null>;
  watch(calendarId: string, channel: { id: string; address: string; token: string }): Promise<{ resourceId: string; expiresAt: Date }>;
  stop(channel: { id: string; resourceId: string }): Promise<void>;
  /** The calendar changed: cached reads of it are stale. */
  changed(calendarId: string): void;
}

export interface FeedCalendars {
  feedFor(teamId: string, client: Client): FeedCalendarAccess;
}

/** Where notices go: a DM to each manager or a channel (Slack). */
export interface FeedPoster {
  post(target: { teamId: string; clientId: string; clientName: string; clientTimeZone: string; managers: string[]; destination: FeedDestination; calendarId: string; calendarName: string }, notices: FeedNotice[]): Promise<void>;
  /** The channel and whether the bot is in it (posting there needs it); null when Slack knows no such channel. */
  channel(ref: ChannelRef): Promise<{ id: string; member: boolean } | null>;
}

/** The job engine, for the feed. */
export interface FeedQueue {
  /** A sync of one calendar soon (deduplicated while one waits), or after `delaySeconds`. */
  sync(teamId: string, feedCalendarId: string, delaySeconds?: number, heardAt?: Date): Promise<void>;
}
