import { DateTime } from 'luxon';
import type { KnownBlock } from '@slack/types';
import type { EventSnapshot, FeedChange, FeedConflict, FeedNotice } from '../../core/feed/types.js';
import { section } from './blocks.js';
import { answerButtons } from './invitation.js';
import { esc, escFit } from './mrkdwn.js';

export interface NoticeContext {
  clientId: string;
  clientName: string;
  /** The watched calendar the notices are about (an invitation's buttons answer there). */
  calendarId: string;
  calendarName: string;
  /** The reader's zone: the manager's own for a DM, the client's for a channel. */
  zone: string;
}

const TITLE_MAX = 200;
const title = (s: EventSnapshot) => (s.title ? `*${escFit(s.title, TITLE_MAX)}*` : '_(no title)_');

/** "Wed 2 Dec 15:00–16:00", with the event's own zone when it differs from the reader's; all-day as dates. */
export function when(s: EventSnapshot, zone: string): string {
  if (s.allDay || s.start.dateTime === undefined) {
    const first = DateTime.fromISO(s.start.date ?? '');
    const last = DateTime.fromISO(s.end.date ?? '').minus({ days: 1 });
    return last > first ? `${first.toFormat('ccc d LLL')}\u2013${last.toFormat('ccc d LLL')} (all day)` : `${first.toFormat('ccc d LLL')} (all day)`;
  }
  const start = DateTime.fromISO(s.start.dateTime, { zone });
  const end = DateTime.fromISO(s.end.dateTime ?? s.start.dateTime, { zone });
  let text = `${start.toFormat('ccc d LLL HH:mm')}\u2013${end.toFormat(start.hasSame(end, 'day') ? 'HH:mm' : 'ccc d LLL HH:mm')}`;
  if (s.timeZone && s.timeZone !== zone) {
    const own = DateTime.fromISO(s.start.dateTime, { zone: s.timeZone });
    const ownEnd = DateTime.fromISO(s.end.dateTime ?? s.start.dateTime, { zone: s.timeZone });
    if (own.isValid && own.offset !== start.offset) text += ` (${own.toFormat('HH:mm')}\u2013${ownEnd.toFormat('HH:mm')} ${esc(s.timeZone)})`;
  }
  return text;
}

const RESPONSES = { accepted: 'accepted', declined: 'declined', tentative: 'said maybe to', needsAction: 'has not answered' } as const;

/** One change as a line, without the client's name. */
export function changeLine(change: FeedChange, zone: string): string {
  switch (change.kind) {
    case 'created':
      return `New event ${title(change.after)} \u2014 ${when(change.after, zone)}`;
    case 'invitation':
      return `New invitation awaiting an answer: ${title(change.after)} \u2014 ${when(change.after, zone)}`;
    case 'moved':
      return `${title(change.after)} moved: ${when(change.before, zone)} \u2192 ${when(change.after, zone)}`;
    case 'renamed':
      return `${title(change.before)} renamed to ${title(change.after)} \u2014 ${when(change.after, zone)}`;
    case 'relocated':
      return `${title(change.after)} changed place: ${escFit(change.before.location ?? 'no place', TITLE_MAX)} \u2192 ${escFit(change.after.location ?? 'no place', TITLE_MAX)}`;
    case 'cancelled':
      return `Cancelled: ${title(change.before)} \u2014 ${when(change.before, zone)}`;
    case 'responded':
      return `${esc(change.guest)} ${RESPONSES[change.response]} ${title(change.after)} \u2014 ${when(change.after, zone)}`;
  }
}

function conflictLine(c: FeedConflict, zone: string): string {
  const at = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');
  return `:warning: conflicts with ${esc(c.clientName)}: ${escFit(c.title, TITLE_MAX)} ${at(c.start)}\u2013${at(c.end)}`;
}

function shiftText(minutes: number): string {
  const size = Math.abs(minutes);
  const amount = size % 1440 === 0 ? `${size / 1440} day${size === 1440 ? '' : 's'}` : size % 60 === 0 ? `${size / 60} h` : size > 60 ? `${Math.floor(size / 60)} h ${size % 60} min` : `${size} min`;
  return `${amount} ${minutes > 0 ? 'later' : 'earlier'}`;
}

/** A notice as a message: `text` for notifications and screen readers, blocks for the rest. */
export function feedNoticeMessage(notice: FeedNotice, ctx: NoticeContext): { text: string; blocks: KnownBlock[] } {
  const who = `*${escFit(ctx.clientName, 80)}*`;
  let lines: string[];
  if (notice.kind === 'change') lines = [`${who}: ${changeLine(notice.change, ctx.zone)}`, ...notice.conflicts.map((c) => conflictLine(c, ctx.zone))];
  else if (notice.kind === 'series-moved') lines = [`${who}: ${notice.count} events of *${escFit(notice.title, TITLE_MAX)}* moved ${shiftText(notice.shiftMinutes)}`];
  else {
    lines = [`${who}: ${notice.count} changes on the *${escFit(ctx.calendarName, 100)}* calendar`, ...notice.first.map((c) => `\u2022 ${changeLine(c, ctx.zone)}`)];
    if (notice.count > notice.first.length) lines.push(`_and ${notice.count - notice.first.length} more_`);
  }
  const text = lines.join('\n');
  const blocks: KnownBlock[] = [section(text)];
  // A new invitation is answered from the notice itself, as from `/calstack invites`.
  if (notice.kind === 'change' && notice.change.kind === 'invitation') {
    blocks.push(answerButtons({ c: ctx.clientId, k: ctx.calendarId, e: notice.change.eventId }, 'rsvp') ?? { type: 'context', elements: [{ type: 'mrkdwn', text: 'Answer this one in Google Calendar.' }] });
  }
  return { text, blocks };
}
