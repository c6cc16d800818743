import { stringify } from 'csv-stringify/sync';
import type { SeriesEvent } from '../calendars/ports.js';
import { CSV_COLUMNS, type CsvColumn } from '../imports/types.js';
import { asDate, groupSeries, inZone, occurrenceUid, recurrenceKey, zoneOf, type ExportSource } from './series.js';

type Row = Record<CsvColumn, string>;

const WALL_TIME = 'yyyy-LL-dd HH:mm';

function row(event: SeriesEvent, zone: string, recurrence: string[]): Row {
  // All-day ends are written inclusive, as people write them (Google's are exclusive).
  const times = event.allDay
    ? { start: asDate(event.start).toISODate() ?? '', end: asDate(event.end).minus({ days: 1 }).toISODate() ?? '', 'all day': 'yes', 'time zone': '' }
    : { start: inZone(event.start, zone).toFormat(WALL_TIME), end: inZone(event.end, zone).toFormat(WALL_TIME), 'all day': 'no', 'time zone': zone };
  return {
    title: event.title,
    ...times,
    location: event.location ?? '',
    description: event.description ?? '',
    guests: event.attendees.filter((a) => a.email && !a.resource).map((a) => a.email).join('; '),
    recurrence: recurrence.join('\n'),
    uid: occurrenceUid(event),
  };
}

/**
 * One calendar in the CSV format import reads (CSV_COLUMNS, src/core/imports/types.ts): a row per
 * event or series, the series' rule lines in its `recurrence` cell. A row has no RECURRENCE-ID, so
 * an occurrence changed on its own is a row of its own (uid `<iCalUID>#<original start>`) and its
 * series gets an EXDATE for where it was, as a cancelled occurrence does: imported, the file shows
 * each occurrence once, where it now is.
 */
export function exportCsv(source: ExportSource): string {
  const rows: Row[] = [];
  for (const { event, changed, cancelled } of groupSeries(source.events)) {
    const zone = zoneOf(event, source.timeZone);
    const gone = [...cancelled, ...changed.flatMap((e) => (e.originalStart ? [e.originalStart] : []))];
    const exdates = gone.map((original) => (event.allDay ? `EXDATE;VALUE=DATE:${recurrenceKey(original)}` : `EXDATE:${recurrenceKey(original)}`));
    const recurrence = event.recurrence ? [...event.recurrence, ...exdates] : [];
    rows.push(row(event, zone, recurrence));
    for (const occurrence of changed) rows.push(row(occurrence, zoneOf(occurrence, zone), []));
  }
  // RFC 4180 rows end in CRLF; csv-stringify then leaves a cell holding a bare LF (the recurrence
  // lines, a description) unquoted, which readers take for the end of the row: quote those too.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
