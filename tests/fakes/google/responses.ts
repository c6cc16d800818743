/**
 * A guest's copy of an event someone else organizes: what the guest may change in its attendee
 * list (its own answer), what Google shows it (`self`), and whom an answer is told to.
 */
import { ApiError, invalid } from './replies.js';
import type { CalendarEvent, ResponseNotification } from './types.js';

type Attendee = NonNullable<CalendarEvent['attendees']>[number];

const RESPONSE_STATUSES = new Set(['needsAction', 'declined', 'tentative', 'accepted']);
/** What an attendee's own entry may change on a guest's copy: its answer, note and plus-ones. */
const OWN_FIELDS = new Set(['responseStatus', 'comment', 'additionalGuests']);
/** Google sets these itself for each reader; what a client sends for them is ignored. */
const READ_ONLY = new Set(['self', 'organizer', 'id']);

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** Whether `calendarId` holds the organizer's copy (events made in it, or seeded without an organizer). */
export const isOrganizerCopy = (calendarId: string, event: CalendarEvent): boolean => !event.organizer?.email || same(event.organizer.email, calendarId);

/** The event as its calendar's owner reads it: `self` marks the owner's own attendee and organizer. */
export function seenFrom(calendarId: string, event: CalendarEvent): CalendarEvent {
  const copy = structuredClone(event);
  if (copy.attendees) {
    copy.attendees = copy.attendees.map(({ self: _ignored, ...attendee }) => (same(attendee.email, calendarId) ? { ...attendee, self: true } : attendee));
  }
  if (copy.organizer) {
    const { self: _ignored, ...organizer } = copy.organizer;
    copy.organizer = same(organizer.email, calendarId) ? { ...organizer, self: true } : organizer;
  }
  return copy;
}

export function checkResponseStatuses(event: CalendarEvent): void {
  for (const attendee of event.attendees ?? []) {
    if (attendee.responseStatus != null && !RESPONSE_STATUSES.has(attendee.responseStatus)) throw invalid('Invalid attendee responseStatus.');
  }
}

const NOTHING: ReadonlySet<string> = new Set();

/** An attendee's fields that a write can change, in a stable order; an unset answer is `needsAction`, as Google stores it. */
const comparable = (attendee: Attendee, skip: ReadonlySet<string>) =>
  JSON.stringify(
    Object.entries({ ...attendee, responseStatus: attendee.responseStatus ?? 'needsAction' })
      .filter(([key, value]) => !READ_ONLY.has(key) && !skip.has(key) && value !== undefined && value !== null && key !== 'email')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const forbidden = () => new ApiError(403, 'forbiddenForNonOrganizer', 'The operation can only be performed by the event organizer.');

/**
 * On a guest's copy the attendee list is the organizer's: the guest may answer for itself, and
 * nothing else. Google documents `forbiddenForNonOrganizer` for shared properties; what it does
 * with a guest's edits to other guests is not documented, so the fake refuses them rather than guess.
 */
export function checkGuestAttendees(calendarId: string, current: CalendarEvent, next: Attendee[]): void {
  const before = current.attendees ?? [];
  if (before.length !== next.length) throw forbidden();
  for (const attendee of next) {
    if (!attendee.email) throw new ApiError(400, 'required', 'Missing attendee email.');
    const was = before.find((a) => same(a.email, attendee.email));
    if (!was) throw forbidden();
    const skip = same(attendee.email, calendarId) ? OWN_FIELDS : NOTHING;
    if (comparable(attendee, skip) !== comparable(was, skip)) throw forbidden();
  }
}

/** The answer a write on a guest's copy gives, if it changed the guest's own status or note; `to` by `sendUpdates`. */
export function responseNotification(
  calendarId: string,
  before: CalendarEvent,
  after: CalendarEvent,
  sendUpdates: ResponseNotification['sendUpdates'],
  isGoogleUser: (email: string) => boolean,
): ResponseNotification | undefined {
  const own = (event: CalendarEvent) => event.attendees?.find((a) => same(a.email, calendarId));
  const was = own(before);
  const now = own(after);
  if (!now || (was?.responseStatus === now.responseStatus && (was?.comment ?? null) === (now.comment ?? null))) return undefined;
  const organizer = after.organizer?.email ?? '';
  const told = sendUpdates === 'all' || (sendUpdates === 'externalOnly' && !isGoogleUser(organizer));
  return {
    calendarId,
    eventId: after.id ?? '',
    from: now.email ?? calendarId,
    to: told && organizer ? [organizer] : [],
    responseStatus: now.responseStatus ?? 'needsAction',
    comment: now.comment ?? null,
    sendUpdates,
  };
}
