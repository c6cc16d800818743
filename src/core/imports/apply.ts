import type { ClientCalendar, EventChanges, EventInput, Notify } from '../calendars/ports.js';
import { isCoreError } from '../errors.js';
import type { Attendee, CalendarEvent, EventTime } from '../events/types.js';
import { instanceId } from './ids.js';
import type { DuplicatePolicy, ImportedEvent, ImportedOverride, ImportItem, ImportOutcome } from './types.js';

/**
 * Google's refusals of one item (its content, or an event gone under it): that item fails and the
 * import goes on. Every other failure (Google unavailable or unreachable after retries, the
 * connection revoked, no access to the calendar) would fail every item alike, so it is thrown for
 * the run to stop, and a retry of the run picks up where it stopped (the ids make that safe).
 */
const ITEM_REFUSALS = ['google_refused', 'google_event_gone', 'invalid_input'] as const;

/**
 * Writes one item of an import to Google. An event costs one call when new; an event already
 * there (an earlier import of the same file) is left alone under `skip`, and under `update`
 * patched with only what differs. A deleted one is brought back (Google keeps its id).
 * An override changes (or cancels) its series' occurrence, whatever the policy: the file says how
 * that occurrence is, and it is skipped when Google already has it so.
 */
export async function applyImportItem(
  calendar: ClientCalendar,
  calendarId: string,
  item: ImportItem,
  duplicates: DuplicatePolicy,
  notify: Notify = 'none',
): Promise<ImportOutcome> {
  try {
    return item.kind === 'event' ? await applyEvent(calendar, calendarId, item, duplicates, notify) : await applyOverride(calendar, calendarId, item, duplicates, notify);
  } catch (err) {
    if (isCoreError(err, ITEM_REFUSALS)) return { status: 'failed', reason: err.code === 'google_refused' ? `Google refused it: ${err.data.reason}` : err.message };
    throw err;
  }
}

async function applyEvent(calendar: ClientCalendar, calendarId: string, item: ImportedEvent, duplicates: DuplicatePolicy, notify: Notify): Promise<ImportOutcome> {
  if (await calendar.insertIfAbsent(calendarId, item.id, item.input, notify)) return { status: 'created' };
  const existing = await calendar.getEvent(calendarId, item.id);
  if (existing.status === 'cancelled') {
    await calendar.patchEvent(calendarId, item.id, { ...item.input, status: 'confirmed' }, notify);
    return { status: 'created' };
  }
  if (duplicates === 'skip') return { status: 'skipped', reason: 'already imported' };
  const changes = differences(existing, item.input);
  if (!changes) return { status: 'skipped', reason: 'unchanged' };
  await calendar.patchEvent(calendarId, item.id, changes, notify);
  return { status: 'updated' };
}

async function applyOverride(calendar: ClientCalendar, calendarId: string, item: ImportedOverride, duplicates: DuplicatePolicy, notify: Notify): Promise<ImportOutcome> {
  const id = instanceId(item.seriesId, item.originalStart);
  const instance = await calendar.findEvent(calendarId, id);
  if (!instance) return { status: 'failed', reason: `its series has no occurrence at ${timeText(item.originalStart)}` };
  if (item.changes === null) {
    if (instance.status === 'cancelled') return { status: 'skipped', reason: 'already cancelled' };
    await calendar.deleteEvent(calendarId, id, notify);
    return { status: 'updated' };
  }
  if (instance.status === 'cancelled') {
    // Cancelled at Google since an earlier import: only `update` brings it back.
    if (duplicates === 'skip') return { status: 'skipped', reason: 'cancelled in Google Calendar' };
    await calendar.patchEvent(calendarId, id, { ...item.changes, status: 'confirmed' }, notify);
    return { status: 'updated' };
  }
  const changes = differences(instance, item.changes);
  if (!changes) return { status: 'skipped', reason: 'unchanged' };
  await calendar.patchEvent(calendarId, id, changes, notify);
  return { status: 'updated' };
}

const timeText = (time: EventTime) => time.date ?? time.dateTime;

const sameTime = (a: EventTime, b: EventTime) =>
  a.date !== undefined || b.date !== undefined ? a.date === b.date : Date.parse(a.dateTime) === Date.parse(b.dateTime);

/** Google drops an empty description or location: empty and absent are the same. */
const text = (value: string | null | undefined) => value || null;

const emailOf = (guest: string | Attendee) => (typeof guest === 'string' ? guest : guest.email).toLowerCase();
const sortedEmails = (guests: readonly (string | Attendee)[]) => guests.map(emailOf).sort();

/**
 * What `wanted` would change on `current`, only the fields it sets; null when nothing. Times go
 * together with their zone, and guests kept keep their answers (Google replaces the whole list).
 */
export function differences(current: CalendarEvent, wanted: EventChanges | EventInput): EventChanges | null {
  const out: EventChanges = {};
  if (wanted.title !== undefined && wanted.title !== current.title) out.title = wanted.title;
  if (wanted.description !== undefined && text(wanted.description) !== text(current.description)) out.description = wanted.description;
  if (wanted.location !== undefined && text(wanted.location) !== text(current.location)) out.location = wanted.location;
  const timed = !(wanted.start ?? current.start).date;
  const moved =
    (wanted.start !== undefined && !sameTime(wanted.start, current.start)) ||
    (wanted.end !== undefined && !sameTime(wanted.end, current.end)) ||
    (timed && wanted.timeZone !== undefined && wanted.timeZone !== current.timeZone);
  if (moved) Object.assign(out, { start: wanted.start ?? current.start, end: wanted.end ?? current.end }, wanted.timeZone !== undefined ? { timeZone: wanted.timeZone } : {});
  if (wanted.attendees !== undefined && JSON.stringify(sortedEmails(wanted.attendees)) !== JSON.stringify(sortedEmails(current.attendees))) {
    const kept = new Map(current.attendees.map((a) => [a.email.toLowerCase(), a]));
    out.attendees = wanted.attendees.map((guest) => kept.get(emailOf(guest)) ?? guest);
  }
  if (wanted.recurrence !== undefined && JSON.stringify(wanted.recurrence ?? []) !== JSON.stringify(current.recurrence ?? [])) out.recurrence = wanted.recurrence;
  if (wanted.reminders !== undefined && JSON.stringify(wanted.reminders) !== JSON.stringify(current.reminders)) out.reminders = wanted.reminders;
  if (wanted.meet === true && !current.meetLink) out.meet = true;
  return Object.keys(out).length ? out : null;
}
