import { DateTime } from 'luxon';
import { z } from 'zod';
import type { EventInput, Reminder } from '../calendars/ports.js';
import { isValidTimeZone } from '../clients/validation.js';
import { parseDuration } from './duration.js';
import { isWeekday, recurrenceChoiceOf, toRecurrence, validateRrule, type RecurrenceChoice } from './recurrence.js';

export const TITLE_MAX = 250;
/** The form's description box holds this many characters (below Slack's 3,000 for a text input). */
export const DESCRIPTION_MAX = 2900;

/** What the event modal collects, as plain values (no Slack in here). */
export interface EventForm {
  title: string;
  description: string | null;
  location: string | null;
  startDate: string | null; // YYYY-MM-DD
  startTime: string | null; // HH:mm
  endDate: string | null;
  endTime: string | null;
  duration: string | null; // "45m", "1.5h"
  allDay: boolean;
  timeZone: string;
  attendees: string[]; // emails (already including mapped Slack users)
  recurrence: RecurrenceChoice['kind'];
  weeklyDays: string[];
  customRule: string | null;
  meet: boolean;
  reminder: string | null; // 'default' | 'none' | '<method>:<minutes>' | 'keep' (the event's own, left as they are)
}

/** The reminder choices the form offers; an event's reminders that are none of these show as 'keep'. */
export const REMINDER_CHOICES = ['default', 'none', 'popup:10', 'popup:30', 'popup:60', 'email:1440'] as const;
export const KEEP_REMINDERS = 'keep';

export type EventFormField = 'title' | 'start' | 'end' | 'duration' | 'timeZone' | 'attendees' | 'recurrence' | 'customRule';

export class EventFormError extends Error {
  constructor(readonly fields: Partial<Record<EventFormField, string>>) {
    super(Object.values(fields).join(' '));
    this.name = 'EventFormError';
  }
}

const email = z.string().trim().toLowerCase().email();

function reminders(value: string | null): Reminder[] | null {
  // 'keep' is only offered when editing, where an unchanged choice is never sent (see edit.ts).
  if (!value || value === 'default' || value === KEEP_REMINDERS) return null;
  if (value === 'none') return [];
  const [method, minutes] = value.split(':');
  return [{ method: method === 'email' ? 'email' : 'popup', minutes: Number(minutes) }];
}

/** The reminders as the form's single choice. */
export function reminderChoice(value: Reminder[] | null | undefined): string {
  if (!value) return 'default';
  if (!value.length) return 'none';
  const [only] = value;
  const one = value.length === 1 && only ? `${only.method}:${only.minutes}` : '';
  return (REMINDER_CHOICES as readonly string[]).includes(one) ? one : KEEP_REMINDERS;
}

function formParts(time: EventInput['start'] | undefined, zone: string, endExclusive: boolean): { date: string | null; time: string | null } {
  if (!time) return { date: null, time: null };
  if (time.date !== undefined) return { date: endExclusive ? DateTime.fromISO(time.date).minus({ days: 1 }).toISODate() : time.date, time: null };
  const dt = DateTime.fromISO(time.dateTime, { zone });
  return { date: dt.toISODate(), time: dt.isValid ? dt.toFormat('HH:mm') : null };
}

/** What the form shows for `prefill`: the modal's initial values, and what an untouched submission sends back. */
export function formOf(prefill: Partial<EventInput>, fallbackZone: string): EventForm {
  const zone = prefill.timeZone ?? fallbackZone;
  const allDay = Boolean(prefill.start?.date);
  const start = formParts(prefill.start, zone, false);
  const end = formParts(prefill.end, zone, allDay);
  const choice = recurrenceChoiceOf(prefill.recurrence ?? null);
  return {
    title: prefill.title ?? '',
    description: prefill.description ?? null,
    location: prefill.location ?? null,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    duration: null,
    allDay,
    timeZone: zone,
    attendees: prefill.attendees ?? [],
    recurrence: choice.kind,
    weeklyDays: choice.kind === 'weekly' ? choice.days : [],
    customRule: choice.kind === 'custom' ? choice.rule : null,
    meet: Boolean(prefill.meet),
    reminder: reminderChoice(prefill.reminders),
  };
}

/** Turns the modal's values into what Google gets, or field errors. */
export function parseEventForm(form: EventForm): EventInput {
  const errors: Partial<Record<EventFormField, string>> = {};
  const title = form.title.trim();
  if (!title) errors.title = 'Give the event a title.';
  else if (title.length > TITLE_MAX) errors.title = `Keep the title to ${TITLE_MAX} characters or fewer.`;
  if (!isValidTimeZone(form.timeZone)) errors.timeZone = 'Choose a time zone from the list.';
  const zone = isValidTimeZone(form.timeZone) ? form.timeZone : 'UTC';

  const badEmails = form.attendees.filter((a) => !email.safeParse(a).success);
  if (badEmails.length) errors.attendees = `These don\u2019t look like email addresses: ${badEmails.join(', ')}`;

  let recurrence: string[] | null = null;
  if (form.recurrence === 'custom') {
    const check = validateRrule(form.customRule ?? '');
    if (check.ok) recurrence = [check.rule];
    else errors.customRule = check.error;
  } else if (form.recurrence === 'weekly') {
    const days = form.weeklyDays.filter(isWeekday);
    recurrence = toRecurrence({ kind: 'weekly', days });
  } else if (form.recurrence !== 'none') {
    recurrence = toRecurrence({ kind: form.recurrence });
  }

  const { start, end } = readTimes(form, zone, errors);
  if (Object.keys(errors).length || !start || !end) throw new EventFormError(errors);
  return {
    title,
    description: form.description?.trim() || null,
    location: form.location?.trim() || null,
    start,
    end,
    timeZone: zone,
    attendees: [...new Set(form.attendees.map((a) => a.trim().toLowerCase()))],
    recurrence,
    meet: form.meet,
    reminders: reminders(form.reminder),
  };
}

/** The form's start and end (the all-day choice, an end time or a duration), or errors on those fields. */
function readTimes(form: EventForm, zone: string, errors: Partial<Record<EventFormField, string>>): { start?: EventInput['start']; end?: EventInput['end'] } {
  let start: EventInput['start'] | undefined;
  let end: EventInput['end'] | undefined;
  if (!form.startDate) errors.start = 'Pick a start date.';
  else if (form.allDay) {
    const last = form.endDate ?? form.startDate;
    if (last < form.startDate) errors.end = 'The end must not be before the start.';
    start = { date: form.startDate };
    // Google's all-day end date is exclusive.
    const after = DateTime.fromISO(last).plus({ days: 1 }).toISODate();
    if (after === null) errors.end = 'Pick a valid end date.';
    else end = { date: after };
  } else if (!form.startTime) {
    errors.start = 'Pick a start time, or tick "All day".';
  } else {
    const from = DateTime.fromISO(`${form.startDate}T${form.startTime}`, { zone });
    let to: DateTime | undefined;
    if (form.duration?.trim()) {
      const minutes = parseDuration(form.duration);
      if (minutes === null || minutes <= 0) errors.duration = 'Write a duration like 45m, 1h or 1.5 hours.';
      else to = from.plus({ minutes });
    } else if (form.endTime) {
      to = DateTime.fromISO(`${form.endDate ?? form.startDate}T${form.endTime}`, { zone });
    } else {
      errors.end = 'Pick an end time or enter a duration.';
    }
    if (to && to <= from) errors.end = 'The end must be after the start.';
    const [startIso, endIso] = [from.toISO(), to?.toISO()];
    if (startIso === null) errors.start = 'Pick a valid start date and time.';
    else if (endIso === null) errors.end = 'Pick a valid end date and time.';
    else if (endIso !== undefined) {
      start = { dateTime: startIso };
      end = { dateTime: endIso };
    }
  }
  return { start, end };
}

/**
 * The instants a timed form covers, as far as it is filled in (the title and the rest may still
 * be missing): what conflicts and free/busy are checked against. Null for an all-day event or a
 * time that cannot be read yet.
 */
export function formInterval(form: EventForm): { start: Date; end: Date } | null {
  if (form.allDay) return null;
  const errors: Partial<Record<EventFormField, string>> = {};
  const zone = isValidTimeZone(form.timeZone) ? form.timeZone : 'UTC';
  const { start, end } = readTimes(form, zone, errors);
  if (Object.keys(errors).length || !start?.dateTime || !end?.dateTime) return null;
  return { start: new Date(start.dateTime), end: new Date(end.dateTime) };
}

/** How long the form's event lasts: its duration, else its start to its end, else quick add's default. */
export function formMinutes(form: EventForm, fallback: number): number {
  const typed = form.duration?.trim() ? parseDuration(form.duration) : null;
  if (typed && typed > 0) return typed;
  const span = formInterval(form);
  return span ? Math.round((span.end.getTime() - span.start.getTime()) / 60_000) : fallback;
}
