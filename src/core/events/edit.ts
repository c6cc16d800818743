import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { isoDateOf, isoOf } from '../../shared/iso.js';
import type { EventChanges, EventInput } from '../calendars/ports.js';
import type { EventForm } from './form.js';
import type { Attendee, CalendarEvent, EventTime } from './types.js';

/**
 * The parts of the event form that change one set of Google fields. An edit sends only the
 * groups the user changed, so whatever the form cannot show (another provider's conference,
 * attachments, colour, the guests' answers) is never written back.
 */
const GROUPS = {
  title: ['title'],
  description: ['description'],
  location: ['location'],
  when: ['start', 'end', 'timeZone'],
  attendees: ['attendees'],
  recurrence: ['recurrence'],
  meet: ['meet'],
  reminders: ['reminders'],
} as const satisfies Record<string, readonly (keyof EventInput)[]>;

export type EditGroup = keyof typeof GROUPS;
/** A short digest of each group as the form showed it: small enough for a modal's private_metadata. */
export type FormPrints = Partial<Record<EditGroup, string>>;

const text = (v: string | null | undefined) => v?.trim() || null;

function groupValues(f: EventForm): Record<EditGroup, unknown> {
  return {
    title: f.title.trim(),
    description: text(f.description),
    location: text(f.location),
    // An emptied end date means the start's day, as the form reads it.
    when: [f.startDate, f.startTime, f.endDate ?? f.startDate, f.endTime, text(f.duration), f.allDay, f.timeZone],
    attendees: [...new Set(f.attendees.map((a) => a.trim().toLowerCase()))].sort(),
    recurrence: [f.recurrence, f.recurrence === 'weekly' ? [...f.weeklyDays].sort() : [], f.recurrence === 'custom' ? text(f.customRule) : null],
    meet: f.meet,
    reminders: f.reminder ?? 'default',
  };
}

export function formPrints(form: EventForm): FormPrints {
  const values = groupValues(form);
  return Object.fromEntries(
    (Object.keys(GROUPS) as EditGroup[]).map((g) => [g, createHash('sha256').update(JSON.stringify(values[g])).digest('base64url').slice(0, 12)]),
  );
}

/**
 * The fields of `input` (the parsed submission) the user changed, group by group, against the
 * prints of what the form showed. Without prints (a form opened before they existed) every
 * field counts as changed.
 */
export function changedFields(input: EventInput, submitted: EventForm, shown: FormPrints | undefined): Partial<EventInput> {
  const now = formPrints(submitted);
  const out: Partial<EventInput> = {};
  for (const group of Object.keys(GROUPS) as EditGroup[]) {
    if (shown && shown[group] === now[group]) continue;
    for (const field of GROUPS[group]) (out as Record<string, unknown>)[field] = input[field];
  }
  return out;
}

/** Guests as Google should store them: the ones kept exactly as they were (answers, comments, optional), new ones bare. */
export function mergeAttendees(current: Attendee[], emails: string[]): Attendee[] {
  const byEmail = new Map(current.map((a) => [a.email.toLowerCase(), a]));
  return emails.map((email) => byEmail.get(email.toLowerCase()) ?? { email });
}

const localDate = (time: EventTime, zone: string) => (time.date !== undefined ? DateTime.fromISO(time.date, { zone }) : DateTime.fromISO(time.dateTime, { zone })).startOf('day');

/**
 * The series' new start and end when the user moved one occurrence and chose "all events": the
 * first occurrence moves by the same number of days, to the new time of day (wall clock in the
 * event's zone, so a series crossing a DST change keeps its local time), with the new length.
 * Patching the master with the occurrence's own date would drop every earlier occurrence.
 */
export function shiftSeries(master: CalendarEvent, occurrence: CalendarEvent, moved: Pick<EventInput, 'start' | 'end' | 'timeZone'>): Pick<EventInput, 'start' | 'end' | 'timeZone'> {
  const zone = moved.timeZone;
  const days = localDate(moved.start, zone).diff(localDate(occurrence.start, zone), 'days').days;
  const firstDay = localDate(master.start, zone).plus({ days: Math.round(days) });
  if (moved.start.date !== undefined) {
    const length = Math.round(DateTime.fromISO(moved.end.date ?? moved.start.date).diff(DateTime.fromISO(moved.start.date), 'days').days);
    return { start: { date: isoDateOf(firstDay) }, end: { date: isoDateOf(firstDay.plus({ days: length })) }, timeZone: zone };
  }
  const newStart = DateTime.fromISO(moved.start.dateTime, { zone });
  const start = firstDay.set({ hour: newStart.hour, minute: newStart.minute, second: newStart.second });
  const lengthMs = Date.parse(moved.end.dateTime ?? moved.start.dateTime) - Date.parse(moved.start.dateTime);
  return { start: { dateTime: isoOf(start) }, end: { dateTime: isoOf(start.plus({ milliseconds: lengthMs })) }, timeZone: zone };
}

/**
 * What to PATCH on `target` (the occurrence, or with `series` its master) for the user's
 * `changes`. An instance never carries a rule; the series keeps its EXDATE/RDATE lines when its
 * rule changes; a conference that is not Meet is only ever replaced when the user asks for Meet.
 */
export function patchFor(changes: Partial<EventInput>, occurrence: CalendarEvent, series: CalendarEvent | null): EventChanges {
  const target = series ?? occurrence;
  const out: EventChanges = { ...changes };
  if (!series && occurrence.recurringEventId) delete out.recurrence;
  if (series && out.recurrence) out.recurrence = [...out.recurrence, ...(series.recurrence ?? []).filter((l) => !/^RRULE:/i.test(l.trim()))];
  if (series && changes.start && changes.end && changes.timeZone) Object.assign(out, shiftSeries(series, occurrence, { start: changes.start, end: changes.end, timeZone: changes.timeZone }));
  if (changes.attendees) out.attendees = mergeAttendees(target.attendees, changes.attendees);
  const hasMeet = Boolean(target.meetLink?.includes('meet.google.com'));
  if (changes.meet !== undefined && changes.meet === hasMeet) delete out.meet;
  return out;
}

/**
 * The series' rule ended the day before `from` (an occurrence's original start): an all-day
 * series until that date, a timed one until the end of that day in the series' zone, in UTC as
 * RFC 5545 requires. A series counted in occurrences (COUNT) is the caller's to refuse.
 */
export function endRuleBefore(lines: string[], from: EventTime, zone: string): string[] {
  const until = from.date !== undefined
    ? DateTime.fromISO(from.date).minus({ days: 1 }).toFormat('yyyyMMdd')
    : DateTime.fromISO(from.dateTime, { zone }).minus({ days: 1 }).endOf('day').toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  return lines.map((line) => {
    if (!/^RRULE:/i.test(line.trim())) return line;
    const parts = line.trim().slice('RRULE:'.length).split(';').filter((p) => !/^UNTIL=/i.test(p));
    return `RRULE:${[...parts, `UNTIL=${until}`].join(';')}`;
  });
}

/** The COUNT of a rule that ends after a number of occurrences, else null. */
export function countOf(lines: string[] | null): number | null {
  const rule = (lines ?? []).find((l) => /^RRULE:/i.test(l.trim()));
  const count = /[:;]COUNT=(\d+)/i.exec(rule ?? '')?.[1];
  return count ? Number(count) : null;
}

/** The rule with its COUNT set to `count` (a split or a cut gives each part its share of the occurrences). */
export function withCount(lines: string[], count: number): string[] {
  return lines.map((line) => (/^RRULE:/i.test(line.trim()) ? line.trim().replace(/([:;])COUNT=\d+/i, `$1COUNT=${count}`) : line));
}

/** How many of a series' occurrences (cancelled ones count: COUNT counts them too) were due before `from`. */
export function dueBefore(instances: CalendarEvent[], from: EventTime, zone: string): number {
  const bound = dueAt(from, zone).getTime();
  return instances.filter((e) => dueAt(e.originalStart ?? e.start, zone).getTime() < bound).length;
}

/**
 * "This and following": the new series' content, starting at the occurrence (where the user put
 * it), with the series' rule (or the user's new one) and the user's other changes.
 */
export function followingSeries(changes: Partial<EventInput>, occurrence: CalendarEvent, master: CalendarEvent, zone: string): EventChanges {
  const { start, end, timeZone, ...rest } = patchFor(changes, occurrence, master);
  void start; void end; void timeZone;
  return {
    start: changes.start ?? occurrence.start,
    end: changes.end ?? occurrence.end,
    timeZone: changes.timeZone ?? occurrence.timeZone ?? master.timeZone ?? zone,
    recurrence: master.recurrence,
    ...rest,
  };
}

/** When an occurrence was due: a timed one at its instant, an all-day one at the start of its date in the series' zone. */
export const dueAt = (time: EventTime, zone: string) => (time.date !== undefined ? DateTime.fromISO(time.date, { zone }).toJSDate() : new Date(time.dateTime));

/**
 * The exceptions (changed or cancelled occurrences) due at or after `from`, in the order they
 * were due. A split's new series does not have them: the user is told which.
 */
export function exceptionsFrom(exceptions: CalendarEvent[], from: EventTime, zone: string): CalendarEvent[] {
  const due = (e: CalendarEvent) => dueAt(e.originalStart ?? e.start, zone).getTime();
  const bound = dueAt(from, zone).getTime();
  return exceptions.filter((e) => due(e) >= bound).sort((a, b) => due(a) - due(b));
}
