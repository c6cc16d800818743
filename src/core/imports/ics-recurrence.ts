import ICAL from 'ical.js';
import type { DateTime } from 'luxon';
import type { SeriesShape } from './ics-event.js';
import { dateOf, icalDateTime, instantOf, Unimportable, zoneOf } from './ics-times.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

/**
 * Where an EXDATE, RDATE or RECURRENCE-ID value puts an occurrence of the series: a date for an
 * all-day series; for a timed one the instant, a date alone meaning the series' time that day.
 */
export function occurrenceOf(property: IcalProperty, time: IcalTime, series: SeriesShape): { date: string } | { at: DateTime } {
  if (series.allDay) return { date: time.isDate ? dateOf(time) : (instantOf(time, zoneOf(property, time, series.own) ?? series.zone).setZone(series.zone).toISODate() ?? '') };
  if (time.isDate) return { at: instantOf(time, series.zone).set({ hour: series.start.hour, minute: series.start.minute, second: series.start.second }) };
  return { at: instantOf(time, zoneOf(property, time, series.own) ?? series.zone) };
}

/** RRULE as Google takes it: UNTIL in UTC for a timed series (RFC 5545), a date for an all-day one. */
function ruleLine(property: IcalProperty, series: SeriesShape): string {
  const rule = property.getFirstValue();
  if (!(rule instanceof ICAL.Recur) || !rule.freq) throw new Unimportable('Its repeat rule (RRULE) could not be read: it has no FREQ.');
  const text = rule.toString();
  if (!rule.until) return `RRULE:${text}`;
  const until = occurrenceOf(property, rule.until, series);
  // A date alone ends a timed series after that whole day.
  const last = 'date' in until ? until.date.replaceAll('-', '') : icalDateTime(rule.until.isDate ? until.at.setZone(series.zone).endOf('day') : until.at, 'UTC');
  return `RRULE:${text.replace(/UNTIL=[^;]*/, `UNTIL=${last}`)}`;
}

/** Every EXDATE (or RDATE) line of the event, several values and zones each, as one Google line in the series' zone. */
function datesLine(event: IcalComponent, name: 'exdate' | 'rdate', series: SeriesShape): string | null {
  const values = new Set<string>();
  for (const property of event.getAllProperties(name)) {
    for (const value of property.getValues()) {
      if (!(value instanceof ICAL.Time)) throw new Unimportable(`Its ${name.toUpperCase()} holds periods, which Google does not take.`);
      const occurrence = occurrenceOf(property, value, series);
      values.add('date' in occurrence ? occurrence.date.replaceAll('-', '') : icalDateTime(occurrence.at, series.zone));
    }
  }
  if (!values.size) return null;
  const list = [...values].sort().join(',');
  const upper = name.toUpperCase();
  if (series.allDay) return `${upper};VALUE=DATE:${list}`;
  return series.zone === 'UTC' ? `${upper}:${list}` : `${upper};TZID=${series.zone}:${list}`;
}

/** The series' recurrence lines for Google: its RRULE, EXDATE and RDATE; what Google cannot take is refused. */
export function recurrenceOf(event: IcalComponent, series: SeriesShape): string[] {
  const rules = event.getAllProperties('rrule');
  if (rules.length > 1) throw new Unimportable('It has more than one repeat rule (RRULE); Google takes one.');
  if (event.hasProperty('exrule')) throw new Unimportable('Its exclusion rule (EXRULE) is not supported: list the dates left out as EXDATE.');
  const lines = rules.map((rule) => ruleLine(rule, series));
  for (const name of ['exdate', 'rdate'] as const) {
    const line = datesLine(event, name, series);
    if (line) lines.push(line);
  }
  return lines;
}
