/** A calendar event as the application sees it, independent of Google's wire format. */
export interface CalendarEvent {
  id: string;
  calendarId: string;
  title: string;
  description: string | null;
  location: string | null;
  /** Timed events: ISO instants with offset. All-day events: ISO dates (YYYY-MM-DD), end exclusive. */
  start: EventTime;
  end: EventTime;
  allDay: boolean;
  /** The zone the event was created in, when Google reports one. */
  timeZone: string | null;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** 'transparent' events (shown as free) never block time. */
  transparency: 'opaque' | 'transparent';
  attendees: Attendee[];
  /** The viewer's (calendar owner's) own response, when they are an attendee. */
  selfResponse: 'needsAction' | 'declined' | 'tentative' | 'accepted' | null;
  recurringEventId: string | null;
  /** An occurrence: where its series put it (it may have been moved since). */
  originalStart?: EventTime;
  recurrence: string[] | null;
  /** The event's own reminders; null when it uses the calendar's defaults. */
  reminders: { method: 'popup' | 'email'; minutes: number }[] | null;
  meetLink: string | null;
  htmlLink: string | null;
  /** Who organizes it, when that is not the calendar's owner: the event is an invitation. */
  organizer?: { email: string; displayName: string | null };
}

export type EventTime = { dateTime: string; date?: undefined } | { date: string; dateTime?: undefined };

/** A guest as Google has it; everything but the email is kept as is when guests are edited. */
export interface Attendee {
  email: string;
  displayName?: string | null;
  responseStatus?: 'needsAction' | 'declined' | 'tentative' | 'accepted' | null;
  self?: boolean;
  optional?: boolean;
  organizer?: boolean;
  comment?: string;
  additionalGuests?: number;
  resource?: boolean;
}

export interface CalendarInfo {
  id: string;
  name: string;
  primary: boolean;
  accessRole: 'owner' | 'writer' | 'reader' | 'freeBusyReader';
  timeZone: string | null;
}

/** A half-open interval of instants [start, end), in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}
