import type { EventChanges, EventInput } from '../calendars/ports.js';
import type { EventTime } from '../events/types.js';

/**
 * What an import file becomes before anything is written: every event it holds, ready for Google,
 * and every part of it that cannot be imported, with why. A file with problems is shown to the
 * user before the import runs: nothing is ever half-imported in silence.
 */
export interface ParsedImport {
  items: ImportItem[];
  problems: ImportProblem[];
}

/**
 * One write an import makes. Its `id` is derived from the file alone (the iCalendar `UID`, and
 * `RECURRENCE-ID` for a changed occurrence; a CSV row's own columns), so importing the same file
 * again lands on the same Google events and changes nothing. Series come before their overrides.
 */
export type ImportItem = ImportedEvent | ImportedOverride;

/** A single event or a whole series (its `recurrence` holds RRULE / EXDATE / RDATE lines). */
export interface ImportedEvent {
  kind: 'event';
  /** Google event id: base32hex (a-v, 0-9), 5 to 1024 characters. */
  id: string;
  /** Where it came from, for the report: "line 12", "event 3 (UID …)". */
  source: string;
  input: EventInput;
}

/**
 * One occurrence of an imported series changed (or cancelled) on its own: iCalendar's
 * RECURRENCE-ID. Written after its series, on Google's instance of it.
 */
export interface ImportedOverride {
  kind: 'override';
  /** The series' Google id (the `id` of an ImportedEvent of the same file). */
  seriesId: string;
  /** Where the series put this occurrence (RECURRENCE-ID). */
  originalStart: EventTime;
  source: string;
  /** What differs from the series; `null` when the occurrence is cancelled. */
  changes: EventChanges | null;
}

export interface ImportProblem {
  /** "line 12", "event 3 (UID …)", or "file" for the file as a whole. */
  source: string;
  /** Written for the user: what is wrong and, where it helps, what to do. */
  reason: string;
}

export type ImportFormat = 'ics' | 'csv';

/** What reading a file needs to know of where it goes. */
export interface ImportFileOptions {
  /** The target client's zone: floating times and CSV rows without a zone are read in it. */
  defaultTimeZone: string;
}

/** What to do with an event already on the calendar (an earlier import of the same file). */
export type DuplicatePolicy = 'skip' | 'update';

/** What happened to one item, for the progress message and the final report. */
export type ImportOutcome =
  | { status: 'created' | 'updated' }
  | { status: 'skipped' | 'failed'; reason: string };

/** The documented limits of one import: larger files are refused before anything is read. */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxEvents: 5000 } as const;

/**
 * The CSV format both import and export speak (documented in the README, with a sample). The
 * header row names the columns, in any order and any case; only `title` and `start` are required.
 * - `start` / `end`: `YYYY-MM-DD HH:mm` (or `T` between), wall time in `time zone`; `YYYY-MM-DD`
 *   for all-day events, whose `end` is the last day itself (inclusive, as people write it).
 *   A missing `end` is one hour after `start` (a one-day event when all day).
 * - `all day`: yes/no (also true/false, 1/0); empty means no unless both dates have no time.
 * - `time zone`: IANA name; empty means the client's zone.
 * - `guests`: emails separated by `;` (or `,`).
 * - `recurrence`: iCalendar RRULE / EXDATE / RDATE lines, one per line inside the cell.
 * - `uid`: a stable key of the row (exports write the event's iCalendar UID); the event's id is
 *   derived from it, or from title, start, end and zone when absent.
 */
export const CSV_COLUMNS = ['title', 'start', 'end', 'all day', 'time zone', 'location', 'description', 'guests', 'recurrence', 'uid'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
