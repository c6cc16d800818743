import { IANAZone } from 'luxon';
import { findIana } from 'windows-iana';

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
