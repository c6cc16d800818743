import type ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { EventTime } from '../events/types.js';
import { ianaZoneOf } from './ics-zones.js';

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

/** Why one event of the file cannot be imported, in the user's words: caught per event. */
export class Unimportable extends Error {}

/** The IANA zone of a TZID no table knows, from the file's own VTIMEZONE for it, in a given year (see ics.ts). */
export type OwnZones = (tzid: string, year: number) => string | null;

/** How a value's wall time is read: an IANA zone (its TZID, or UTC for `Z`), or floating (null). */
export function zoneOf(property: IcalProperty, time: IcalTime, own: OwnZones): string | null {
  if (time.zone?.tzid === 'UTC') return 'UTC';
  const tzid = property.getParameter('tzid');
  if (typeof tzid !== 'string' || time.isDate) return null;
  const zone = ianaZoneOf(tzid) ?? own(tzid, time.year);
  if (!zone) throw new Unimportable(`Its time zone "${tzid}" is not one Google knows (an IANA name such as Europe/Paris, or an Outlook zone name).`);
  return zone;
}

/** The instant a wall time names in `zone`; a date is its midnight there. */
export function instantOf(time: IcalTime, zone: string): DateTime {
  const { year, month, day } = time;
  const clock = time.isDate ? {} : { hour: time.hour, minute: time.minute, second: time.second };
  const dt = DateTime.fromObject({ year, month, day, ...clock }, { zone });
  if (!dt.isValid) throw new Unimportable(`It has a time that does not exist (${time.toString()}).`);
  return dt;
}

/** A date as Google's all-day `date`, as written (no zone applies to it). */
export function dateOf(time: IcalTime): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
}

export function timedAt(dt: DateTime, zone: string): EventTime {
  return { dateTime: dt.setZone(zone).toISO({ suppressMilliseconds: true }) ?? '' };
}

/** `YYYYMMDDTHHMMSS` (wall time in `zone`), with `Z` when the zone is UTC: iCalendar's DATE-TIME. */
export function icalDateTime(dt: DateTime, zone: string): string {
  const local = dt.setZone(zone);
  return local.toFormat("yyyyMMdd'T'HHmmss") + (zone === 'UTC' ? 'Z' : '');
}
