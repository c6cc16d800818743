// English only: the full package loads every locale (about 12 MiB more resident memory).
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { dayOf, wallClockReference } from './when.js';

export interface EventDraft {
  title: string;
  allDay: boolean;
  /** Timed: ISO instant with the zone's offset. All-day: YYYY-MM-DD. */
  start: string;
  /** Same form as `start`; for all-day events the day after the last day (exclusive). */
  end: string;
  timeZone: string;
  attendees: string[];
  location?: string | null;
}

export type QuickAddResult =
  | { kind: 'clear'; draft: EventDraft }
  /**
   * What could be read, to prefill a form. When no time was given, `start` is a bare date
   * (YYYY-MM-DD) and `allDay`/`end` are absent.
   */
  | { kind: 'unclear'; draft: Partial<EventDraft> & { title: string }; reason: string };

/** Timed events with neither an end nor a duration last this long, like Google Calendar's default. */
export const DEFAULT_EVENT_MINUTES = 30;

const EMAIL = String.raw`[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}`;
// Connecting words go with the address: "with a@x.com and b@y.com" leaves nothing behind.
const EMAIL_WITH_CONNECTOR = new RegExp(String.raw`(?:\b(?:with|and|&)\s+|,\s*)?(${EMAIL})`, 'gi');
const FOR_DURATION = new RegExp(String.raw`\bfor\s+(${DURATION_PATTERN})`, 'gi');
const ALL_DAY = /\ball[ -]day\b/i;
/** Words that make a date without a time an all-day event rather than a missing time. */
const ALL_DAY_WORDS = /\b(?:ooo|out of (?:the )?office|off-?site|holidays?|vacation|pto|day off)\b/i;

// chrono reads the number after "Dec 3" as a two-digit year and ignores a bare "tomorrow 3-4";
// "at" makes either a time: "Dec 3 12-1pm" → "Dec 3 at 12-1pm".
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const WEEKDAY = String.raw`(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?`;
const DAY_WORD = String.raw`today|tomorrow|${WEEKDAY}|(?:${MONTHS})[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?`;
const BARE_TIME_AFTER_DAY = new RegExp(
  String.raw`\b(${DAY_WORD}),?\s+(?=\d{1,2}(?:[:.]\d{2})?(?!\d|[/-]\d{4}|st\b|nd\b|rd\b|th\b))`,
  'gi',
);

// Rewrites of ranges chrono misreads. Each touches only a range, so titles keep their own words.
const MONTH_DAY = String.raw`(?:${MONTHS})[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?`;
const RANGE_WORD = String.raw`(?:-|\b(?:until|till?|to|through)\b)`;
/** chrono ignores en and em dashes: "Dec 24–26" would be Dec 24 with "–26" left in the title. */
const RANGE_DASH = new RegExp(
  String.raw`(?<=(?:\d(?:\s*[ap]m)?|\bnoon|\bmidnight)\s*)[\u2013\u2014](?=\s*(?:\d|noon\b|midnight\b|${MONTH_DAY}))`,
  'gi',
);
/** "Dec 24-Dec 26" reads as 24 Dec '26 (a two-digit year) unless the hyphen stands apart. */
const DAY_DASH_DAY = new RegExp(String.raw`\b(${MONTH_DAY})\s*-\s*(?=${MONTH_DAY})`, 'gi');
/** chrono reads "noon" alone or as an end, but not as a start: "noon-1pm" leaves "-1pm" behind. */
const NOON_STARTING_RANGE = new RegExp(String.raw`\bnoon(?=\s*${RANGE_WORD}\s*\d)`, 'gi');
/**
 * chrono's "until midnight" moves the start about: it swaps "tomorrow 9pm until midnight" round
 * and puts "friday 10pm until midnight" on last Friday. "12am" reads as the plain time it is.
 */
const MIDNIGHT_ENDING_RANGE = new RegExp(String.raw`(?<=(?:\d(?:\s*[ap]m)?|\bnoon)\s*${RANGE_WORD}\s*)\bmidnight\b`, 'gi');

/**
 * Reads a one-line event description ("Lunch with Bob tomorrow 12:30 for 45m") in the viewer's
 * zone. Anything doubtful comes back 'unclear' with what was understood, for the user to confirm.
 */
export function parseQuickAdd(text: string, opts: { now: Date; zone: string }): QuickAddResult {
  const now = DateTime.fromJSDate(opts.now, { zone: opts.zone });
  if (!now.isValid) throw new RangeError(`Unknown time zone: ${opts.zone}`);

  const attendees: string[] = [];
  let minutes: number | null = null;
  let s = text
    .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/gi, '$1') // Slack's auto-linked addresses
    .replace(EMAIL_WITH_CONNECTOR, (_, email: string) => {
      if (!attendees.includes(email.toLowerCase())) attendees.push(email.toLowerCase());
      return ' ';
    })
    .replace(FOR_DURATION, (_, phrase: string) => {
      minutes ??= parseDuration(phrase);
      return ' ';
    });
  const allDayAsked = ALL_DAY.test(s);
  s = s
    .replace(ALL_DAY, ' ')
    .replace(RANGE_DASH, '-')
    .replace(DAY_DASH_DAY, '$1 - ')
    .replace(MIDNIGHT_ENDING_RANGE, '12am') // first, so "noon-midnight" has a number after "noon"
    .replace(NOON_STARTING_RANGE, '12pm')
    .replace(BARE_TIME_AFTER_DAY, '$1 at ')
    .replace(/\s+/g, ' ')
    .trim();

  // chrono may also read a word of the title as a date ("Night shift"): the longest match is the date.
  const result = chrono
    .parse(s, wallClockReference(now), { forwardDate: true })
    .reduce<chrono.ParsedResult | undefined>((best, r) => (best && best.text.length >= r.text.length ? best : r), undefined);
  const title = result
    ? cleanTitle(`${cleanTitle(s.slice(0, result.index))} ${s.slice(result.index + result.text.length)}`)
    : cleanTitle(s);
  const known = { title, timeZone: opts.zone, attendees };
  const unclear = (reason: string, draft: Partial<EventDraft> = {}): QuickAddResult => ({
    kind: 'unclear',
    draft: { ...known, ...draft },
    reason,
  });
  const clear = (draft: Omit<EventDraft, keyof typeof known>): QuickAddResult =>
    title ? { kind: 'clear', draft: { ...known, ...draft } } : unclear('no title', draft);

  if (!result) return unclear('no date or time');
  const today = now.startOf('day');
  const { start, end } = result;

  if (!start.isCertain('hour')) {
    const first = dayOf(start, now);
    const last = end ? dayOf(end, now) : first;
    if (!end && !allDayAsked && !ALL_DAY_WORDS.test(title)) return unclear('no time given', { start: isoDay(first) });
    const draft = { allDay: true, start: isoDay(first), end: isoDay(last.plus({ days: 1 })) };
    if (last < first) return unclear('the end is not after the start', draft);
    if (last < today) return unclear('that date has already passed', draft);
    return clear(draft);
  }

  // Without a date the time is today's, even when it has passed: quietly moving it to tomorrow
  // would surprise more often than it helps.
  const hasDate = start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
  const day = hasDate ? dayOf(start, now) : today;
  let hour = start.get('hour') ?? 0;
  // "at 3" means 3pm: nobody books 1–6am by leaving out "am", but "03:00" is deliberate.
  if (!start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\b0\d[:.]\d/.test(result.text)) hour += 12;
  const startAt = at(day, hour, start.get('minute') ?? 0);

  let endAt: DateTime | null = null;
  if (end?.isCertain('hour')) {
    const endHour = end.get('hour') ?? 0;
    const endMinute = end.get('minute') ?? 0;
    const daysLater = Math.round(dayOf(end, now).diff(dayOf(start, now), 'days').days);
    const rolledOver = daysLater === 1 && endHour * 60 + endMinute <= (start.get('hour') ?? 0) * 60 + (start.get('minute') ?? 0);
    if (daysLater > 0 && !rolledOver) endAt = at(day.plus({ days: daysLater }), endHour, endMinute);
    else {
      // chrono moves an end before the start to the next day ("9-5" → 9am to 5am tomorrow). The
      // next matching time the same day is meant; only an explicit "10pm until 1am" runs overnight.
      const explicit = end.isCertain('meridiem');
      const hours = explicit ? [endHour] : [endHour, endHour + 12].filter((h) => h < 24);
      // An end at midnight ("until 12am") can only be the one that closes the day.
      const overnight = explicit && endHour < 12 && (hour >= 12 || endHour * 60 + endMinute === 0);
      endAt =
        hours.map((h) => at(day, h, endMinute)).find((candidate) => candidate > startAt) ??
        at(overnight ? day.plus({ days: 1 }) : day, endHour, endMinute);
    }
  }
  endAt ??= startAt.plus({ minutes: minutes ?? DEFAULT_EVENT_MINUTES });

  const draft = { allDay: false, start: iso(startAt), end: iso(endAt) };
  if (startAt.hour !== hour) return unclear("that time doesn't exist that day (the clocks change)", draft);
  if (endAt <= startAt) return unclear('the end is not after the start', draft);
  if (startAt < now) return unclear('that time has already passed', draft);
  return clear(draft);
}

/** A wall-clock time in the day's zone; luxon moves a time in a DST gap forward by the gap. */
function at(day: DateTime, hour: number, minute: number): DateTime {
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

// A parser returns, never throws: a date luxon cannot represent becomes an empty
// field of the draft, which the form then asks the user to fill.
function iso(d: DateTime): string {
  return d.toISO({ suppressMilliseconds: true }) ?? '';
}

function isoDay(d: DateTime): string {
  return d.toISODate() ?? '';
}

/** Drops what the date and addresses left dangling: "Dentist on with" → "Dentist". */
function cleanTitle(text: string): string {
  let title = text.replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = title
      .replace(/(?:^|\s)(?:with|on|at|from|for|by|and|&|@)$/i, '')
      .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '');
    if (next === title) return title;
    title = next;
  }
}
