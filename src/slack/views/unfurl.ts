import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { CalendarEvent } from '../../core/events/types.js';
import { escFit } from './mrkdwn.js';

/**
 * A Google Calendar link's preview, seen by everyone in the channel: only the title and the time
 * (in the poster's zone, named), never guests, description or the Meet link.
 */
export function eventUnfurl(event: CalendarEvent, zone: string): { blocks: KnownBlock[] } {
  return { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:calendar: *${escFit(event.title || '(no title)', 250)}*\n${when(event, zone)}` } }] };
}

function when(event: CalendarEvent, zone: string): string {
  if (event.start.date !== undefined) {
    const first = DateTime.fromISO(event.start.date);
    const last = DateTime.fromISO(event.end.date ?? event.start.date).minus({ days: 1 });
    const day = (d: DateTime) => d.toFormat('ccc d LLL yyyy');
    return last > first ? `${day(first)} \u2013 ${day(last)}, all day` : `${day(first)}, all day`;
  }
  const start = DateTime.fromISO(event.start.dateTime, { zone });
  const end = DateTime.fromISO(event.end.dateTime ?? event.start.dateTime, { zone });
  const endText = start.hasSame(end, 'day') ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL HH:mm');
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')}\u2013${endText} (${zone})`;
}
