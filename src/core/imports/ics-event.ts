import ICAL from 'ical.js';
import type { DateTime } from 'luxon';
import type { EventInput } from '../calendars/ports.js';
import type { EventTime } from '../events/types.js';
import type { IcsChunk } from './ics-lines.js';
import { recurrenceOf } from './ics-recurrence.js';
import { dateOf, instantOf, timedAt, Unimportable, zoneOf, type OwnZones } from './ics-times.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

export interface IcsContext {
  /** The client's zone: floating times are read in it. */
  defaultTimeZone: string;
  /** The calendar's own zone (X-WR-TIMEZONE), when it names one: shown for its UTC times. */
  calendarZone: string | null;
  /** TZIDs no table knows, read by the calendar's own VTIMEZONEs. */
  own: OwnZones;
}

/** How a series places its occurrences: what a RECURRENCE-ID or an EXDATE is read against. */
export interface SeriesShape {
  allDay: boolean;
  /** The zone the series repeats in (Google's start.timeZone). */
  zone: string;
  start: DateTime;
  own: OwnZones;
}

/** One VEVENT, read: a whole event or series, or one occurrence of a series (RECURRENCE-ID). */
export interface IcsEvent {
  uid: string | null;
  source: string;
  recurrenceId: { property: IcalProperty; time: IcalTime } | null;
  cancelled: boolean;
  /** Null for a cancelled occurrence: it needs no times of its own. */
  input: EventInput | null;
  shape: SeriesShape | null;
}

const SOURCE_UID_CHARS = 60;

export function sourceOf(chunk: IcsChunk, uid: string | null): string {
  const shown = uid && uid.length > SOURCE_UID_CHARS ? `${uid.slice(0, SOURCE_UID_CHARS)}…` : uid;
  return `event ${chunk.index} (line ${chunk.line}${shown ? `, UID ${shown}` : ''})`;
}

const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** ical.js's parse is untyped: its jCal goes straight into a Component. */
function componentFrom(text: string): IcalComponent {
  const jcal: unknown = ICAL.parse(text);
  return new ICAL.Component(jcal as unknown[]);
}

const nameOf = (line: string) => (line.split(/[:;]/)[0] ?? '').toUpperCase();

/** ical.js names no line when it refuses a value: the first line it refuses alone is the culprit. */
function unreadable(text: string, err: unknown): Unimportable {
  const message = cut(err instanceof Error ? err.message : String(err));
  for (const line of text.split('\r\n').slice(1, -1)) {
    try {
      const alone = componentFrom(`BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n${line}\r\nEND:VEVENT\r\nEND:VCALENDAR`);
      // Some values are only read when asked for.
      for (const property of alone.getFirstSubcomponent('vevent')?.getAllProperties() ?? []) property.getValues();
    } catch (lineErr) {
      const name = nameOf(line);
      const why = cut(lineErr instanceof Error ? lineErr.message : String(lineErr));
      return new Unimportable(name === 'RRULE' ? `Its repeat rule (RRULE) could not be read: ${why}` : `Its ${name || 'line'} could not be read: ${why}`);
    }
  }
  return new Unimportable(`It could not be read: ${message}`);
}

function componentOf(chunk: IcsChunk): IcalComponent {
  if (chunk.unclosed) throw new Unimportable('It is not closed (no END:VEVENT): the file looks cut short.');
  try {
    const event = componentFrom(`BEGIN:VCALENDAR\r\n${chunk.text}\r\nEND:VCALENDAR`).getFirstSubcomponent('vevent');
    if (!event) throw new Error('no VEVENT');
    return event;
  } catch (err) {
    throw unreadable(chunk.text, err);
  }
}

/** A text value; only blank is none (Outlook writes an empty description as a lone line break). */
const textOf = (event: IcalComponent, name: string): string | null => {
  const value = event.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() !== '' ? value : null;
};

/** Google's own check of an address, as the fake applies it. */
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;

const emailIn = (property: IcalProperty) => {
  const value = property.getFirstValue();
  const email = typeof value === 'string' ? value.replace(/^mailto:/i, '').trim() : '';
  return EMAIL.test(email) ? email : null;
};

/**
 * Guests with an email address (`mailto:`); rooms and groups named otherwise have none to invite.
 * A meeting's ORGANIZER is one of them: Google makes the calendar's owner the organizer, and
 * Outlook does not list the organizer among the attendees, so it would otherwise drop out.
 */
function guestsOf(event: IcalComponent): string[] {
  const attendees = event.getAllProperties('attendee');
  const organizer = event.getFirstProperty('organizer');
  const out = new Map<string, string>();
  for (const property of attendees.length && organizer ? [organizer, ...attendees] : attendees) {
    const email = emailIn(property);
    if (email && !out.has(email.toLowerCase())) out.set(email.toLowerCase(), email);
  }
  return [...out.values()];
}

function timeValue(property: IcalProperty): IcalTime {
  const value = property.getFirstValue();
  if (!(value instanceof ICAL.Time)) throw new Unimportable(`Its ${property.name.toUpperCase()} is not a date or time.`);
  return value;
}

/** Where a wall time is: its own zone, or the client's for a floating one. */
function instantIn(property: IcalProperty, time: IcalTime, floatingZone: string, own: OwnZones): DateTime {
  return instantOf(time, zoneOf(property, time, own) ?? floatingZone);
}

function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Start, end and zone as Google takes them; throws what is wrong with them. */
function timesOf(event: IcalComponent, ctx: IcsContext, repeats: boolean): { start: EventTime; end: EventTime; shape: SeriesShape } {
  const startProperty = event.getFirstProperty('dtstart');
  if (!startProperty) throw new Unimportable('It has no start time (DTSTART).');
  const start = timeValue(startProperty);
  const endProperty = event.getFirstProperty('dtend');
  const duration = event.getFirstPropertyValue('duration');
  const end = endProperty ? timeValue(endProperty) : null;
  if (end && end.isDate !== start.isDate) throw new Unimportable('Its start is a date and its end a time, or the other way round.');
  if (duration instanceof ICAL.Duration && duration.isNegative) throw new Unimportable('It ends before it starts.');
  const shown = ctx.calendarZone ?? ctx.defaultTimeZone;

  if (start.isDate) {
    const first = dateOf(start);
    const days = duration instanceof ICAL.Duration ? duration.weeks * 7 + duration.days : 1;
    const last = end ? dateOf(end) : plusDays(first, Math.max(days, 1));
    if (last < first) throw new Unimportable('It ends before it starts.');
    // An end on its start day is read as that one day (iCalendar's end is exclusive; Google refuses an empty day).
    return { start: { date: first }, end: { date: last === first ? plusDays(first, 1) : last }, shape: { allDay: true, zone: shown, start: instantOf(start, shown), own: ctx.own } };
  }

  const startZone = zoneOf(startProperty, start, ctx.own);
  // A series written in UTC repeats at the same UTC time (RFC 5545), so it is kept in UTC; a single
  // UTC event is shown in the calendar's zone.
  const zone = startZone === 'UTC' ? (repeats ? 'UTC' : shown) : (startZone ?? ctx.defaultTimeZone);
  const startAt = instantOf(start, startZone ?? ctx.defaultTimeZone);
  let endAt = startAt;
  if (end && endProperty) endAt = instantIn(endProperty, end, ctx.defaultTimeZone, ctx.own);
  else if (duration instanceof ICAL.Duration) {
    // Days are nominal (the same wall time, across a DST change); hours and less are exact.
    endAt = startAt.setZone(zone).plus({ days: duration.weeks * 7 + duration.days }).plus({ hours: duration.hours, minutes: duration.minutes, seconds: duration.seconds });
  }
  if (endAt < startAt) throw new Unimportable('It ends before it starts.');
  return { start: timedAt(startAt, zone), end: timedAt(endAt, zone), shape: { allDay: false, zone, start: startAt.setZone(zone), own: ctx.own } };
}

/** One VEVENT as Google takes it, or why it cannot be imported (Unimportable). */
export function readEvent(chunk: IcsChunk, ctx: IcsContext): IcsEvent {
  try {
    return eventOf(componentOf(chunk), chunk, ctx);
  } catch (err) {
    // ical.js reads some values only when asked, and fails then.
    throw err instanceof Unimportable ? err : unreadable(chunk.text, err);
  }
}

function eventOf(event: IcalComponent, chunk: IcsChunk, ctx: IcsContext): IcsEvent {
  const uid = textOf(event, 'uid');
  const source = sourceOf(chunk, uid);
  const ridProperty = event.getFirstProperty('recurrence-id');
  const recurrenceId = ridProperty ? { property: ridProperty, time: timeValue(ridProperty) } : null;
  const cancelled = textOf(event, 'status')?.toUpperCase() === 'CANCELLED';
  if (recurrenceId && cancelled) return { uid, source, recurrenceId, cancelled, input: null, shape: null };

  const repeats = !recurrenceId && (event.hasProperty('rrule') || event.hasProperty('rdate'));
  const { start, end, shape } = timesOf(event, ctx, repeats);
  const input: EventInput = {
    title: textOf(event, 'summary') ?? '',
    description: textOf(event, 'description'),
    location: textOf(event, 'location'),
    start,
    end,
    timeZone: shape.zone,
    attendees: guestsOf(event),
    recurrence: repeats ? recurrenceOf(event, shape) : null,
    meet: false,
    reminders: null,
  };
  return { uid, source, recurrenceId, cancelled, input, shape };
}
