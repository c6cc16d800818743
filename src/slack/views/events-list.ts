import type { KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import type { CalendarEvent, CalendarInfo } from '../../core/events/types.js';
import { eventBlockId, ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { count } from '../../shared/plural.js';
import { dayLabel, dayOf, eventLine } from './event-format.js';

export interface EventsPage {
  client: Client;
  calendar: CalendarInfo;
  events: CalendarEvent[];
  label: string;
  zone: string;
  /** Set when Google has more: the value of the "Show more" button. */
  more: string | null;
}

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

function eventMenu(event: CalendarEvent) {
  return {
    type: 'overflow' as const,
    action_id: ids.actions.eventMenu,
    options: [
      option('Edit', `edit:${event.id}`),
      option('Delete', `delete:${event.id}`),
      ...(event.htmlLink ? [{ ...option('Open in Google Calendar', `open:${event.id}`), url: event.htmlLink }] : []),
    ],
  };
}

/** Events grouped by day in the viewer's zone; at most 40 per page keeps the message under 50 blocks. */
export function eventsMessage(page: EventsPage) {
  const { client, calendar, events, zone } = page;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${esc(client.name)}* \u00b7 ${esc(calendar.name)} \u00b7 ${esc(page.label)}\n_Times in ${esc(zone)}_` },
      accessory: { type: 'button', action_id: ids.actions.newEvent, value: `${client.id}|${calendar.id}`, text: { type: 'plain_text', text: 'New event' } },
    },
  ];
  let day = '';
  events.forEach((event, n) => {
    const d = dayOf(event, zone);
    if (d !== day) {
      day = d;
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${dayLabel(d)}*` }] });
    }
    blocks.push({
      type: 'section',
      block_id: eventBlockId(n, client.id, calendar.id),
      text: { type: 'mrkdwn', text: eventLine(event, zone) },
      accessory: eventMenu(event),
    });
  });
  if (events.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No events in this range._' } });
  if (page.more) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: ids.actions.eventsMore, value: page.more, text: { type: 'plain_text', text: 'Show more' } }] });
  }
  return {
    response_type: 'ephemeral' as const,
    replace_original: false,
    text: `${esc(client.name)}: ${count(events.length, 'event')} ${esc(page.label)}`,
    blocks: blocks.slice(0, 50),
  };
}
