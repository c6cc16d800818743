import type { Interval } from '../events/types.js';
import { workingIntervals, type WorkingHours } from './working-hours.js';

export interface Participant {
  id: string;
  name: string;
  hours: WorkingHours;
  busy: Interval[];
}

export interface FreeSlot {
  start: number;
  end: number;
}

export interface FreeSlotOptions {
  start: Date;
  end: Date;
  minMinutes: number;
  now: Date;
  /** Slot starts are rounded up to a multiple of this many minutes since the epoch. Default 15. */
  stepMinutes?: number;
  /** Default 20. */
  limit?: number;
}

/**
 * Whole windows when every participant is within their working hours and
 * nobody is busy, at least minMinutes long, ordered, at most `limit`.
 */
export function findFreeSlots(participants: readonly Participant[], opts: FreeSlotOptions): FreeSlot[] {
  const limit = opts.limit ?? 20;
  const step = (opts.stepMinutes ?? 15) * 60_000;
  const minLength = Math.max(opts.minMinutes * 60_000, 1);
  const range = { start: new Date(Math.max(opts.start.getTime(), opts.now.getTime())), end: opts.end };
  if (participants.length === 0 || limit <= 0 || range.start >= range.end) return [];

  let free: Interval[] | null = null;
  for (const participant of participants) {
    const own = subtract(workingIntervals(participant.hours, range), mergeIntervals(participant.busy));
    free = free ? intersect(free, own) : own;
    if (free.length === 0) return [];
  }

  const slots: FreeSlot[] = [];
  for (const window of free ?? []) {
    const start = roundUp(window.start, step);
    if (window.end - start < minLength) continue;
    slots.push({ start, end: window.end });
    if (slots.length === limit) break;
  }
  return slots;
}

/** Sorted, non-empty, with overlapping or touching intervals joined. Does not modify its input. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((x, y) => x.start - y.start);
  const out: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = out.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** Both inputs merged. */
function subtract(from: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const { start, end } of from) {
    let cursor = start;
    while ((minus[j]?.end ?? Infinity) <= cursor) j++;
    for (let k = j, busy = minus[k]; busy && busy.start < end; busy = minus[++k]) {
      if (busy.start > cursor) out.push({ start: cursor, end: busy.start });
      cursor = Math.max(cursor, busy.end);
    }
    if (cursor < end) out.push({ start: cursor, end });
  }
  return out;
}

/** Both inputs merged. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  for (let x = a[i], y = b[j]; x && y; x = a[i], y = b[j]) {
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

function roundUp(ms: number, step: number): number {
  return step > 0 ? Math.ceil(ms / step) * step : ms;
}
