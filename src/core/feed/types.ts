import type { CalendarEvent, EventTime } from '../events/types.js';

export type Response = NonNullable<CalendarEvent['selfResponse']>;

/**
 * What the feed keeps of an event between syncs: only what wording "before → after" needs
 * (stored encrypted: titles and places are the client's private data).
 */
export interface EventSnapshot {
  title: string;
  location: string | null;
  start: EventTime;
  end: EventTime;
  allDay: boolean;
  timeZone: string | null;
  /** The client's own answer, when the client is a guest. */
  selfResponse: Response | null;
  /** Other guests' answers by email (the organizer left out). */
  responses: Record<string, Response>;
}

/** One thing that happened to one event, as a person would tell it. */
export type FeedChange =
  | { kind: 'created'; eventId: string; after: EventSnapshot }
  | { kind: 'invitation'; eventId: string; after: EventSnapshot }
  | { kind: 'moved'; eventId: string; before: EventSnapshot; after: EventSnapshot }
  | { kind: 'renamed'; eventId: string; before: EventSnapshot; after: EventSnapshot }
  | { kind: 'relocated'; eventId: string; before: EventSnapshot; after: EventSnapshot }
  | { kind: 'cancelled'; eventId: string; before: EventSnapshot }
  | { kind: 'responded'; eventId: string; after: EventSnapshot; guest: string; response: Response };

/** Another client's event that a change now overlaps. */
export interface FeedConflict {
  clientName: string;
  title: string;
  start: number;
  end: number;
}

/** What one Slack message tells. */
export type FeedNotice =
  | { kind: 'change'; change: FeedChange; conflicts: FeedConflict[] }
  /** Many occurrences of one event moved by the same amount (a series edited). */
  | { kind: 'series-moved'; title: string; count: number; shiftMinutes: number }
  /** A burst: how many, and the first few. */
  | { kind: 'burst'; count: number; first: FeedChange[] };

/** Where a feed's notices go. */
export type FeedDestination = { kind: 'managers' } | { kind: 'channel'; channelId: string };

export type { CalendarEvent };
