import type { Actor } from '../clients/types.js';
import type { ClientCalendar, Notify } from '../calendars/ports.js';
import type { DuplicatePolicy, ImportFormat, ImportItem, ImportOutcome, ImportProblem } from './types.js';

export type ImportRunStatus = 'queued' | 'problems' | 'running' | 'done' | 'cancelled' | 'failed';

/** An item that failed: where in the file, and Google's (or our) reason. No event content. */
export interface ImportFailure {
  index: number;
  source: string;
  reason: string;
}

/** One import as stored: what was asked, how far it got, and the DM message that shows it. */
export interface ImportRunRecord {
  id: string;
  teamId: string;
  userId: string;
  clientId: string;
  calendarId: string;
  fileId: string;
  fileName: string;
  format: ImportFormat;
  duplicates: DuplicatePolicy;
  status: ImportRunStatus;
  skipProblems: boolean;
  total: number;
  /** Index of the next item to write (of `retrying` when set, else of the file). */
  cursor: number;
  created: number;
  updated: number;
  /** How many items were skipped, by reason. */
  skipped: Record<string, number>;
  failures: ImportFailure[];
  /** A Retry: the indexes of the items it writes again. */
  retrying: number[] | null;
  error: string | null;
  channel: string | null;
  ts: string | null;
  createdAt: Date;
}

export type NewImportRun = Pick<ImportRunRecord, 'teamId' | 'userId' | 'clientId' | 'calendarId' | 'fileId' | 'fileName' | 'format' | 'duplicates'>;

/** What a run changes of its record as it goes. */
export type ImportRunPatch = Partial<Omit<ImportRunRecord, 'id' | 'teamId' | 'userId' | 'createdAt'>>;

/** Where import runs live; every call is scoped to a team. */
export interface ImportRunStore {
  create(run: NewImportRun): Promise<ImportRunRecord>;
  get(teamId: string, id: string): Promise<ImportRunRecord | null>;
  update(teamId: string, id: string, patch: ImportRunPatch): Promise<void>;
  /**
   * Sets `patch` only while the run is in one of `from` (a Cancel racing the run's own last write,
   * a Retry pressed twice); whether it did.
   */
  updateIf(teamId: string, id: string, from: readonly ImportRunStatus[], patch: ImportRunPatch): Promise<boolean>;
}

/** A file the user shared with the app, as the chat platform describes it. */
export interface SharedFile {
  id: string;
  name: string;
  /** The platform's idea of its type ("csv", "ics", "text"...), when it has one. */
  filetype: string | null;
  size: number;
}

/** Where uploaded files are read from (Slack). */
export interface ImportFiles {
  describe(teamId: string, fileId: string): Promise<SharedFile>;
  /** The file's text; refuses (UserFacingError) a file larger than `maxBytes` before reading it all. */
  read(teamId: string, fileId: string, maxBytes: number): Promise<string>;
}

/** What a user asks of an import run; plain data, so it survives the process. */
export type ImportRequest = Actor & { runId: string };

/** Where runs wait their turn: durable, one run of an import at a time, run again after a crash. */
export interface ImportQueue {
  enqueue(request: ImportRequest): Promise<void>;
}

/** Writes one item into Google (import-ics's `applyImportItem`). */
export type ApplyImportItem = (calendar: ClientCalendar, calendarId: string, item: ImportItem, duplicates: DuplicatePolicy, notify: Notify) => Promise<ImportOutcome>;

/** What the progress message and the report are built from. */
export interface ImportSnapshot {
  run: ImportRunRecord;
  clientName: string;
  /** Items written so far in this run (of `total`, or of a Retry's items). */
  done: number;
  of: number;
  /** The file's problems, when the run stopped on them (nothing was written). */
  problems: ImportProblem[];
  /** Items that can be imported despite the problems. */
  valid: number;
  final: boolean;
}

export type ImportReporter = (snapshot: ImportSnapshot) => Promise<void>;
