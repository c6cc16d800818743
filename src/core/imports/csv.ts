import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { EventInput } from '../calendars/ports.js';
import type { EventTime } from '../events/types.js';
import { isValidTimeZone } from '../clients/validation.js';
import { importEventId } from './ids.js';
import { IMPORT_LIMITS, type CsvColumn, type ImportFileOptions, type ImportItem, type ImportProblem, type ParsedImport } from './types.js';

/**
 * Header names people and other tools write for our columns, compared without case, spaces,
 * underscores or dashes (Google's and Outlook's CSV exports say "Subject", "Start Date"...).
 */
const ALIASES: Record<CsvColumn, readonly string[]> = {
  title: ['title', 'summary', 'subject', 'name', 'event'],
  start: ['start', 'starts', 'startdate', 'starttime', 'startdatetime', 'begin', 'from'],
  end: ['end', 'ends', 'enddate', 'endtime', 'enddatetime', 'to'],
  'all day': ['allday', 'alldayevent', 'wholeday'],
  'time zone': ['timezone', 'tz', 'zone'],
  location: ['location', 'where', 'place'],
  description: ['description', 'notes', 'details', 'body'],
  guests: ['guests', 'attendees', 'invitees', 'participants'],
  recurrence: ['recurrence', 'rrule', 'repeat'],
  uid: ['uid', 'icaluid', 'id'],
};
const normalise = (header: string) => header.toLowerCase().replace(/[\s_\-.]+/g, '');
const COLUMN_BY_ALIAS = new Map(Object.entries(ALIASES).flatMap(([column, names]) => names.map((n) => [n, column as CsvColumn] as const)));

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const RECURRENCE_LINE = /^(RRULE|EXRULE|EXDATE|RDATE)[:;]\S/i;
const email = z.string().email();

/** The value of each known column in one row ('' when absent). */
type Row = Record<CsvColumn, string>;

/**
 * Reads an import CSV (the format of `CSV_COLUMNS`): one event per row after the header. Every
 * row that cannot be imported is a problem naming its line, and never stops the others being
 * read; a file that is not CSV at all is one problem for the whole file. Never throws.
 */
export function parseCsv(content: string, options: ImportFileOptions): ParsedImport {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    // `info` gives each record with where it ended; the types do not follow that option.
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, delimiter: delimiterOf(content) }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return fileProblem(`This is not a CSV file we can read${typeof line === 'number' ? ` (around line ${line})` : ''}: check it is saved as CSV, with quotes closed.`);
  }
  const [header, ...rows] = records;
  if (!header) return fileProblem('The file is empty: it needs a header row (title, start, …) and one row per event.');
  const columns = header.record.map((h) => COLUMN_BY_ALIAS.get(normalise(h)));
  const missing = (['title', 'start'] as const).filter((c) => !columns.includes(c));
  if (missing.length) return fileProblem(`The header row has no ${missing.join(' or ')} column: the first row names the columns (title, start, end, …).`);
  if (rows.length > IMPORT_LIMITS.maxEvents) return fileProblem(`The file holds ${rows.length} events; one import takes at most ${IMPORT_LIMITS.maxEvents}. Split it into smaller files.`);

  const items: ImportItem[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  let previous = header.info;
  for (const { record, info } of rows) {
    // csv-parse counts lines to a record's end; a quoted cell may span several.
    const source = `line ${previous.lines + 1 + (info.empty_lines - previous.empty_lines)}`;
    previous = info;
    const row = rowOf(columns, record);
    const read = readRow(row, options.defaultTimeZone);
    if ('reason' in read) {
      problems.push({ source, reason: read.reason });
      continue;
    }
    const { input } = read;
    const id = importEventId(row.uid.trim() || JSON.stringify([input.title, input.start, input.end, input.timeZone]));
    const earlier = seen.get(id);
    if (earlier) {
      problems.push({ source, reason: `The same event as ${earlier} (same ${row.uid.trim() ? 'uid' : 'title and times'}): remove one of them.` });
      continue;
    }
    seen.set(id, source);
    items.push({ kind: 'event', id, source, input: read.input });
  }
  return { items, problems };
}

const fileProblem = (reason: string): ParsedImport => ({ items: [], problems: [{ source: 'file', reason }] });

/** `;` when the header row has more of them than commas (spreadsheets in many locales save so). */
function delimiterOf(content: string): string {
  const firstLine = content.slice(0, Math.min(content.length, 4096)).split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function rowOf(columns: (CsvColumn | undefined)[], record: string[]): Row {
  const row = Object.fromEntries(Object.keys(ALIASES).map((c) => [c, ''])) as Row;
  columns.forEach((column, i) => {
    // A column named twice: the first non-empty cell wins.
    if (column && !row[column]) row[column] = record[i] ?? '';
  });
  return row;
}

type Moment = { date: string; time: { hour: number; minute: number; second: number } | null };

function momentOf(text: string): Moment | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d) }, { zone: 'UTC' });
  if (!date.isValid) return null;
  if (h === undefined) return { date: date.toISODate() ?? '', time: null };
  const time = { hour: Number(h), minute: Number(mi), second: Number(s ?? 0) };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
  return { date: date.toISODate() ?? '', time };
}

const DATE_FORMAT = 'use YYYY-MM-DD HH:mm, or YYYY-MM-DD for an all-day event';

/** One row as an event, or why it cannot be one. */
function readRow(row: Row, defaultZone: string): { input: EventInput } | { reason: string } {
  const title = row.title.trim();
  if (!title) return { reason: 'No title.' };
  if (!row.start.trim()) return { reason: 'No start.' };
  const start = momentOf(row.start);
  if (!start) return { reason: `The start "${clip(row.start)}" is not a date we can read: ${DATE_FORMAT}.` };
  const end = row.end.trim() ? momentOf(row.end) : null;
  if (row.end.trim() && !end) return { reason: `The end "${clip(row.end)}" is not a date we can read: ${DATE_FORMAT}.` };
  const zone = row['time zone'].trim() || defaultZone;
  if (!isValidTimeZone(zone)) return { reason: `Unknown time zone "${clip(zone)}": use an IANA name such as Europe/Paris.` };

  const flag = row['all day'].trim().toLowerCase();
  if (flag && !YES.has(flag) && !NO.has(flag)) return { reason: `"all day" is "${clip(row['all day'])}": use yes or no.` };
  const allDay = flag ? YES.has(flag) : start.time === null && (end === null || end.time === null);
  const times = allDay ? allDayTimes(start, end) : timedTimes(start, end, zone);
  if ('reason' in times) return times;

  const guests = row.guests.split(/[;,\s]+/).filter(Boolean);
  const badGuest = guests.find((g) => !email.safeParse(g).success);
  if (badGuest) return { reason: `The guest "${clip(badGuest)}" is not an email address.` };
  const recurrence = row.recurrence.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const badRule = recurrence.find((l) => !RECURRENCE_LINE.test(l));
  if (badRule) return { reason: `The recurrence "${clip(badRule)}" is not an iCalendar RRULE, EXDATE or RDATE line.` };

  return {
    input: {
      title,
      description: row.description.trim() || null,
      location: row.location.trim() || null,
      start: times.start,
      end: times.end,
      timeZone: zone,
      attendees: [...new Set(guests.map((g) => g.toLowerCase()))],
      recurrence: recurrence.length ? recurrence : null,
      meet: false,
      reminders: null,
    },
  };
}

/** All-day: the end the file gives is the last day itself; Google's is the day after. */
function allDayTimes(start: Moment, end: Moment | null): { start: EventTime; end: EventTime } | { reason: string } {
  if (start.time || end?.time) return { reason: 'An all-day event takes dates without times (YYYY-MM-DD).' };
  const last = end?.date ?? start.date;
  if (last < start.date) return { reason: `It ends (${last}) before it starts (${start.date}).` };
  return { start: { date: start.date }, end: { date: DateTime.fromISO(last, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? last } };
}

function timedTimes(start: Moment, end: Moment | null, zone: string): { start: EventTime; end: EventTime } | { reason: string } {
  if (!start.time) return { reason: 'The start has no time: give one (YYYY-MM-DD HH:mm) or mark the event all day.' };
  if (end && !end.time) return { reason: 'The end has no time: give one (YYYY-MM-DD HH:mm) or mark the event all day.' };
  const at = (m: Moment) => DateTime.fromISO(m.date, { zone }).set(m.time ?? {});
  const from = at(start);
  const to = end ? at(end) : from.plus({ hours: 1 });
  if (!from.isValid || !to.isValid) return { reason: 'A date in this row does not exist in its time zone.' };
  if (to < from) return { reason: `It ends (${end ? end.date : ''} ${to.toFormat('HH:mm')}) before it starts (${from.toFormat('yyyy-MM-dd HH:mm')}).` };
  const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true }) ?? '';
  return { start: { dateTime: iso(from) }, end: { dateTime: iso(to) } };
}

/** A cell quoted back in a problem, cut so one row cannot fill the report. */
function clip(text: string): string {
  const t = text.trim();
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}
