// English only: the full package loads every locale (about 12 MiB more resident memory).
import * as chrono from 'chrono-node/en';
import type { ParsedComponents } from 'chrono-node';
import { DateTime } from 'luxon';

export interface WhenOptions {
  now: Date;
  /** The viewer's IANA zone: days start and end at midnight there. */
  zone: string;
  /** Length of the range an empty `when` covers, from the start of today. */
  defaultDays?: number;
  /** The longest range accepted (MAX_WHEN_DAYS unless a use case reads further, as export does). */
  maxDays?: number;
}

export type WhenResult = { start: Date; end: Date; label: string } | { error: string };

export const MAX_WHEN_DAYS = 92;

/**
 * The longest range anyone writes ("from monday 1 dec through friday 5 dec" is 7 words, 38
 * characters). Longer text is not read as a date at all: chrono's cost grows with the text, and
 * trying every suffix of a 4,000-character command took half a minute.
 */
const MAX_WHEN_WORDS = 10;
const MAX_WHEN_CHARS = 100;

const EXAMPLES =
  '`today`, `tomorrow`, `this week`, `next week`, `next month`, `next 10 days`, `friday`, `dec 1`, `dec 1 to dec 5` or `2026-12-01..2026-12-05`';

/** A range of whole days in the viewer's zone; `days` ≥ 1. */
type Days = { first: DateTime; days: number; label: (first: DateTime, last: DateTime) => string };
type Interpretation = Days | { error: string } | null;

/**
 * Turns plain language ("next week", "dec 1 to dec 5") into a range of whole days in `zone`:
 * [midnight of the first day, midnight after the last day). Dates without a year look forward.
 */
export function parseWhen(text: string, opts: WhenOptions): WhenResult {
  const now = DateTime.fromJSDate(opts.now, { zone: opts.zone });
  if (!now.isValid) throw new RangeError(`Unknown time zone: ${opts.zone}`);
  const normalised = normalise(text);
  const found = normalised === '' ? nextDays(opts.defaultDays ?? 7, now) : interpret(normalised, now);
  if (found === null) return { error: `I couldn't read “${shortened(text.trim())}” as a date or range. Try ${EXAMPLES}.` };
  if ('error' in found) return found;
  const label = found.label(found.first, found.first.plus({ days: found.days - 1 }));
  const maxDays = opts.maxDays ?? MAX_WHEN_DAYS;
  if (found.days > maxDays) {
    return { error: `${label} is ${found.days} days; I can show at most ${maxDays} days at a time. Try a shorter range.` };
  }
  return { start: found.first.toJSDate(), end: found.first.plus({ days: found.days }).toJSDate(), label };
}

/**
 * Splits command words into what comes before a trailing `when` and the `when` itself, taking the
 * longest suffix that reads as one: ['acme', 'next', 'week'] → { rest: ['acme'], when: 'next week' }.
 * A suffix that reads as a range but is invalid (too long, backwards) still counts, so the caller
 * reports the real problem. Words containing spaces were quoted names and never join the `when`.
 */
export function splitWhen(args: string[]): { rest: string[]; when: string } {
  // Whether words read as a date does not depend on today's date.
  const reference = DateTime.fromMillis(0, { zone: 'UTC' });
  let from = 0;
  args.forEach((arg, i) => {
    if (/\s/.test(arg)) from = i + 1;
  });
  for (let i = Math.max(from, args.length - MAX_WHEN_WORDS); i < args.length; i++) {
    const when = args.slice(i).join(' ');
    if (when.length > MAX_WHEN_CHARS) continue;
    if (interpret(normalise(when), reference) !== null) return { rest: args.slice(0, i), when };
  }
  return { rest: [...args], when: '' };
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s*\.\.\s*/g, ' to ')
    .replace(/\b(?:thru|till?)\b/g, 'through')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,;!?]+$/, '')
    .replace(/^(?:from|on|for|during) /, '');
}

const shortened = (text: string) => (text.length > MAX_WHEN_CHARS ? `${text.slice(0, MAX_WHEN_CHARS)}\u2026` : text);

function interpret(s: string, now: DateTime): Interpretation {
  if (s.length > MAX_WHEN_CHARS) return null;
  const today = now.startOf('day');
  const exact: Record<string, Days> = {
    today: { first: today, days: 1, label: () => 'today' },
    tomorrow: { first: today.plus({ days: 1 }), days: 1, label: () => 'tomorrow' },
    yesterday: { first: today.minus({ days: 1 }), days: 1, label: () => 'yesterday' },
  };
  if (Object.hasOwn(exact, s)) return exact[s] ?? null;

  const period = /^(?:(this|next|last) )?(week|month|weekend)$/.exec(s);
  if (period && (period[1] || period[2] === 'weekend')) {
    const which = period[1] ?? 'this';
    const unit = period[2] ?? 'week';
    const step = which === 'next' ? 1 : which === 'last' ? -1 : 0;
    if (unit === 'month') {
      const first = today.startOf('month').plus({ months: step });
      return { first, days: first.daysInMonth ?? 31, label: (f) => `${which} month (${format(f, 'LLLL yyyy')})` };
    }
    const monday = today.startOf('week').plus({ weeks: step }); // luxon weeks are ISO: Monday first
    const first = unit === 'week' ? monday : monday.plus({ days: 5 });
    return { first, days: unit === 'week' ? 7 : 2, label: (f, l) => `${which} ${unit} (${dayMonth(f, now)} – ${dayMonth(l, now)})` };
  }

  const count = /^(?:the )?next (\d{1,4}) days?$/.exec(s);
  if (count) return nextDays(Number(count[1]), now);

  const iso = /^(\d{4}-\d{2}-\d{2})(?: (?:to|through|until|-) (\d{4}-\d{2}-\d{2}))?$/.exec(s);
  if (iso) {
    const first = DateTime.fromISO(iso[1] ?? '', { zone: now.zone });
    const last = iso[2] ? DateTime.fromISO(iso[2], { zone: now.zone }) : first;
    if (!first.isValid || !last.isValid) return { error: `“${s}” isn't a real date. Use YYYY-MM-DD, e.g. 2026-12-01.` };
    return dayRange(first, last, now);
  }

  return fromChrono(s, now);
}

function fromChrono(s: string, now: DateTime): Interpretation {
  const results = chrono.parse(s, wallClockReference(now), { forwardDate: true });
  const [result] = results;
  if (results.length !== 1 || !result || result.index !== 0 || result.text.length !== s.length) return null;
  const { start, end } = result;
  if (!start.isCertain('day') && !start.isCertain('weekday') && !start.isCertain('month')) return null;
  const first = dayOf(start, now);
  if (!end && !start.isCertain('day') && !start.isCertain('weekday')) {
    // A month name on its own ("december") means the whole month.
    return { first, days: first.daysInMonth ?? 31, label: (f) => format(f, f.year === now.year ? 'LLLL' : 'LLLL yyyy') };
  }
  return dayRange(first, end ? dayOf(end, now) : first, now);
}

/**
 * chrono's reference for `now`: a Date whose host-local fields are the viewer's wall clock.
 * chrono's own `timezone` option mixes host-local and real instants when rolling dates forward,
 * so "Dec 1" could land in the wrong year depending on the server's zone. Read only the
 * calendar fields of what chrono returns, never its instants.
 */
export function wallClockReference(now: DateTime): Date {
  return new Date(now.year, now.month - 1, now.day, now.hour, now.minute, now.second);
}

function nextDays(n: number, now: DateTime): Interpretation {
  if (n < 1) return { error: 'Pick a range of at least one day.' };
  return { first: now.startOf('day'), days: n, label: () => `the next ${n} day${n === 1 ? '' : 's'}` };
}

/** The calendar day chrono read, in the viewer's zone; chrono implies every part it was not given. */
export function dayOf(c: ParsedComponents, now: DateTime): DateTime {
  return DateTime.fromObject({ year: c.get('year') ?? now.year, month: c.get('month') ?? now.month, day: c.get('day') ?? now.day }, { zone: now.zone });
}

function dayRange(first: DateTime, last: DateTime, now: DateTime): Interpretation {
  if (last < first) return { error: `That range ends (${dayLabel(last, now)}) before it starts (${dayLabel(first, now)}).` };
  return {
    first,
    days: days(first, last),
    label: (f, l) => (l.hasSame(f, 'day') ? dayLabel(f, now) : `${dayLabel(f, now)} – ${dayLabel(l, now)}`),
  };
}

/** Days from `first` to `last` inclusive, counted on the calendar so DST days still count as one. */
function days(first: DateTime, last: DateTime): number {
  return Math.round(last.startOf('day').diff(first.startOf('day'), 'days').days) + 1;
}

function dayLabel(d: DateTime, now: DateTime): string {
  return format(d, d.year === now.year ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

function dayMonth(d: DateTime, now: DateTime): string {
  return format(d, d.year === now.year ? 'd LLL' : 'd LLL yyyy');
}

// A fixed locale keeps labels independent of the host; en-GB would abbreviate September as "Sept".
function format(d: DateTime, pattern: string): string {
  return d.setLocale('en-US').toFormat(pattern);
}
