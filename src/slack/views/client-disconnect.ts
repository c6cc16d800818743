import type { ModalView } from '@slack/types';
import type { Client } from '../../core/clients/types.js';
import { ids } from '../forms/ids.js';
import { esc } from './mrkdwn.js';
import { confirmModal } from './confirm-modal.js';
import type { ModalMeta } from './meta.js';

export function disconnectModal(client: Client, meta: ModalMeta): ModalView {
  return confirmModal({
    callbackId: ids.views.clientDisconnect,
    title: 'Disconnect Google',
    submit: 'Disconnect',
    meta: { ...meta, clientId: client.id },
    text:
      `Disconnect *${esc(client.name)}* from Google${client.google.email ? ` (${esc(client.google.email)})` : ''}?\n\n` +
      'Calendar Stacker revokes its access at Google and deletes the stored tokens. You can connect again later.',
  });
}
