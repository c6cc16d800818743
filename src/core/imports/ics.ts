import ICAL from 'ical.js';
import type { EventChanges } from '../calendars/ports.js';
import type { EventTime } from '../events/types.js';
import { readEvent, sourceOf, type IcsContext, type IcsEvent } from './ics-event.js';
import { splitIcs, type IcsChunk } from './ics-lines.js';
import { occurrenceOf } from './ics-recurrence.js';
import { timedAt, Unimportable, type OwnZones } from './ics-times.js';
import { ianaZoneOf, zoneMatching } from './ics-zones.js';
import { importEventId } from './ids.js';
import { IMPORT_LIMITS, type ImportedEvent, type ImportedOverride, type ImportFileOptions, type ImportProblem, type ParsedImport } from './types.js';

const fileProblem = (reason: string): ParsedImport => ({ items: [], problems: [{ source: 'file', reason }] });

/** An event without a UID still gets an id of its own from the file: its text. */
const uidOf = (event: IcsEvent, chunk: IcsChunk) => event.uid ?? `no-uid:${chunk.text}`;

interface Read {
  chunk: IcsChunk;
  event: IcsEvent;
}

/**
 * An iCalendar file (Google, Outlook, Apple exports...) as import items: each event or series once,
 * its recurrence kept as rules (RRULE, EXDATE, RDATE: never expanded), then each occurrence changed
 * or cancelled on its own (RECURRENCE-ID) as an override of its series. What cannot be imported is
 * listed per event; the file as a whole is refused when it is not iCalendar, holds no event, or
 * is over the limits. VTODO, VJOURNAL and VALARM are not events and are left out. Never throws.
 */
export function parseIcs(content: string, options: ImportFileOptions): ParsedImport {
  try {
    return parse(content, options);
  } catch {
    // Each event's problems are caught where it is read; this is the net for what no test has found.
    return fileProblem('The file could not be read as iCalendar.');
  }
}

function parse(content: string, options: ImportFileOptions): ParsedImport {
  if (Buffer.byteLength(content, 'utf8') > IMPORT_LIMITS.maxBytes) return fileProblem(`The file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB, the most one import takes.`);
  const calendars = splitIcs(content);
  if (!calendars.length) return fileProblem('This is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR.');
  const count = calendars.reduce((sum, c) => sum + c.events.length, 0);
  if (!count) return fileProblem('The file holds no events (VEVENT).');
  if (count > IMPORT_LIMITS.maxEvents) return fileProblem(`The file holds ${count} events; one import takes at most ${IMPORT_LIMITS.maxEvents}. Split it and import each part.`);

  const problems: ImportProblem[] = [];
  const reads: Read[] = [];
  for (const calendar of calendars) {
    const ctx: IcsContext = {
      defaultTimeZone: options.defaultTimeZone,
      calendarZone: calendar.wrTimeZone ? ianaZoneOf(calendar.wrTimeZone) : null,
      own: ownZones(calendar.timezones),
    };
    for (const chunk of calendar.events) {
      try {
        reads.push({ chunk, event: readEvent(chunk, ctx) });
      } catch (err) {
        problems.push({ source: sourceOf(chunk, uidIn(chunk)), reason: err instanceof Unimportable ? err.message : 'It could not be read.' });
      }
    }
  }

  const series = new Map<string, { item: ImportedEvent; event: IcsEvent; index: number }>();
  const events: ImportedEvent[] = [];
  for (const { chunk, event } of reads) {
    if (event.recurrenceId || event.cancelled || !event.input) continue;
    const uid = uidOf(event, chunk);
    const same = series.get(uid);
    if (same) {
      problems.push({ source: event.source, reason: `Event ${same.index} has the same UID; only the first is imported.` });
      continue;
    }
    const item: ImportedEvent = { kind: 'event', id: importEventId(uid), source: event.source, input: event.input };
    series.set(uid, { item, event, index: chunk.index });
    events.push(item);
  }

  const overrides: ImportedOverride[] = [];
  for (const { chunk, event } of reads) {
    if (!event.recurrenceId) continue;
    try {
      overrides.push(overrideOf(event, series.get(uidOf(event, chunk))));
    } catch (err) {
      problems.push({ source: event.source, reason: err instanceof Unimportable ? err.message : 'It could not be read.' });
    }
  }
  return { items: [...events, ...overrides], problems: sortBySource(problems) };
}

/** Real files carry a few VTIMEZONEs of a few KB: past these, a TZID no table knows stays unknown. */
const OWN_ZONES = { blocks: 6, blockChars: 16_384, yearsEach: 3 } as const;

/**
 * TZIDs no table knows, read by the calendar's own VTIMEZONE blocks (each parsed once, when first
 * named) whose offsets in the event's year are matched to an IANA zone. Bounded, as the file is
 * the user's: a few blocks, a few years each (a later year reuses the first year's zone).
 */
function ownZones(blocks: string[]): OwnZones {
  const byTzid = new Map<string, string>();
  for (const block of blocks) {
    const tzid = /^TZID(?:;[^:]*)?:(.*)$/im.exec(block)?.[1]?.trim();
    if (tzid && !ianaZoneOf(tzid) && !byTzid.has(tzid) && byTzid.size < OWN_ZONES.blocks && block.length <= OWN_ZONES.blockChars) byTzid.set(tzid, block);
  }
  const parsed = new Map<string, InstanceType<typeof ICAL.Component> | null>();
  const years = new Map<string, Map<number, string | null>>();
  return (tzid, year) => {
    const block = byTzid.get(tzid);
    if (!block) return null;
    if (!parsed.has(tzid)) parsed.set(tzid, vtimezoneOf(block));
    const component = parsed.get(tzid);
    if (!component) return null;
    const found = years.get(tzid) ?? new Map<number, string | null>();
    years.set(tzid, found);
    if (!found.has(year)) found.set(year, found.size < OWN_ZONES.yearsEach ? matching(component, year) : ([...found.values()][0] ?? null));
    return found.get(year) ?? null;
  };
}

/** A VTIMEZONE ical.js cannot follow names no zone. */
function matching(component: InstanceType<typeof ICAL.Component>, year: number): string | null {
  try {
    return zoneMatching(component, year);
  } catch {
    return null;
  }
}

function vtimezoneOf(block: string): InstanceType<typeof ICAL.Component> | null {
  try {
    const jcal: unknown = ICAL.parse(`BEGIN:VCALENDAR\r\n${block}\r\nEND:VCALENDAR`);
    return new ICAL.Component(jcal as unknown[]).getFirstSubcomponent('vtimezone');
  } catch {
    return null;
  }
}

/** The UID of an event that could not be read, for its problem's source: the raw line. */
function uidIn(chunk: IcsChunk): string | null {
  return /^UID(?:;[^:]*)?:(.*)$/im.exec(chunk.text)?.[1]?.trim() || null;
}

const lineOf = (source: string) => Number(/line (\d+)/.exec(source)?.[1] ?? 0);
const sortBySource = (problems: ImportProblem[]) => [...problems].sort((a, b) => lineOf(a.source) - lineOf(b.source));

function overrideOf(event: IcsEvent, series: { item: ImportedEvent; event: IcsEvent } | undefined): ImportedOverride {
  if (!series?.event.shape || !event.recurrenceId) throw new Unimportable('It changes one occurrence (RECURRENCE-ID) of a series that is not in the file, or could not be imported.');
  if (!series.item.input.recurrence?.length) throw new Unimportable('It changes one occurrence (RECURRENCE-ID) of an event that does not repeat.');
  const shape = series.event.shape;
  const at = occurrenceOf(event.recurrenceId.property, event.recurrenceId.time, shape);
  const originalStart: EventTime = 'date' in at ? { date: at.date } : timedAt(at.at, shape.zone);
  const base = { kind: 'override' as const, seriesId: series.item.id, originalStart, source: event.source };
  if (event.cancelled || !event.input) return { ...base, changes: null };
  const { title, description, location, start, end, timeZone, attendees } = event.input;
  const changes: EventChanges = { title, description, location, start, end, timeZone, attendees };
  return { ...base, changes };
}
