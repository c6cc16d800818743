import type { KnownBlock, Overflow } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { clientMenuValue, ids } from '../forms/ids.js';
import { esc, truncate } from './mrkdwn.js';

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/**
 * A client's menu; Slack's overflow holds five options at most. A healthy connection offers the
 * change feed where Reconnect would be (Disconnect, then Connect, changes the account); a
 * connection that needs attention offers Reconnect instead, and no feed until it works.
 */
export function clientMenu(client: Client): Overflow {
  const { state } = client.google;
  const connection =
    state === 'none'
      ? [option('Connect Google', clientMenuValue('connect', client.id))]
      : state === 'connected'
        ? [option('Change feed on/off', clientMenuValue('feed', client.id))]
        : [option('Reconnect Google', clientMenuValue('connect', client.id))];
  return {
    type: 'overflow',
    action_id: ids.actions.clientMenu,
    options: [
      option('Edit', clientMenuValue('edit', client.id)),
      ...connection,
      option('Google settings', clientMenuValue('google', client.id)),
      ...(state !== 'none' ? [option('Disconnect Google', clientMenuValue('disconnect', client.id))] : []),
      option('Remove', clientMenuValue('remove', client.id)),
    ],
  };
}

export const mentions = (users: string[]) => users.map((u) => `<@${u}>`).join(', ');

export function googleStatus(client: Client): string {
  switch (client.google.state) {
    case 'connected':
      return `Google: connected as ${esc(client.google.email ?? '')}`;
    case 'needs_reconnect':
      return ':warning: Google: needs reconnect';
    case 'none':
      return 'Google: not connected';
  }
}

/** One client as mrkdwn; every user-supplied part is escaped. */
export function clientSummary(client: Client): string {
  const details = [client.email ? esc(client.email) : '_no email_', esc(client.timeZone), googleStatus(client)].join(' \u00b7 ');
  const managers = client.managers.length ? `Managers: ${mentions(client.managers)}` : 'No managers';
  return truncate(`*${esc(client.name)}*  \`${client.slug}\`\n${details}\n${managers}`, 3000);
}

export function clientSection(client: Client): KnownBlock {
  return {
    type: 'section',
    block_id: `client:${client.id}`,
    text: { type: 'mrkdwn', text: clientSummary(client) },
    accessory: clientMenu(client),
  };
}
