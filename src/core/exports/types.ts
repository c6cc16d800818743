import type { Actor } from '../clients/types.js';

export type ExportFormat = 'ics' | 'csv';

/**
 * One export as queued: everything the job needs to read and deliver the file, resolved when the
 * user asked (client, calendar, range), so a retry reads the same thing. Plain JSON for the queue.
 */
export interface ExportJob {
  jobId: string;
  actor: Actor;
  clientId: string;
  calendarId: string;
  /** The calendar as the user knows it: the file's name and X-WR-CALNAME. */
  calendarName: string;
  clientName: string;
  /** The range, ISO instants: [start, end). */
  start: string;
  end: string;
  /** The range in words ("Dec 1 – Mar 1"), for the messages. */
  label: string;
  format: ExportFormat;
}

/** The finished file. */
export interface ExportFile {
  filename: string;
  content: string;
  events: number;
}

/** Where exports wait their turn and survive a restart (the job engine). */
export interface ExportQueue {
  enqueue(job: ExportJob): Promise<void>;
}

/**
 * How the user hears of their export, in their DM: progress while Google is read, then the
 * file, or what went wrong. Slack failures throw: the job is retried.
 */
export interface ExportDelivery {
  progress(job: ExportJob, eventsRead: number): Promise<void>;
  file(job: ExportJob, file: ExportFile): Promise<void>;
  failed(job: ExportJob, err: unknown): Promise<void>;
}

/** The longest range one export reads; Google pages it, the job streams the pages. */
export const EXPORT_MAX_DAYS = 366;
/** From today, when no range is given. */
export const EXPORT_DEFAULT_DAYS = 90;
