import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * The IANA zone Google needs for an iCalendar TZID, or null when there is none: an IANA name as
 * is; Outlook's Windows names ("Pacific Standard Time", also behind its `tzone://Microsoft/`
 * prefix) through the CLDR table windows-iana carries; the IANA name at the end of the older
 * `/mozilla.org/…/Europe/Berlin` form. Anything else is unknown, reported rather than guessed.
 */
export function ianaZoneOf(tzid: string): string | null {
  // A file names a few zones thousands of times, and each look-up builds an Intl formatter.
  if (known.has(tzid)) return known.get(tzid) ?? null;
  if (known.size >= KNOWN_MAX) known.clear();
  const zone = lookUp(tzid);
  known.set(tzid, zone);
  return zone;
}

/** TZIDs come from user files: the memo is bounded. */
const KNOWN_MAX = 1000;
const known = new Map<string, string | null>();

function lookUp(tzid: string): string | null {
  const name = tzid.trim().replace(/^"|"$/g, '').replace(/^tzone:\/\/Microsoft\//i, '');
  if (!name) return null;
  if (IANAZone.isValidZone(name) && !/^[+-]?\d/.test(name)) return name;
  const windows = findIana(name)[0];
  if (windows) return windows;
  const tail = /(?:^|\/)([A-Za-z_]+\/[A-Za-z_+\-0-9]+(?:\/[A-Za-z_-]+)?)$/.exec(name)?.[1];
  return tail && name.startsWith('/') && IANAZone.isValidZone(tail) ? tail : null;
}

type IcalComponent = InstanceType<typeof ICAL.Component>;

/** Noon of the 15th of each month, and the days around each change the VTIMEZONE makes. */
function sampleDays(offsetOn: (month: number, day: number) => number, year: number): { month: number; day: number }[] {
  const days: { month: number; day: number }[] = [];
  let before: number | null = null;
  for (let ordinal = 1; ordinal <= 365; ordinal++) {
    const date = DateTime.fromObject({ year, ordinal }, { zone: 'UTC' });
    const offset = offsetOn(date.month, date.day);
    if (date.day === 15 || (before !== null && offset !== before)) days.push({ month: date.month, day: date.day });
    before = offset;
  }
  return days;
}

const GEOGRAPHIC = /^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//;

/**
 * CLDR's main zone of each Windows zone first (Europe/Berlin before Africa/Ceuta), those of the
 * plain names before the qualified ones ("Pacific Standard Time" before "… (Mexico)"), then every
 * other place.
 */
const candidates = (() => {
  let list: string[] | null = null;
  const main = WINDOWS_TO_IANA_MAP.filter((entry) => entry.territory === '001');
  const plainFirst = [...main.filter((entry) => !entry.windowsName.includes('(')), ...main.filter((entry) => entry.windowsName.includes('('))];
  return () => {
    list ??= [...new Set([...plainFirst.map((entry) => entry.iana[0] ?? ''), ...Intl.supportedValuesOf('timeZone')])].filter(
      (zone) => GEOGRAPHIC.test(zone) && IANAZone.isValidZone(zone),
    );
    return list;
  };
})();

/**
 * An IANA zone with the VTIMEZONE's own UTC offsets, for a TZID no table knows (Outlook's
 * "Customized Time Zone", a display name): the offsets at noon on the 15th of each month and on
 * each day the VTIMEZONE changes, in the event's year. Any zone that agrees gives the same
 * instants that year; none agreeing means the zone stays unknown.
 */
export function zoneMatching(vtimezone: IcalComponent, year: number): string | null {
  const own = new ICAL.Timezone(vtimezone);
  const ownOffset = (month: number, day: number) => own.utcOffset(ICAL.Time.fromData({ year, month, day, hour: 12 })) / 60;
  const days = sampleDays(ownOffset, year);
  const expected = days.map(({ month, day }) => ownOffset(month, day));
  return (
    candidates().find((zone) => days.every(({ month, day }, i) => DateTime.fromObject({ year, month, day, hour: 12 }, { zone }).offset === expected[i])) ?? null
  );
}
