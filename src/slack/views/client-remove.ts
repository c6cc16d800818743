import type { ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../ids.js';
import { esc } from '../mrkdwn.js';
import type { ClientModalMeta } from './client-modal.js';

export function clientRemoveModal(client: Client, meta: Omit<ClientModalMeta, 'clientId'>): ModalView {
  return {
    type: 'modal',
    callback_id: ids.views.clientRemove,
    private_metadata: JSON.stringify({ ...meta, clientId: client.id }),
    title: { type: 'plain_text', text: 'Remove client' },
    submit: { type: 'plain_text', text: 'Remove' },
    close: { type: 'plain_text', text: 'Keep' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            `Remove *${esc(client.name)}*?\n\nIts details, managers and stored Google credentials are deleted ` +
            'and it disappears from everyone\u2019s lists. An audit record of the removal is kept. This can\u2019t be undone.',
        },
      },
    ],
  };
}
