import type { HomeView, KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { clientSection } from './client-parts.js';
import { zoneLabel } from './time-zones.js';
import { importIds } from './imports.js';

export const HOME_PAGE_SIZE = 20;

export interface HomeData {
  clients: Client[];
  isAdmin: boolean;
  defaultClient: Client | null;
  timeZone: string | null;
  digest: { enabled: boolean; time: string | null };
  page: number;
  /** For the zone's current UTC offset. */
  now: Date;
}

const button = (text: string, actionId: string, value?: string, style?: 'primary') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  ...(value !== undefined ? { value } : {}),
  ...(style ? { style } : {}),
});

/** The Home tab. Pages of 20 clients keep it far below the 100-block limit whatever the count. */
export function homeView(data: HomeData): HomeView {
  const pages = Math.max(1, Math.ceil(data.clients.length / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(0, data.page), pages - 1);
  const shown = data.clients.slice(page * HOME_PAGE_SIZE, (page + 1) * HOME_PAGE_SIZE);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Calendar Stacker' } },
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        button('Add client', ids.actions.addClient, undefined, 'primary'),
        button('Agenda: today', `${ids.actions.homeAgenda}:today`, 'today'),
        button('Agenda: this week', `${ids.actions.homeAgenda}:week`, 'week'),
        button('Import events', importIds.actions.home),
        button('Refresh', ids.actions.homeRefresh, String(page)),
      ],
    },
    { type: 'divider' },
  ];

  if (data.clients.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          '*Welcome!* Calendar Stacker runs your clients\u2019 Google Calendars from Slack.\n\n' +
          '*1.* Add a client with the *Add client* button (or `/calstack client add`).\n' +
          '*2.* Connect the client\u2019s Google account so their calendar shows up here.\n' +
          '*3.* Type `/calstack help` to see everything you can do.',
      },
    });
  } else {
    const heading = data.isAdmin ? 'All clients' : 'Your clients';
    const range = pages > 1 ? ` \u2014 ${page * HOME_PAGE_SIZE + 1}\u2013${page * HOME_PAGE_SIZE + shown.length} of ${data.clients.length}` : ` (${data.clients.length})`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${heading}*${range}` } });
    blocks.push(...shown.map(clientSection));
    if (pages > 1) {
      const nav = [];
      if (page > 0) nav.push(button('\u2190 Previous', `${ids.actions.homePage}:prev`, String(page - 1)));
      if (page < pages - 1) nav.push(button('Next \u2192', `${ids.actions.homePage}:next`, String(page + 1)));
      blocks.push({ type: 'actions', block_id: 'home_pages', elements: nav });
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Page ${page + 1} of ${pages}` }] });
    }
  }

  blocks.push({ type: 'divider' });
  const defaultText = data.defaultClient
    ? `*${esc(data.defaultClient.name)}* \u2014 used when a command leaves the client out`
    : 'none \u2014 set one with `/calstack use <client>`';
  const digestText = data.digest.enabled && data.digest.time ? `every day at ${data.digest.time}` : 'off';
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text:
        `*Your settings*\nDefault client: ${defaultText}\nTime zone: ${data.timeZone ? esc(zoneLabel(data.timeZone, data.now)) : 'unknown (set it in your Slack profile)'}` +
        `\nDaily digest: ${digestText}`,
    },
    accessory: button('Daily digest', ids.actions.homeDigest),
  });
  return { type: 'home', blocks };
}
