/**
 * Google Calendar's links to one event: `…/calendar/event?eid=…` (what invitations and "copy link"
 * give) and `…/calendar/r/eventedit/…` (the edit page, also under `/u/<n>/`). The eid is base64url of
 * "<event id> <calendar>", the calendar shortened: `@m` for @gmail.com, `@g` for
 * @group.calendar.google.com, any other address as it is.
 */
export interface CalendarEventLink {
  eventId: string;
  calendarId: string;
}

// The one domain the manifest asks Slack to send links of (`unfurl_domains`).
const HOST = 'calendar.google.com';
/** Google's event ids are base32hex and 5-1024 long; a recurring occurrence adds `_<instant>`. */
const EVENT_ID = /^[a-z0-9_]{5,1100}$/i;
const EID_MAX = 2048;
const SHORT_DOMAINS: Record<string, string> = { m: 'gmail.com', g: 'group.calendar.google.com' };

export function parseCalendarEventLink(raw: string): CalendarEventLink | null {
  if (raw.length > 4096) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== HOST) return null;
  const path = url.pathname.replace(/\/u\/\d+(?=\/)/, '');
  let eid: string | null = null;
  if (path === '/calendar/event') eid = url.searchParams.get('eid');
  else {
    const edit = /^\/calendar\/r\/eventedit\/([^/]+)\/?$/.exec(path);
    if (edit?.[1]) eid = edit[1];
  }
  return eid ? decodeEid(eid) : null;
}

export function decodeEid(eid: string): CalendarEventLink | null {
  if (eid.length > EID_MAX || !/^[A-Za-z0-9_\-+/]+=*$/.test(eid)) return null;
  const text = Buffer.from(eid.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const parts = text.split(' ');
  if (parts.length !== 2) return null;
  const [eventId, calendar] = parts as [string, string];
  if (!EVENT_ID.test(eventId)) return null;
  const at = calendar.lastIndexOf('@');
  if (at <= 0 || at === calendar.length - 1 || /[\s\p{Cc}]/u.test(calendar)) return null;
  const domain = calendar.slice(at + 1);
  return { eventId, calendarId: `${calendar.slice(0, at)}@${SHORT_DOMAINS[domain] ?? domain}` };
}

/** The eid Google would put in a link to this event (for tests and our own links). */
export function encodeEid(link: CalendarEventLink): string {
  const calendar = link.calendarId.replace(/@gmail\.com$/, '@m').replace(/@group\.calendar\.google\.com$/, '@g');
  return Buffer.from(`${link.eventId} ${calendar}`, 'utf8').toString('base64').replace(/=+$/, '');
}
