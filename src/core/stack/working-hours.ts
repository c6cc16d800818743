import { DateTime } from 'luxon';
import type { Interval } from '../events/types.js';

export interface WorkingHours {
  /** IANA zone the hours are read in. */
  zone: string;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  days: number[];
  /** "HH:MM" wall-clock times; end may be "24:00". An end at or before start means the shift ends the next day. */
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: Omit<WorkingHours, 'zone'> = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/** Working time within [range.start, range.end), ordered and merged, in epoch ms. */
export function workingIntervals(hours: WorkingHours, range: { start: Date; end: Date }): Interval[] {
  const from = range.start.getTime();
  const to = range.end.getTime();
  const startMinute = minuteOfDay(hours.start);
  const endMinute = minuteOfDay(hours.end);
  const overnight = endMinute <= startMinute;
  const first = DateTime.fromMillis(from, { zone: hours.zone });
  if (!first.isValid) throw new RangeError(`Unknown time zone: ${hours.zone}`);

  const out: Interval[] = [];
  // Start a day early: a shift that began yesterday may still be running.
  for (let day = first.startOf('day').minus({ days: 1 }); day.toMillis() < to; day = day.plus({ days: 1 })) {
    if (!hours.days.includes(day.weekday)) continue;
    const start = Math.max(wallClock(day, startMinute), from);
    const end = Math.min(wallClock(overnight ? day.plus({ days: 1 }) : day, endMinute), to);
    if (start >= end) continue;
    const last = out.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** The instant a wall-clock time happens on a date; luxon moves times in a DST gap forward. */
function wallClock(day: DateTime, minute: number): number {
  if (minute === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }).toMillis();
}

function minuteOfDay(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || !(minute <= 24 * 60)) throw new RangeError(`Invalid time of day: "${time}"`);
  return minute;
}
