import type { Button, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { CalendarEvent } from '../../core/events/types.js';
import type { LinkPreview } from '../../core/links/preview.js';
import { ids } from '../forms/ids.js';
import { esc, escFit } from './mrkdwn.js';
import { BUTTON_URL_MAX, BUTTON_VALUE_MAX } from './blocks.js';

/**
 * A Google Calendar link's preview, seen by everyone in the channel, as much as the client's
 * setting allows: `busy` that the time is taken, `basic` the title and time, `full` also the
 * client, how many guests and the video link. Never the description, the guests' names or
 * addresses. Times are Slack date tokens, so each reader sees their own zone; the fallback is in
 * the poster's zone, named.
 */
export function eventUnfurl(preview: LinkPreview, posterZone: string): { blocks: KnownBlock[] } {
  const { event, detail } = preview;
  const time = when(event, posterZone);
  if (detail === 'busy') return { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:calendar: *Busy*\n${time}` } }] };
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `:calendar: *${escFit(event.title || '(no title)', 250)}*\n${time}` } }];
  if (detail === 'full') {
    const guests = event.attendees.filter((a) => !a.resource).length;
    const facts = [esc(preview.client.name), guests === 1 ? '1 guest' : `${guests} guests`];
    if (event.meetLink) facts.push(':video_camera: video call');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: facts.join(' \u00b7 ') }] });
  }
  const buttons = actions(preview);
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { blocks };
}

function actions(preview: LinkPreview): Button[] {
  const { event } = preview;
  const out: Button[] = [];
  if (event.htmlLink && event.htmlLink.length <= BUTTON_URL_MAX) {
    out.push({ type: 'button', action_id: ids.actions.authorizeLink, url: event.htmlLink, text: { type: 'plain_text', text: 'Open' } });
  }
  // Whoever presses Edit must manage the client: the form checks, as everywhere else.
  const ref = JSON.stringify({ c: preview.client.id, k: preview.calendarId, e: event.id });
  if (ref.length <= BUTTON_VALUE_MAX) out.push({ type: 'button', action_id: ids.actions.eventEdit, value: ref, text: { type: 'plain_text', text: 'Edit' } });
  if (preview.detail === 'full' && event.meetLink && event.meetLink.length <= BUTTON_URL_MAX) {
    out.push({ type: 'button', action_id: ids.actions.joinLink, url: event.meetLink, text: { type: 'plain_text', text: 'Join' } });
  }
  return out;
}

/** Slack's date token: rendered in each reader's own zone, `fallback` where it cannot be. */
const slackDate = (at: DateTime, format: string, fallback: string) => `<!date^${Math.floor(at.toSeconds())}^${format}|${fallback}>`;

function when(event: CalendarEvent, zone: string): string {
  if (event.start.date !== undefined) {
    const first = DateTime.fromISO(event.start.date);
    const last = DateTime.fromISO(event.end.date ?? event.start.date).minus({ days: 1 });
    const day = (d: DateTime) => d.toFormat('ccc d LLL yyyy');
    return last > first ? `${day(first)} \u2013 ${day(last)}, all day` : `${day(first)}, all day`;
  }
  const start = DateTime.fromISO(event.start.dateTime, { zone });
  const end = DateTime.fromISO(event.end.dateTime ?? event.start.dateTime, { zone });
  const sameDay = start.hasSame(end, 'day');
  const endText = sameDay ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL HH:mm');
  return `${slackDate(start, '{date_short_pretty} {time}', `${start.toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`)}\u2013${slackDate(end, sameDay ? '{time}' : '{date_short_pretty} {time}', endText)}`;
}
