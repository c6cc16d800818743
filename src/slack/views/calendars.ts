import type { KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import type { CalendarInfo } from '../../core/events/types.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { packLines } from './blocks.js';

const ROLE: Record<CalendarInfo['accessRole'], string> = {
  owner: 'owner',
  writer: 'can edit',
  reader: 'read only',
  freeBusyReader: 'free/busy only',
};

export function calendarsMessage(client: Client, calendars: CalendarInfo[]) {
  const lines = calendars.map(
    (c) => `${c.primary ? ':star: ' : '\u2022 '}*${esc(c.name)}* \u00b7 ${ROLE[c.accessRole]}${c.timeZone ? ` \u00b7 ${esc(c.timeZone)}` : ''}`,
  );
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${esc(client.name)}\u2019s calendars* (${calendars.length})${client.google.email ? ` \u00b7 ${esc(client.google.email)}` : ''}` },
      accessory: { type: 'button', action_id: ids.actions.calendarsRefresh, value: client.id, text: { type: 'plain_text', text: 'Refresh' } },
    },
  ];
  blocks.push(...packLines(lines));
  if (calendars.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_This account has no calendars._' } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ':star: primary calendar' }] });
  return { response_type: 'ephemeral' as const, replace_original: false, text: `${esc(client.name)}'s calendars`, blocks: blocks.slice(0, 50) };
}
