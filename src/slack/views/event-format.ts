import { DateTime } from 'luxon';
import type { CalendarEvent } from '../../core/events/types.js';
import { esc } from './mrkdwn.js';

/** "10:00–11:30" in the viewer's zone, plus the event's own zone when it differs. */
export function timeRange(event: CalendarEvent, zone: string): string {
  if (event.allDay || event.start.dateTime === undefined) return 'All day';
  const start = DateTime.fromISO(event.start.dateTime, { zone });
  const end = DateTime.fromISO(event.end.dateTime ?? event.start.dateTime, { zone });
  const sameDay = start.hasSame(end, 'day');
  let text = `${start.toFormat('HH:mm')}\u2013${sameDay ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL HH:mm')}`;
  if (event.timeZone && event.timeZone !== zone) {
    const own = DateTime.fromISO(event.start.dateTime, { zone: event.timeZone });
    if (own.isValid && own.offset !== start.offset) text += ` (${own.toFormat('HH:mm')} ${esc(event.timeZone)})`;
  }
  return text;
}

/** One event as mrkdwn: time, title, and hints (attendees, Meet, location, recurrence). */
export function eventLine(event: CalendarEvent, zone: string): string {
  const hints: string[] = [];
  if (event.attendees.length) hints.push(`:busts_in_silhouette: ${event.attendees.length}`);
  if (event.meetLink) hints.push(':video_camera: Meet');
  if (event.location) hints.push(`:round_pushpin: ${esc(event.location.slice(0, 80))}`);
  if (event.recurringEventId) hints.push(':repeat:');
  if (event.status === 'tentative') hints.push('_tentative_');
  const title = event.title ? esc(event.title.slice(0, 200)) : '_(no title)_';
  return `*${timeRange(event, zone)}*  ${title}${hints.length ? `\n${hints.join('  ')}` : ''}`;
}

/** Labels already written: every agenda of a week writes the same seven (luxon's formatting is slow). */
const dayLabels = new Map<string, string>();

/** "Wednesday 2 December" for "2026-12-02". */
export function dayLabel(date: string): string {
  let label = dayLabels.get(date);
  if (label === undefined) {
    label = DateTime.fromISO(date).toFormat('cccc d LLLL');
    if (dayLabels.size >= 1000) dayLabels.clear();
    dayLabels.set(date, label);
  }
  return label;
}

/** The viewer's day an event starts on. */
export function dayOf(event: CalendarEvent, zone: string): string {
  const { date, dateTime } = event.start;
  return date ?? DateTime.fromISO(dateTime, { zone }).toISODate() ?? dateTime.slice(0, 10);
}
