import type { KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { esc } from './mrkdwn.js';
import { packLines } from './blocks.js';
import { clientSection } from './client-parts.js';

/** A message holds 50 blocks; past this many clients the list becomes compact lines. */
const FULL_LIST_MAX = 45;

export function clientsMessage(clients: Client[], opts: { isAdmin: boolean; shared?: boolean }) {
  const heading = opts.isAdmin ? 'All clients of this workspace' : 'Clients you manage';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${heading}* (${clients.length})` } },
  ];
  if (clients.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: opts.isAdmin
          ? 'No clients yet. `/calstack client add` creates the first one.'
          : 'You don\u2019t manage any clients yet. `/calstack client add` creates one, or ask an admin to add you as a manager.',
      },
    });
  } else if (clients.length <= FULL_LIST_MAX) {
    blocks.push(...clients.map(clientSection));
  } else {
    const lines = clients.map((c) => `\u2022 *${esc(c.name)}* \`${c.slug}\` \u00b7 ${esc(c.timeZone)}`);
    blocks.push(...packLines(lines));
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Open the app\u2019s *Home* tab to edit or remove clients from this long list.' }],
    });
  }
  return {
    response_type: opts.shared ? ('in_channel' as const) : ('ephemeral' as const),
    replace_original: false,
    text: `${heading}: ${clients.length}`,
    blocks: blocks.slice(0, 50),
  };
}
