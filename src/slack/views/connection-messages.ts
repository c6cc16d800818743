import type { KnownBlock } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../forms/ids.js';
import { count } from '../../shared/plural.js';
import { esc } from './mrkdwn.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function authorizeLinkMessage(client: Client, url: string, expiresAt: Date, now: Date) {
  const hours = Math.round((expiresAt.getTime() - now.getTime()) / 3_600_000);
  const name = esc(client.name);
  return {
    text: `Authorize Google Calendar for ${name}`,
    blocks: [
      section(`*Connect ${name}\u2019s Google Calendar*`),
      section(
        `Open the link below and sign in with *${name}*\u2019s Google account, then choose *Allow*. ` +
          `If ${name} should do it themselves, forward them this message:\n\n` +
          `> Calendar Stacker helps us manage your calendar. Please open the link, sign in with your Google account and allow access. ` +
          'You can revoke it any time at myaccount.google.com/permissions.',
      ),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'authorize_link', style: 'primary', text: { type: 'plain_text', text: 'Authorize Google Calendar' }, url }],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `The link works for ${count(hours, 'hour')}, until one authorization completes.` }] },
    ] as KnownBlock[],
  };
}

export const connectedMessage = (clientName: string, email: string) => {
  const text = `:white_check_mark: *${esc(clientName)}* is connected as ${esc(email)}.`;
  return { text, blocks: [section(text)] };
};

export const connectFailedMessage = (clientName: string, problem: string) => {
  const text = `:warning: Connecting *${esc(clientName)}*\u2019s Google Calendar did not work: ${esc(problem)}`;
  return { text, blocks: [section(text)] };
};

export function needsReconnectMessage(clientId: string, clientName: string) {
  const text =
    `:warning: Google no longer accepts *${esc(clientName)}*\u2019s connection (access was revoked, expired, or the password changed). ` +
    'Calendar Stacker can\u2019t read or change this calendar until it is reconnected.';
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: ids.actions.connectClient, style: 'primary', value: clientId, text: { type: 'plain_text', text: 'Reconnect' } }],
      },
    ] as KnownBlock[],
  };
}
