import type { ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../ids.js';
import { esc } from '../mrkdwn.js';
import type { ModalMeta } from './meta.js';

export function disconnectModal(client: Client, meta: ModalMeta): ModalView {
  return {
    type: 'modal',
    callback_id: ids.views.clientDisconnect,
    private_metadata: JSON.stringify({ ...meta, clientId: client.id }),
    title: { type: 'plain_text', text: 'Disconnect Google' },
    submit: { type: 'plain_text', text: 'Disconnect' },
    close: { type: 'plain_text', text: 'Keep' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            `Disconnect *${esc(client.name)}* from Google${client.google.email ? ` (${esc(client.google.email)})` : ''}?\n\n` +
            'Calendar Stacker revokes its access at Google and deletes the stored tokens. You can connect again later.',
        },
      },
    ],
  };
}
