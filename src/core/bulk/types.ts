import type { EventInput } from '../calendars/ports.js';

export type BulkItemStatus = 'pending' | 'done' | 'failed';

/** One client of a bulk job, as stored. */
export interface BulkItemRecord {
  clientId: string;
  /** The client's primary calendar, once looked up; a retry reuses it so it lands on the same event. */
  calendarId: string | null;
  status: BulkItemStatus;
  /** Why it failed, written for the user. */
  error: string | null;
  /** The created event (create phase), kept through a move and a cancel so it can be moved or removed. */
  eventId: string | null;
  updatedAt: Date;
}

/** A bulk job as stored: the same event for several clients, and the DM message that shows it. */
export interface BulkJobRecord {
  id: string;
  teamId: string;
  userId: string;
  text: string;
  input: EventInput;
  /** Set by Cancel: from then on the items track removing the events. */
  cancelledAt: Date | null;
  /**
   * Set by the latest Move: `input` then holds the new time and the items track moving the
   * events. Absent counts as never moved.
   */
  movedAt?: Date | null;
  channel: string | null;
  ts: string | null;
  createdAt: Date;
  items: BulkItemRecord[];
}

export interface NewBulkJob {
  teamId: string;
  userId: string;
  text: string;
  input: EventInput;
  /** In the order the user named them; each starts pending. */
  clientIds: string[];
}

export type BulkMode = 'create' | 'move' | 'cancel';

/** At most this many jobs are offered with an agenda. */
export const AGENDA_JOBS = 5;

/** A job as the agenda shows it: what, when, and for how many clients it made the event. */
export interface BulkJobSummary {
  id: string;
  input: EventInput;
  /** Clients whose calendar got the event. */
  clients: number;
  cancelled: boolean;
}

/** An item with what a view needs to show it. */
export interface BulkItemView extends BulkItemRecord {
  clientName: string;
  clientTimeZone: string;
}

/** What a progress reporter is shown: the job now, and whether this is the final word of a run. */
export interface BulkSnapshot {
  job: Omit<BulkJobRecord, 'items'>;
  /** What the run does: make the events, move them to the job's (new) time, or remove them. */
  mode: BulkMode;
  items: BulkItemView[];
  total: number;
  done: number;
  failed: number;
  pending: number;
  /** True once the run has finished (the last report of a run). */
  final: boolean;
}

/** Called with the job's state as it changes (throttled) and once more when the run ends. */
export type BulkReporter = (snapshot: BulkSnapshot) => Promise<void>;
